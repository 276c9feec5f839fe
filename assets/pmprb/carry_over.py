"""What the Tim PMPRB wrote besides its answers, carried from the returned worksheet into the regenerated one.

Two kinds of the Tim's work survive a regeneration of ``pmprb_<year>.xlsx``:

- **Catatan**: the note on a line or item, read from the LKE sheet of the
  file in force (any row matched to an item or to a line the Tim fills in,
  whether its answer was accepted, refused or left as the suggestion), stored
  in ``pmprb_notes`` keyed by year and code, and written back into the Catatan
  cell of that code's row;
- **Identitas**: the fields the Tim fills in on the Identitas sheet (Ketua Tim
  PMPRB, NIP Ketua Tim, Tanggal penilaian, and the petugas fields every form
  has), read by their labels, stored in ``pmprb_identity`` keyed by year and
  field, and written back into the same cells.

The refused entries are carried back too: ``refusals.py`` lists and marks them. Everything is read
from and written to the same layout for every instrument version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.cell_styles import CellStyles
from assets.forms.cell_text import set_text
from assets.forms.identity import EDITABLE, LABELS, SHEET
from assets.forms.layouts import WorksheetLayout
from assets.forms.sheet import INPUT_FILL
from assets.warehouse import read_table, table_exists

NOTES_TABLE, IDENTITY_TABLE = "pmprb_notes", "pmprb_identity"
NOTES_SCHEMA = {"year": "INTEGER", "code": "VARCHAR", "note": "VARCHAR", "file": "VARCHAR", "row": "INTEGER"}
IDENTITY_SCHEMA = {"year": "INTEGER", "field": "VARCHAR", "value": "VARCHAR", "file": "VARCHAR"}
# The tables the intake fills, as the Dagster UI describes them.
TABLES = {
    NOTES_TABLE: "The Tim PMPRB's Catatan per item or line (year, code) from the worksheet in force, accepted, "
    "refused or beside a suggestion alike; written back into the regenerated worksheet.",
    IDENTITY_TABLE: "The Identitas fields the Tim PMPRB fills in (Ketua Tim PMPRB, NIP Ketua Tim, Tanggal "
    "penilaian, petugas) from the worksheet in force, by year and field; written back on regeneration.",
}
# The Tim's own block on the Identitas sheet, below the identity every form has.
TEAM_TITLE = "TIM PMPRB"
TEAM_LABELS = {
    "team_lead": "Ketua Tim PMPRB",
    "team_lead_nip": "NIP Ketua Tim",
    "assessed_on": "Tanggal penilaian",
}
TEAM_GUIDE = "Isi nama dan NIP Ketua Tim PMPRB serta tanggal penilaian; isian ini dibawa ke lembar kerja berikutnya."
DATE_FORMAT = "DD/MM/YYYY"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Every Identitas field the Tim fills in, by its label: the petugas fields of every form and the Tim's block.
IDENTITY_LABELS = {**{key: LABELS[key] for key in EDITABLE}, **TEAM_LABELS}
BOLD = Font(bold=True)
UNLOCKED = Protection(locked=False)


@dataclass(frozen=True)
class CarryOver:
    """The Tim's work from the year's file in force: Catatan by code, Identitas fields by key, refused entries."""

    notes: Mapping[str, str] = field(default_factory=dict)
    identity: Mapping[str, str] = field(default_factory=dict)
    refused: pd.DataFrame | None = None  # pmprb_answer_rejects rows; see refusals.py

    @property
    def clerk(self) -> dict[str, str]:
        """The petugas fields, as ``FormIdentity`` takes them."""
        return {key: self.identity[key] for key in EDITABLE if self.identity.get(key)}


def notes_from(frame: pd.DataFrame) -> pd.DataFrame:
    """``pmprb_notes`` rows from the rows the answer suite validates: the first note per matched code."""
    found = frame[frame["code"].notna() & frame["note"].notna()].sort_values(["file", "row"], kind="stable")
    notes = found.assign(note=found["note"].map(_text))
    notes = notes[notes["note"] != ""].drop_duplicates("code", keep="first")
    return notes.reindex(columns=list(NOTES_SCHEMA)).reset_index(drop=True)


def identity_from(year: int, files: pd.DataFrame, inbox_root: Path, has_instrument: bool) -> pd.DataFrame:
    """``pmprb_identity`` rows: the Tim's Identitas fields in the year's file in force (none without an instrument)."""
    in_force = files[files["status"] == "berlaku"]["file"].tolist() if has_instrument else []
    records = [
        {"year": year, "field": key, "value": value, "file": name}
        for name in in_force
        for key, value in read_identity_fields(Path(inbox_root) / name).items()
    ]
    frame = pd.DataFrame(records, columns=list(IDENTITY_SCHEMA))
    return frame.drop_duplicates("field", keep="first").reset_index(drop=True)


def read_identity_fields(path: Path) -> dict[str, str]:
    """The filled-in Identitas fields of a returned worksheet (label in column A, value in B), by key."""
    wb = load_workbook(path, read_only=True)
    try:
        if SHEET not in wb.sheetnames:
            return {}
        rows = list(wb[SHEET].iter_rows(min_col=1, max_col=2, values_only=True))
    finally:
        wb.close()
    by_label = {label.casefold(): key for key, label in IDENTITY_LABELS.items()}
    found: dict[str, str] = {}
    for label, value in ((tuple(r) + (None, None))[:2] for r in rows):
        key = by_label.get(str(label or "").strip().rstrip(":").strip().casefold())
        text = _text(value)
        if key and text and key not in found:
            found[key] = text
    return found


def stored(conn, year: int) -> CarryOver:
    """The year's carried-over work from the warehouse (nothing before the intake has run)."""

    def rows(table: str, columns: str) -> pd.DataFrame:
        if not table_exists(conn, table):
            return pd.DataFrame(columns=columns.split(", "))
        return read_table(conn, f"SELECT {columns} FROM {table} WHERE year = ? ORDER BY 1", [year])

    notes = rows(NOTES_TABLE, "code, note")
    identity = rows(IDENTITY_TABLE, "field, value")
    refused = rows("pmprb_answer_rejects", "row, file, code, raw_answer, reason_code, reason")
    return CarryOver(
        dict(zip(notes["code"], notes["note"])),
        dict(zip(identity["field"], identity["value"])),
        refused.sort_values(["file", "row"], kind="stable").reset_index(drop=True),
    )


def write_team_block(ws: Worksheet, identity: Mapping[str, str]) -> None:
    """The Tim's fields on the Identitas sheet (label in A, input cell in B, styled as the petugas cells)."""
    styles = CellStyles()
    start = ws.max_row + 2
    ws.cell(row=start, column=1, value=TEAM_TITLE).font = BOLD
    for row, (key, label) in enumerate(TEAM_LABELS.items(), start=start + 1):
        styles.apply(ws.cell(row=row, column=1, value=label), "label", font=BOLD)
        cell = ws.cell(row=row, column=2)
        value = identity.get(key)
        if key == "assessed_on":
            if value and ISO_DATE.fullmatch(value):
                cell.value = dt.datetime.fromisoformat(value)
            else:
                set_text(cell, value)
            styles.apply(cell, "date", protection=UNLOCKED, fill=INPUT_FILL, number_format=DATE_FORMAT)
        else:
            set_text(cell, value)  # a NIP stays text: 18 digits do not survive as a number
            styles.apply(cell, "text", protection=UNLOCKED, fill=INPUT_FILL, number_format="@")
    ws.cell(row=start + len(TEAM_LABELS) + 1, column=1, value=TEAM_GUIDE)


def write_notes(ws: Worksheet, layout: WorksheetLayout, notes: Mapping[str, str]) -> None:
    """Each carried note into the Catatan cell of its code's row, where the Tim may write one (unlocked)."""
    if not notes:
        return
    code_col, note_col = layout.number(layout.code_header), layout.number(layout.note_header)
    for row in range(layout.header_row + 1, ws.max_row + 1):
        note = notes.get(str(ws.cell(row=row, column=code_col).value))
        cell = ws.cell(row=row, column=note_col)
        if note and not cell.protection.locked:
            set_text(cell, note)


def _text(value: object) -> str:
    """A cell's value as stored text: a date as YYYY-MM-DD, a whole number without '.0', text stripped."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
