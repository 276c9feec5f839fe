"""Writing a form sheet: header, locked and input columns, per-row validation, comments.

Shared by every workbook the pipeline sends out or sends back: the units'
templates, the feedback workbooks and the Indikator Hasil form. Every value
and comment is written through ``assets/forms/cell_text.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.cell_styles import CellStyles, fill_key
from assets.forms.cell_text import set_text, xml_safe
from assets.reports.print_layout import FORM, TEXT, print_sheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFFFF")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
OK_FILL = PatternFill("solid", fgColor="C6EFCE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
COMMENT_AUTHOR = "Bagian Organisasi"
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    locked: bool = False
    wrap: bool = True
    number_format: str | None = None
    hidden: bool = False  # a key the reader needs and the person filling in does not (Indikator Hasil's codes)


@dataclass
class FormRow:
    values: Sequence[object]
    validation: str | None = None  # key of the validation that applies to the row's input cell
    comments: dict[int, str] = field(default_factory=dict)  # column index (0-based) -> text
    highlight: dict[int, PatternFill] = field(default_factory=dict)  # column index -> fill
    links: dict[int, str] = field(default_factory=dict)  # column index -> the cell's hyperlink
    unlocked: frozenset[int] = frozenset()  # columns whose cell is open on this row although the column is locked


def write_form_sheet(
    ws: Worksheet,
    columns: Sequence[Column],
    rows: Sequence[FormRow],
    *,
    input_column: int,
    validations: dict[str, DataValidation] | None = None,
) -> None:
    """Header in row 1 (frozen, filtered), one row per FormRow, locked columns protected."""
    styles = CellStyles()
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        styles.apply(cell, "header", font=HEADER_FONT, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT, border=BORDER)
        ws.column_dimensions[get_column_letter(j)].width = col.width
        ws.column_dimensions[get_column_letter(j)].hidden = col.hidden
    validations = validations or {}
    for dv in validations.values():
        ws.add_data_validation(dv)
    for i, row in enumerate(rows, start=2):
        for j, (col, value) in enumerate(zip(columns, row.values), start=1):
            cell = ws.cell(row=i, column=j)
            set_text(cell, value)
            locked = col.locked and j - 1 not in row.unlocked
            fill = row.highlight.get(j - 1, LOCKED_FILL if locked else INPUT_FILL)
            styles.apply(
                cell,
                (col, locked, fill_key(fill)),
                border=BORDER,
                alignment=Alignment(wrap_text=col.wrap, vertical="top"),
                protection=Protection(locked=locked),
                fill=fill,
                number_format=col.number_format or "General",
            )
        for j, target in row.links.items():
            ws.cell(row=i, column=j + 1).hyperlink = target
        for j, text in row.comments.items():
            comment = Comment(xml_safe(text), COMMENT_AUTHOR)
            comment.width, comment.height = 320, 120
            ws.cell(row=i, column=j + 1).comment = comment
        if row.validation and row.validation in validations:
            validations[row.validation].add(ws.cell(row=i, column=input_column + 1))
    ws.freeze_panes = "B2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 2)}"
    ws.protection.sheet = True
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    print_sheet(ws, FORM, header_rows=(1, 1))


def instructions_sheet(ws: Worksheet, title: str, lines: Sequence[str]) -> None:
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=12)
    for i, line in enumerate(lines, start=3):
        set_text(ws.cell(row=i, column=1), line)
        ws.cell(row=i, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True
    print_sheet(ws, TEXT)
