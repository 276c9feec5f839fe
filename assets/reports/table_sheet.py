"""A DataFrame as a report sheet: title and notes on top, a styled table, print setup.

Used by every workbook the pipeline publishes (collection status, monitoring,
summaries): frozen header, filters, column widths, number formats, and the
print layout of a table (``assets/reports/print_layout.py``) unless the caller
names another. Text is always written as text, XML-safe (``set_text``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.cell_styles import CellStyles, fill_key
from assets.forms.cell_text import set_text
from assets.forms.sheet import BORDER, HEADER_FILL
from assets.reports.print_layout import TABLE, SheetPrint, print_sheet

PERCENT = "0.0"  # capaian is stored as a percentage number (95.0), shown with one decimal
NUMBER = "#,##0.##"
DATETIME = "dd/mm/yyyy hh:mm"
CELL_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
LINK_FONT = Font(color="0563C1", underline="single")


@dataclass
class TableSpec:
    """How to show one DataFrame: Indonesian headers, widths and formats by column."""

    headers: Mapping[str, str]  # column -> header shown
    widths: Mapping[str, float] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    fill: Callable[[Mapping], Mapping[str, PatternFill]] | None = None  # row -> column -> fill
    # column -> the column holding its cell's hyperlink: a URL, or "#<sheet>!<cell>" for a place in the workbook
    links: Mapping[str, str] = field(default_factory=dict)


def write_table_sheet(
    ws: Worksheet,
    df: pd.DataFrame,
    spec: TableSpec,
    *,
    title: str,
    notes: Sequence[str] = (),
    layout: SheetPrint = TABLE,
) -> int:
    """Write title, notes and the table, set up to print as ``layout``; returns the header row number."""
    set_text(ws["A1"], title)
    ws["A1"].font = Font(bold=True, size=13)
    row = 2
    for note in notes:
        set_text(ws.cell(row=row, column=1), note)
        ws.cell(row=row, column=1).alignment = Alignment(wrap_text=False)
        ws.cell(row=row, column=1).font = Font(italic=True, color="595959")
        row += 1
    header_row = row + 1
    columns = list(spec.headers)
    for j, col in enumerate(columns, start=1):
        cell = ws.cell(row=header_row, column=j)
        set_text(cell, spec.headers[col])
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(j)].width = spec.widths.get(col, 14)
    styles = CellStyles()
    for i, record in enumerate(df.to_dict("records"), start=header_row + 1):
        fills = spec.fill(record) if spec.fill else {}
        for j, col in enumerate(columns, start=1):
            cell = ws.cell(row=i, column=j)
            set_text(cell, cell_value(record.get(col)))
            fill = fills.get(col)
            link = record.get(spec.links[col]) if col in spec.links else None
            linked = isinstance(link, str) and bool(link) and cell.value is not None
            styles.apply(
                cell,
                (spec.formats.get(col), fill_key(fill), linked),
                border=BORDER,
                alignment=CELL_ALIGNMENT,
                number_format=spec.formats.get(col, "General"),
                **({"fill": fill} if fill is not None else {}),
                **({"font": LINK_FONT} if linked else {}),
            )
            if linked:
                cell.hyperlink = _hyperlink(link)
    last_row = header_row + max(len(df), 1)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last_row}"
    print_sheet(ws, layout, header_rows=(header_row, header_row))
    return header_row


def _hyperlink(link: str) -> Hyperlink:
    """A URL, or a place in the workbook ("#'File Bukti'!A7")."""
    if link.startswith("#"):
        return Hyperlink(ref="", location=link[1:])
    return Hyperlink(ref="", target=link)


def cell_value(value: object) -> object:
    """pandas' missing values and timestamps as plain cell values."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes, dt.datetime)):
        return value.item()
    return value
