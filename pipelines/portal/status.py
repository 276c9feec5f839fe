"""What became of a unit's uploads: the pipeline's verdict on each file and on each row of the one in force.

Read from the published outputs only (the warehouse may be busy writing):
the collection status workbook's sheet ``Semua File`` names every inbox file
with its status and reason; the year's tables ``capaian`` and ``refused_rows``
hold the rows of each unit's file in force that were accepted, and those
refused with their reasons. An upload not yet in the collection status is still waiting for, or in,
its run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from assets.monitoring.exports import FORMULA_STARTS
from assets.published import COLLECTION_REKAP, TABLE_CSV, UNIT_FEEDBACK, file_url
from assets.submissions.collection_status import FILES
from pipelines.portal.paths import open_regular
from pipelines.portal.store import Store, from_text
from pipelines.portal.uploads import Inbox

FILES_SHEET = "Semua File"
ACCEPTED_NOTE = "OK"
WAITING = "menunggu proses"
RECEIVED = "diterima"
CAPAIAN = "capaian"  # assets/monitoring: one row per indicator and unit, with what the file in force reported
REFUSED_ROWS = "refused_rows"


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
        return self.note.startswith(ACCEPTED_NOTE)


def uploads(store: Store, username: str, year: str, outputs: Path, inbox: Inbox) -> list[Upload]:
    """The account's uploads into ``inbox`` for ``year``, newest first, each with the pipeline's verdict when it
    has one; an inbox the collection status does not list (the Indikator Hasil form, the PMPRB worksheets):
    received, with where its verdict is read."""
    with store.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM uploads WHERE username = ? AND year = ? AND inbox = ? ORDER BY id DESC",
            (username, year, inbox.name),
        ).fetchall()
    judged = inbox.judged_elsewhere is None
    verdicts = file_verdicts(COLLECTION_REKAP.path(outputs, year)) if judged else {}
    unjudged = (WAITING, "") if judged else (RECEIVED, inbox.judged_elsewhere)
    return [
        Upload(
            r["relative"],
            r["original_name"],
            r["size_bytes"],
            from_text(r["received_at"]),
            *verdicts.get(r["relative"], unjudged),
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
    """The unit's rows of its file in force: accepted (the published ``capaian`` table, reported rows) and
    refused with their reasons (the published ``refused_rows`` table); empty before the year's first run."""
    accepted = [
        RowVerdict(r["code"], r["realisasi_label"], f"{ACCEPTED_NOTE} ({r['status']})")
        for r in _table(outputs, year, CAPAIAN)
        if r.get("unit") == unit and r.get("reported") == "true"
    ]
    refused = [
        RowVerdict(r["code"], r["raw_value"], f"Baris {r['row']}: {r['reason']}")
        for r in _table(outputs, year, REFUSED_ROWS)
        if r.get("unit") == unit
    ]
    return refused + accepted


def feedback_url(outputs: Path, year: str, unit: str) -> str | None:
    """Where the unit's feedback workbook is downloaded; None when its file in force had no refused row."""
    path = UNIT_FEEDBACK.path(outputs, year, unit=unit)
    f = open_regular(path)
    if f is None:
        return None
    f.close()
    return file_url(path.relative_to(outputs).as_posix())


def _table(outputs: Path, year: str, name: str) -> list[dict[str, str]]:
    """A published CSV table's rows as text, the quote that keeps a formula inert taken off again."""
    f = open_regular(TABLE_CSV.path(outputs, year, table=name))
    if f is None:
        return []
    with f:
        text = f.read().decode("utf-8", errors="replace")
    return [{k: _shown(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _shown(value: str | None) -> str:
    value = value or ""
    return value[1:] if value.startswith("'") and value[1:2] and value[1:2] in FORMULA_STARTS else value
