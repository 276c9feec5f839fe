"""The audit log: who logged in, uploaded, attached or downloaded what, when, and whether it was allowed.

Stored in the portal database in UTC; shown and exported on the road map's
clock (``assets/local_time.py``). The CSV export prefixes a text that Excel
would run as a formula with a quote, as the pipeline's own CSV tables do.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from assets.local_time import LocalTime
from assets.monitoring.exports import FORMULA_STARTS
from pipelines.portal.accounts import ROLES, Account
from pipelines.portal.store import Store, from_text, now, to_text

LOGIN = "masuk"
LOGOUT = "keluar"
UPLOAD = "unggah"
ATTACH = "lampirkan"
DOWNLOAD = "unduh"
ALLOWED = "diizinkan"
REFUSED = "ditolak"
HEADERS = ["Waktu ({zone})", "Akun", "Peran", "Unit", "Kegiatan", "Sasaran", "Hasil", "Keterangan", "Alamat klien"]
SHOWN = 500  # newest entries on the analysts' page; the CSV holds every entry


@dataclass(frozen=True)
class Event:
    at: str  # on the road map's clock, "25-11-2024 15:28 WITA"
    username: str
    role: str
    unit_code: str
    action: str
    target: str
    outcome: str
    detail: str
    client: str

    def cells(self) -> list[str]:
        return [
            self.at,
            self.username,
            self.role,
            self.unit_code,
            self.action,
            self.target,
            self.outcome,
            self.detail,
            self.client,
        ]


def record(
    store: Store,
    action: str,
    target: str,
    *,
    account: Account | None = None,
    username: str = "",
    outcome: str = ALLOWED,
    detail: str = "",
    client: str = "",
) -> None:
    """One entry; ``username`` names whoever tried when no account is logged in (a failed login)."""
    with store.connect() as conn:
        conn.execute(
            "INSERT INTO audit (at, username, role, unit_code, action, target, outcome, detail, client)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                to_text(now()),
                account.username if account else username,
                account.role if account else "",
                (account.unit_code or "") if account else "",
                action,
                target,
                outcome,
                detail,
                client,
            ),
        )


def events(store: Store, clock: LocalTime, limit: int | None = None) -> list[Event]:
    """Entries newest first, times on ``clock``."""
    query = "SELECT * FROM audit ORDER BY id DESC" + (" LIMIT ?" if limit else "")
    with store.connect() as conn:
        rows = conn.execute(query, (limit,) if limit else ()).fetchall()
    return [
        Event(
            clock.stamp(from_text(r["at"])),
            r["username"],
            ROLES.get(r["role"], r["role"]),
            r["unit_code"] or "",
            r["action"],
            r["target"],
            r["outcome"],
            r["detail"],
            r["client"],
        )
        for r in rows
    ]


def headers(clock: LocalTime) -> list[str]:
    return [clock.labelled(h) for h in HEADERS]


def to_csv(store: Store, clock: LocalTime) -> str:
    """Every entry, newest first, as CSV text safe to open in Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers(clock))
    for event in events(store, clock):
        writer.writerow([_inert(c) for c in event.cells()])
    return out.getvalue()


def _inert(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text
