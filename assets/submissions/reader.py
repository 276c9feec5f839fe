"""Reading the rows of a submitted form: every row that holds anything, with its sheet row.

Columns are found by their header, so a clerk's extra column, moved columns,
sorted rows or a blank row in the middle change nothing. A row counts as read
when its Kode or any input cell is filled. The value cell keeps its number
format (a typed "75%" is 0.75 with a % format) and, when it holds a formula,
the formula text, so a formula without a cached value can be refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl

from assets.forms.layout import CODE_HEADER, FormLayout
from assets.submissions.values import CellInput


@dataclass(frozen=True)
class SheetRow:
    row: int
    code: str | None
    value: CellInput
    inputs: dict[str, object]  # the other input columns by field name (bukti_dukung ...)


def read_rows(path: Path, layout: FormLayout) -> list[SheetRow]:
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        return _rows(values[layout.sheet], formulas[layout.sheet], layout)
    finally:
        values.close()
        formulas.close()


def _rows(ws_values, ws_formulas, layout: FormLayout) -> list[SheetRow]:
    header = next(ws_values.iter_rows(min_row=1, max_row=1, values_only=True))
    position = {str(h).strip().lower(): i for i, h in enumerate(header) if h is not None}
    column = {h: position.get(h.lower()) for h in layout.headers}
    at = column[layout.value_header]
    formula_rows = ws_formulas.iter_rows(min_row=2, min_col=at + 1, max_col=at + 1)
    rows = []
    for number, (cells, formula_cells) in enumerate(zip(ws_values.iter_rows(min_row=2), formula_rows), start=2):

        def value(h: str):
            i = column.get(h)
            return cells[i].value if i is not None and i < len(cells) else None

        code = _text(value(CODE_HEADER))
        inputs = {field: _clean(value(h)) for h, field in layout.fields.items()}
        cell = cells[at] if at < len(cells) else None
        raw_formula = formula_cells[0].value if formula_cells else None
        formula = raw_formula if isinstance(raw_formula, str) and raw_formula.startswith("=") else None
        answer = CellInput(
            value=None if cell is None else cell.value,
            number_format=getattr(cell, "number_format", None) or "General",
            formula=formula,
        )
        if code is None and answer.value is None and formula is None and all(v is None for v in inputs.values()):
            continue
        rows.append(SheetRow(row=number, code=code, value=answer, inputs=inputs))
    return rows


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    return value
