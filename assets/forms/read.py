"""Reading the rows of a submitted form: every row that holds anything, with its sheet row.

Columns are found by their header, so a clerk's extra column, moved columns,
sorted rows or a blank row in the middle change nothing. A row counts as read
when its Kode or any input cell is filled, unless the clerk chose "HAPUS BARIS
INI" in the feedback workbook's Hapus Baris column: that row is removed, not
read. The hyperlink of an input cell (a link to evidence) is kept with the row. The value cell keeps its number
format (a typed "75%" is 0.75 with a % format) and, when it holds a formula,
the formula text, so a formula without a cached value can be refused; the
file is read once (values by python-calamine, those facts of the value column
from the sheet's XML).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assets.forms.layouts import CODE_HEADER, DELETE_HEADER, DELETE_MARK, FormLayout
from assets.forms.submitted import CellFacts, SubmittedWorkbook
from assets.forms.values import CellInput


@dataclass(frozen=True)
class SheetRow:
    row: int
    code: str | None
    value: CellInput
    inputs: dict[str, object]  # the other input columns by field name (bukti_dukung ...)
    links: dict[str, str] = field(default_factory=dict)  # field name -> the cell's hyperlink, where it has one


def read_rows(path: Path, layout: FormLayout) -> list[SheetRow]:
    """The rows of the form sheet, from one read of the file (see ``assets/forms/submitted.py``)."""
    with SubmittedWorkbook(path) as book:
        sheet = book.rows(layout.sheet)
        if not sheet:
            return []
        position = {str(h).strip().lower(): i for i, h in enumerate(sheet[0]) if h is not None}
        column = {h: position.get(h.lower()) for h in layout.headers}
        at = column[layout.value_header]
        removal = position.get(DELETE_HEADER.lower())
        facts = book.column_cells(layout.sheet, at) if at is not None else {}
        hyperlinks = book.hyperlinks(layout.sheet)
    rows = []
    for number, cells in enumerate(sheet[1:], start=2):

        def value(i: int | None):
            return cells[i] if i is not None and i < len(cells) else None

        if str(value(removal) or "").strip().upper() == DELETE_MARK:
            continue
        code = _text(value(column.get(CODE_HEADER)))
        inputs = {field: _clean(value(column.get(h))) for h, field in layout.fields.items()}
        cell = facts.get(number, CellFacts())
        answer = CellInput(
            value=cell.error if cell.error is not None else value(at),
            number_format=cell.number_format,
            formula=cell.formula,
        )
        if code is None and answer.value is None and cell.formula is None and all(v is None for v in inputs.values()):
            continue
        links = {
            f: hyperlinks[(number, column[h])] for h, f in layout.fields.items() if (number, column[h]) in hyperlinks
        }
        rows.append(SheetRow(row=number, code=code, value=answer, inputs=inputs, links=links))
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
    if isinstance(value, float) and value.is_integer():
        return int(value)  # as typed: "5" bukti, not "5.0"
    return value
