"""Evidence files (bukti dukung) a unit attaches beside its rows: checked, stored by content hash, listed.

A file is attached to one of the unit's own indicator codes for a year (the
codes of its template, from the road map), checked against ``[evidence]`` in
``collection.toml`` (``assets/source_files/evidence.py``: size, allowed type,
and a content that really is of that type), and stored once per content at
``<evidence dir>/<year>/<unit>/<sha256>.<ext>``. The portal's database
records which row it backs, who attached it and when. A file is served only to
its own unit, the analysts and the Tim PMPRB, and always as an attachment.

The pipeline learns of the files from the year's manifest
(``assets/source_files/evidence_manifest.py``), which :func:`attach` rewrites after
every attachment and :func:`write_manifests` for every year when the portal starts.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import duckdb

from assets.files import write_bytes_atomically
from assets.roadmap.catalogue import load_indicators, load_units
from assets.roadmap.targets import expand_targets
from assets.source_files.evidence import EvidenceLimits
from assets.source_files.evidence_manifest import MANIFEST, evidence_url, stored_path
from assets.submissions.queries import unit_targets
from pipelines.portal.accounts import ANALYST, PMPRB, UNIT, Account
from pipelines.portal.store import Store, from_text, now, to_text

NOT_ALLOWED_TYPE = "Jenis file tidak diizinkan untuk bukti dukung; yang diizinkan: {types}."
WRONG_CONTENT = "Isi file tidak sesuai dengan jenisnya (.{extension}); file yang diganti namanya ditolak."
TOO_LARGE = "Ukuran file bukti melebihi batas {limit} MB."
EMPTY = "File kosong (0 byte)."
NOT_YOUR_ROW = "Kode {code} bukan indikator unit Anda pada tahun {year}."
TOO_MANY = "Baris {code} sudah memiliki {count} file bukti (batas {limit})."
# One manifest write at a time: each reads the rows after every earlier insert, so the last write is complete.
_MANIFEST_LOCK = threading.Lock()


@dataclass(frozen=True)
class Attachment:
    id: int
    year: str
    unit_code: str
    code: str
    sha256: str
    extension: str
    original_name: str
    size_bytes: int
    username: str
    attached_at: object  # datetime, aware UTC

    @property
    def url(self) -> str:
        return evidence_url(self.id)

    def path(self, evidence_dir: Path) -> Path:
        return stored_path(evidence_dir, self.year, self.unit_code, self.sha256, self.extension)


@lru_cache(maxsize=256)
def unit_codes(sources_dir: Path, year: str, unit: str) -> tuple[str, ...]:
    """The indicator codes of the unit's template for ``year``, in the template's order."""
    indicators = load_indicators(Path(sources_dir) / "roadmap")
    targets = expand_targets(indicators, load_units(sources_dir))
    with duckdb.connect() as conn:
        conn.register("roadmap_targets", targets)
        conn.register("roadmap_indicators", indicators)
        frame = unit_targets(conn, int(year))
    own = frame[frame["unit_code"] == unit].sort_values("csv_line")
    return tuple(dict.fromkeys(own["code"]))


def refusal(
    path: Path, filename: str, size: int, code: str, account: Account, year: str, limits: EvidenceLimits, store: Store, sources_dir: Path
) -> str | None:  # fmt: skip
    """Why the file at ``path`` cannot be attached to row ``code``; None when it can."""
    if account.role != UNIT or code not in unit_codes(Path(sources_dir), year, account.unit_code or ""):
        return NOT_YOUR_ROW.format(code=code or "(kosong)", year=year)
    if size == 0:
        return EMPTY
    if size > limits.max_bytes:
        return TOO_LARGE.format(limit=f"{limits.max_mb:g}".replace(".", ","))
    kind = limits.type_of(filename)
    if kind is None:
        return NOT_ALLOWED_TYPE.format(types=", ".join(limits.types))
    if not kind.holds(path):
        return WRONG_CONTENT.format(extension=kind.extension)
    count = len(listed(store, year, account.unit_code).get(code, []))
    if count >= limits.max_per_row:
        return TOO_MANY.format(code=code, count=count, limit=limits.max_per_row)
    return None


def attach(
    store: Store, evidence_dir: Path, data: bytes, filename: str, code: str, account: Account, year: str
) -> Attachment:
    """Store ``data`` by its content hash under the year and unit, and record the row it backs."""
    sha256 = hashlib.sha256(data).hexdigest()
    extension = Path(filename).suffix.lower().lstrip(".")
    unit = account.unit_code or ""
    write_bytes_atomically(stored_path(evidence_dir, year, unit, sha256, extension), data)
    with store.connect() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO evidence (year, unit_code, code, sha256, extension, original_name, size_bytes,"
            " username, attached_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (year, unit, code, sha256, extension, filename, len(data), account.username, to_text(now())),
        )
        row = conn.execute(
            "SELECT * FROM evidence WHERE year = ? AND unit_code = ? AND code = ? AND sha256 = ?",
            (year, unit, code, sha256),
        ).fetchone()
    write_manifest(store, evidence_dir, year)
    return _attachment(row)


def write_manifest(store: Store, evidence_dir: Path, year: str) -> bool:
    """Rewrite the year's manifest from the database (nothing for a year that never had one and has no
    attachment); True when its bytes changed."""
    with _MANIFEST_LOCK:
        attachments = [asdict(a) for found in listed(store, year).values() for a in found]
        path = MANIFEST.path(evidence_dir, year)
        if not attachments and not path.exists():
            return False
        return write_bytes_atomically(path, MANIFEST.to_bytes(attachments))


def write_manifests(store: Store, evidence_dir: Path, years: Iterable[str]) -> None:
    """The manifest of each of ``years`` and of every year with an attachment, as the database holds them now."""
    with store.connect() as conn:
        stored = {row["year"] for row in conn.execute("SELECT DISTINCT year FROM evidence").fetchall()}
    for year in sorted(set(years) | stored):
        write_manifest(store, evidence_dir, year)


def listed(store: Store, year: str, unit: str | None = None) -> dict[str, list[Attachment]]:
    """code -> its attachments for ``year`` (one unit's, or every unit's), oldest first."""
    query, params = "SELECT * FROM evidence WHERE year = ?", [year]
    if unit is not None:
        query, params = query + " AND unit_code = ?", [year, unit]
    with store.connect() as conn:
        rows = conn.execute(query + " ORDER BY unit_code, code, id", params).fetchall()
    found: dict[str, list[Attachment]] = {}
    for row in rows:
        found.setdefault(row["code"], []).append(_attachment(row))
    return found


def find(store: Store, attachment_id: str) -> Attachment | None:
    if not attachment_id.isdigit() or len(attachment_id) > 12:
        return None
    with store.connect() as conn:
        row = conn.execute("SELECT * FROM evidence WHERE id = ?", (int(attachment_id),)).fetchone()
    return _attachment(row) if row else None


def may_read(account: Account, attachment: Attachment) -> bool:
    """Its own unit, the analysts and the Tim PMPRB; never another unit."""
    if account.role in (ANALYST, PMPRB):
        return True
    return account.role == UNIT and account.unit_code == attachment.unit_code


def _attachment(row) -> Attachment:
    return Attachment(
        row["id"],
        row["year"],
        row["unit_code"],
        row["code"],
        row["sha256"],
        row["extension"],
        row["original_name"],
        row["size_bytes"],
        row["username"],
        from_text(row["attached_at"]),
    )
