"""What became of a unit's uploads: the pipeline's verdict on each file and on each row of the one in force.

Read from the published outputs only (the warehouse may be busy writing):
the collection status workbook's sheet ``Semua File`` names every inbox file
with its status and reason, and the unit's feedback workbook holds every row
of its file in force with its ``Catatan Validasi`` (``OK`` for an accepted
row). An upload not yet in the collection status is still waiting for, or in,
its run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from assets.forms.layouts import CODE_HEADER, NOTE_HEADER, REALISASI
from assets.forms.probe import header_row
from assets.forms.submitted import SubmittedWorkbook
from assets.published import COLLECTION_REKAP, UNIT_FEEDBACK
from assets.submissions.collection_status import FILES
from pipelines.download.paths import open_regular
from pipelines.portal.store import Store, from_text

FILES_SHEET = "Semua File"
ACCEPTED_NOTE = "OK"
WAITING = "menunggu proses"


@dataclass(frozen=True)
class Upload:
    relative: str
    original_name: str
    size_bytes: int
    received_at: dt.datetime
    status: str  # the pipeline's (berlaku, digantikan, ditolak, duplikat) or WAITING
    reason: str


@dataclass(frozen=True)
class RowVerdict:
    code: str
    value: str
    note: str

    @property
    def accepted(self) -> bool:
        return self.note.strip().upper().startswith(ACCEPTED_NOTE)


def uploads(store: Store, username: str, year: str, outputs: Path) -> list[Upload]:
    """The account's uploads for ``year``, newest first, each with the pipeline's verdict when it has one."""
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM uploads WHERE username = ? AND year = ? ORDER BY id DESC", (username, year)
        ).fetchall()
    verdicts = file_verdicts(COLLECTION_REKAP.path(outputs, year))
    return [
        Upload(
            r["relative"],
            r["original_name"],
            r["size_bytes"],
            from_text(r["received_at"]),
            *verdicts.get(r["relative"], (WAITING, "")),
        )
        for r in rows
    ]


def file_verdicts(rekap: Path) -> dict[str, tuple[str, str]]:
    """inbox file -> (status, reason), from the collection status workbook; empty before its first run."""
    f = open_regular(rekap)
    if f is None:
        return {}
    with f:
        try:
            wb = load_workbook(f, read_only=True, data_only=True)
        except Exception:  # not a workbook (yet): no verdicts to show
            return {}
        try:
            if FILES_SHEET not in wb.sheetnames:
                return {}
            found, header = {}, None
            for row in wb[FILES_SHEET].iter_rows(values_only=True):
                cells = ["" if v is None else str(v) for v in row]
                if header is None:
                    if cells and cells[0] == FILES.headers["file"]:
                        header = cells
                    continue
                record = dict(zip(header, cells))
                found[record[FILES.headers["file"]]] = (
                    record.get(FILES.headers["status"], ""),
                    record.get(FILES.headers["reason"], ""),
                )
            return found
        finally:
            wb.close()


def row_verdicts(outputs: Path, year: str, unit: str) -> list[RowVerdict]:
    """Every row of the unit's feedback workbook with its note; empty when there is none yet."""
    path = UNIT_FEEDBACK.path(outputs, year, unit=unit)
    if open_regular(path) is None:
        return []
    try:
        with SubmittedWorkbook(path) as wb:
            if REALISASI.sheet not in wb.sheet_names:
                return []
            rows = wb.rows(REALISASI.sheet)
    except Exception:  # not a readable workbook: no rows to show
        return []
    at, missing = header_row(rows, REALISASI.spec)
    if at is None or missing:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[at]]
    if NOTE_HEADER not in header:
        return []
    code, value, note = header.index(CODE_HEADER), header.index(REALISASI.value_header), header.index(NOTE_HEADER)
    return [
        RowVerdict(_text(r, code), _text(r, value), _text(r, note))
        for r in rows[at + 1 :]
        if _text(r, code) or _text(r, note)
    ]


def _text(row: list, index: int) -> str:
    value = row[index] if index < len(row) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)
