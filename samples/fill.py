"""Filling a unit template the way a clerk does: values typed into the input cells."""

from __future__ import annotations

from collections.abc import Mapping

from openpyxl import Workbook

from assets.forms.cell_text import set_text
from assets.forms.identity import LABELS
from assets.forms.identity import SHEET as IDENTITY_SHEET
from assets.forms.layouts import REALISASI


def template_codes(wb: Workbook) -> list[str]:
    ws = wb[REALISASI.sheet]
    return [str(r[0]) for r in ws.iter_rows(min_row=2, max_col=1, values_only=True) if r[0] is not None]


def fill_row(wb: Workbook, code: str, values: Mapping[str, object], occurrence: int = 1) -> None:
    """Type ``values`` (header -> value) into the row of ``code``."""
    ws = wb[REALISASI.sheet]
    seen = 0
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == code:
            seen += 1
            if seen == occurrence:
                for header, value in values.items():
                    set_text(ws.cell(row=row, column=REALISASI.column(header) + 1), value)
                return
    raise KeyError(code)


def append_row(wb: Workbook, values: Mapping[str, object]) -> None:
    """A row the template did not have (a clerk's addition)."""
    ws = wb[REALISASI.sheet]
    row = ws.max_row + 1
    for header, value in values.items():
        set_text(ws.cell(row=row, column=REALISASI.column(header) + 1), value)


def sign(wb: Workbook, name: str, nip: str, phone: str) -> None:
    ws = wb[IDENTITY_SHEET]
    wanted = {LABELS["clerk_name"]: name, LABELS["clerk_nip"]: nip, LABELS["clerk_phone"]: phone}
    for row in ws.iter_rows(min_row=1, max_col=2):
        if row[0].value in wanted:
            set_text(row[1], wanted[row[0].value])
