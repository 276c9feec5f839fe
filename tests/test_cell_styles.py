"""Cells styled through CellStyles carry exactly the styles they would have if styled one by one."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

from assets.forms.cell_styles import CellStyles, fill_key

KINDS = [
    {"font": Font(bold=True), "fill": PatternFill("solid", fgColor="FFC7CE"), "number_format": "0%"},
    {
        "border": Border(left=Side(style="thin")),
        "alignment": Alignment(wrap_text=True),
        "protection": Protection(locked=False),
    },
    {"fill": PatternFill("solid", fgColor="C6EFCE"), "number_format": "#,##0.##"},
]


def _styles(cell) -> tuple:
    return tuple(
        repr(s) for s in (cell.font, cell.fill, cell.border, cell.alignment, cell.protection, cell.number_format)
    )


def test_same_styles_as_styling_each_cell():
    fast, slow = openpyxl.Workbook(), openpyxl.Workbook()
    cache = CellStyles()
    for row in range(1, 40):
        for col, styles in enumerate(KINDS, start=1):
            cache.apply(fast.active.cell(row, col), (col, fill_key(styles.get("fill"))), **styles)
            for name, value in styles.items():
                setattr(slow.active.cell(row, col), name, value)
    fast.active["B2"].font = Font(italic=True)  # one cell restyled later does not change its neighbours
    slow.active["B2"].font = Font(italic=True)
    for a, b in zip(fast.active.iter_rows(), slow.active.iter_rows()):
        for x, y in zip(a, b):
            assert _styles(x) == _styles(y), x.coordinate
    buffer = io.BytesIO()
    fast.save(buffer)
    again = openpyxl.load_workbook(buffer).active
    assert again["A3"].number_format == "0%" and again["A3"].fill.fgColor.rgb == "00FFC7CE"
    assert again["B2"].font.i and not again["B3"].font.i


def test_fills_are_keyed_by_value():
    assert fill_key(PatternFill("solid", fgColor="FFC7CE")) == fill_key(PatternFill("solid", fgColor="FFC7CE"))
    assert fill_key(PatternFill("solid", fgColor="FFC7CE")) != fill_key(PatternFill("solid", fgColor="C6EFCE"))
    assert fill_key(None) is None
