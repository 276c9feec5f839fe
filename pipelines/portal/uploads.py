"""A workbook sent from the browser: checked, then stored atomically in the inbox, with its receipt time.

A unit's Realisasi goes to ``<inbox root>/submissions/<year>/<unit>/``, the
coordinating unit's Indikator Hasil form to ``<inbox root>/indikator_hasil/<year>/<unit>/``,
the Tim PMPRB's answered worksheet to ``<inbox root>/pmprb/<year>/pmprb/``, named by
the receipt time and the content's sha256 (never by the name the browser
sent, which is kept only in the portal's record). Its receipt time goes to
the warehouse's record of when each content arrived (``assets/forms/receipts.py``),
which is the unit's sending time; the inbox sensor then runs the year as for
any file that arrives there.

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
from assets.forms.layouts import INDIKATOR_HASIL, PMPRB_INBOX, REALISASI, SUBMISSIONS_INBOX
from assets.forms.probe import MB, FormSpec, Limits, probe
from assets.forms.receipts import record_receipt
from assets.pmprb.worksheet import LAYOUTS as PMPRB_LAYOUTS
from assets.resources import Warehouse, WarehouseBusyError
from pipelines.portal.accounts import PMPRB, UNIT, Account
from pipelines.portal.store import Store, from_text, now, to_text

SUFFIX = ".xlsx"
FORM_OVERHEAD = 64 * 1024
RECEIPT_WAIT_SECONDS = 5.0  # how long an upload waits for a run that is writing the warehouse
RECEIPT_RETRY_SECONDS = 15.0  # the multipart envelope and the form's other fields around the file

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

    name: str  # the inbox folder under the inbox root; also the upload form's field ``formulir``
    specs: tuple[FormSpec, ...]  # a file passes when it is any one of these forms
    label: str  # what the page calls the form
    # None: the collection status (rekap) gives each file its verdict; else where the run's verdict is read
    judged_elsewhere: str | None = None
    anchor: str = "status"  # the id of its uploads' status on the year's page, where an upload returns to


SUBMISSIONS = Inbox(SUBMISSIONS_INBOX, (REALISASI.spec,), "Realisasi Rencana Aksi")
OUTCOMES = Inbox(
    INDIKATOR_HASIL.inbox,
    (INDIKATOR_HASIL.spec,),
    "Formulir Indikator Hasil",
    "Diperiksa saat tahun ini dijalankan; hasilnya di workbook umpan balik Indikator Hasil.",
    anchor=f"status-{INDIKATOR_HASIL.inbox}",  # on the coordinating unit's page, below its Realisasi's
)
# Which of the worksheet's layouts a year uses follows from its instrument in the warehouse, which the portal
# does not open: a worksheet of either layout is taken in, and the year's run judges it against its own.
PMPRB_ANSWERS = Inbox(
    PMPRB_INBOX,
    tuple(layout.spec for layout in PMPRB_LAYOUTS),
    "Kertas kerja PMPRB (LKE)",
    "Diperiksa saat tahun ini dijalankan; hasilnya di kertas kerja PMPRB.",
)


def inboxes_for(account: Account, coordinator: str | None) -> tuple[Inbox, ...]:
    """The inboxes an account sends to: a unit its Realisasi (the coordinating unit also the Indikator Hasil
    form), the Tim PMPRB its worksheet; none for an analyst (who sends nothing through the portal)."""
    if account.role == UNIT:
        return (SUBMISSIONS, OUTCOMES) if coordinator and account.unit_code == coordinator else (SUBMISSIONS,)
    return (PMPRB_ANSWERS,) if account.role == PMPRB else ()


def inbox_named(account: Account, coordinator: str | None, name: str) -> Inbox | None:
    """The account's inbox a form names (``formulir``; none named: its first), or None when it is not its own."""
    own = inboxes_for(account, coordinator)
    if not name:
        return own[0] if own else None
    return next((i for i in own if i.name == name), None)


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
    probes = [probe(path, spec, limits) for spec in inbox.specs]
    found = next((p for p in probes if p.ok), probes[0])
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
    warehouse: Path,
    inbox: Inbox,
    year: str,
    account: Account,
    original_name: str,
) -> Stored:
    """Record the receipt of ``data``, then write it into the account's inbox folder for ``year``.

    The receipt goes to the warehouse first (``assets/forms/receipts.py``: the first record of a content
    wins), so that a run scanning the inbox finds the moment of upload, not the moment of its scan. When
    the warehouse stays busy (a run is writing), the file is stored all the same and its receipt waits in
    the portal's database for :func:`record_pending_receipts`.
    """
    received = now().replace(microsecond=0)  # the warehouse keeps receipts to the second
    sha256 = hashlib.sha256(data).hexdigest()
    owner = account.unit_code if account.role == UNIT else account.role
    relative = f"{inbox.name}/{year}/{owner}/{received:%Y%m%dT%H%M%SZ}_{sha256[:12]}{SUFFIX}"
    stored = Stored(relative, sha256, len(data), received)
    with store.connect() as conn:
        conn.execute(
            "INSERT INTO uploads (username, unit_code, inbox, year, relative, original_name, sha256, size_bytes,"
            " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (account.username, account.unit_code, inbox.name, year, relative, original_name, sha256, len(data),
             to_text(received)),
        )  # fmt: skip
    record_pending_receipts(store, warehouse, RECEIPT_WAIT_SECONDS)
    path = Path(inbox_root) / relative
    write_bytes_atomically(path, data)
    os.utime(path, (received.timestamp(), received.timestamp()))  # the file's own time says the same
    return stored


def record_pending_receipts(store: Store, warehouse: Path, wait_seconds: float) -> int:
    """Give the warehouse the receipt time of every upload it does not hold yet; how many it now holds.

    Waits at most ``wait_seconds`` for a run that is writing; a receipt that cannot be given now stays
    pending (the portal retries every :data:`RECEIPT_RETRY_SECONDS`).
    """
    with store.connect() as conn:
        pending = conn.execute("SELECT id, sha256, received_at FROM uploads WHERE receipt_recorded = 0").fetchall()
    if not pending:
        return 0
    try:
        with Warehouse(database=str(warehouse), lock_wait_seconds=wait_seconds).get_connection() as duck:
            for row in pending:
                record_receipt(duck, row["sha256"], from_text(row["received_at"]))
    except WarehouseBusyError:
        return 0
    with store.connect() as conn:
        conn.executemany("UPDATE uploads SET receipt_recorded = 1 WHERE id = ?", [(r["id"],) for r in pending])
    return len(pending)
