"""A workbook sent from the browser: checked, then stored atomically in the inbox, with its receipt time.

A unit's Realisasi goes to ``<inbox root>/submissions/<year>/<unit>/``, the Tim
PMPRB's answered worksheet to ``<inbox root>/pmprb/<year>/pmprb/``, named by
the receipt time and the content's sha256 (never by the name the browser
sent, which is kept only in the portal's record). The inbox sensor then runs
the year as for any file that arrives there.

Before anything is stored, the file passes the pipeline's own file checks
(``assets/forms/probe.py``: size, a real xlsx, the form, its sheet and
headers, no zip bomb), must name the account's own unit and the year it is
sent for, and must be named ``.xlsx``. A refused file is not stored; the
person sending it reads the reason at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from assets.files import write_bytes_atomically
from assets.forms.layouts import PMPRB_INBOX, REALISASI, SUBMISSIONS_INBOX
from assets.forms.probe import MB, FormSpec, Limits, probe
from assets.pmprb.answers import SPEC as PMPRB_SPEC
from pipelines.portal.accounts import PMPRB, UNIT, Account
from pipelines.portal.store import Store, now, to_text

SUFFIX = ".xlsx"
FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the form's other fields around the file

NOT_XLSX_NAME = "Nama file harus berakhiran .xlsx (workbook Excel). Simpan template sebagai 'Excel Workbook (.xlsx)'."
NO_FILE = "Tidak ada file yang dipilih."
OTHER_UNIT = (
    "File ini adalah laporan {found} (lembar Identitas), bukan unit Anda ({own}). "
    "Setiap unit hanya dapat mengirim laporannya sendiri; unduh template unit Anda di portal ini."
)
OTHER_YEAR = "File ini adalah laporan tahun {found} (lembar Identitas), bukan tahun {year}."
TOO_LARGE = "Ukuran kiriman melebihi batas {limit} MB; file tidak dibaca."


@dataclass(frozen=True)
class Inbox:
    """Where one role's workbooks go, and the checks they pass."""

    name: str  # the inbox folder under the inbox root
    spec: FormSpec
    label: str  # what the page calls the form


SUBMISSIONS = Inbox(SUBMISSIONS_INBOX, REALISASI.spec, "Realisasi Rencana Aksi")
PMPRB_ANSWERS = Inbox(PMPRB_INBOX, PMPRB_SPEC, "Kertas kerja PMPRB (LKE)")


def inbox_for(account: Account) -> Inbox | None:
    """The inbox an account sends to; None for an analyst (who sends nothing through the portal)."""
    return {UNIT: SUBMISSIONS, PMPRB: PMPRB_ANSWERS}.get(account.role)


def body_limit(limits: Limits) -> int:
    """The largest request body an upload may have: the file limit plus the form around it."""
    return int(limits.max_file_mb * MB) + FORM_OVERHEAD


@dataclass(frozen=True)
class Stored:
    relative: str  # under the inbox root, with '/', as the pipeline's inventory names it
    sha256: str
    size_bytes: int
    received_at: dt.datetime


def refusal(path: Path, filename: str, account: Account, year: str, inbox: Inbox, limits: Limits) -> str | None:
    """Why the file at ``path`` (sent as ``filename``) is refused, or None when it may be stored."""
    if not filename.lower().endswith(SUFFIX):
        return NOT_XLSX_NAME
    found = probe(path, inbox.spec, limits)
    if not found.ok:
        return found.reason
    identity = found.identity
    if identity is not None and identity.year and str(identity.year).strip() != year:
        return OTHER_YEAR.format(found=identity.year, year=year)
    if account.role == UNIT:
        code = (identity.unit_code if identity else "").strip().upper()
        if code != (account.unit_code or "").upper():
            return OTHER_UNIT.format(
                found=code or (identity.unit if identity else "") or "unit lain", own=account.unit_code
            )
    return None


def store(
    store: Store,
    data: bytes,
    *,
    inbox_root: Path,
    inbox: Inbox,
    year: str,
    account: Account,
    original_name: str,
) -> Stored:
    """Write ``data`` into the account's inbox folder for ``year`` and record its receipt."""
    received = now()
    sha256 = hashlib.sha256(data).hexdigest()
    owner = account.unit_code if account.role == UNIT else account.role
    relative = f"{inbox.name}/{year}/{owner}/{received:%Y%m%dT%H%M%S%fZ}_{sha256[:12]}{SUFFIX}"
    path = Path(inbox_root) / relative
    write_bytes_atomically(path, data)
    stored = Stored(relative, sha256, len(data), received)
    record_receipt(store, path, stored, account, original_name, year, inbox)
    return stored


def record_receipt(
    store: Store, path: Path, stored: Stored, account: Account, original_name: str, year: str, inbox: Inbox
) -> None:
    """The one place a web upload's receipt time is recorded, for the pipeline and for the portal.

    The pipeline takes a file's sending time from its modification time, so the
    stored file is given exactly the receipt time; the portal keeps its own
    record for the unit's status page.
    """
    stamp = stored.received_at.timestamp()
    os.utime(path, (stamp, stamp))
    with store.connect() as conn:
        conn.execute(
            "INSERT INTO uploads (username, unit_code, inbox, year, relative, original_name, sha256, size_bytes,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                account.username,
                account.unit_code,
                inbox.name,
                year,
                stored.relative,
                original_name,
                stored.sha256,
                stored.size_bytes,
                to_text(stored.received_at),
            ),
        )
