"""How every generated workbook prints, declared once: one :class:`SheetPrint` per kind of sheet.

openpyxl writes what a sheet should look like on paper only when told, and
sizes no row: a wrapped cell keeps the default height and prints over the
rows below it. So every writer, once its sheet is written, calls
:func:`print_sheet` with the declared layout of that kind of sheet (a form, a
report table, a page of text, a one-page summary, the LKE worksheet):
A4, orientation, fit to the page's width (rows flow onto as many pages as
they need) or to one whole page, margins and the header rows repeated on
every page. The builder of a workbook then calls :func:`print_workbook` once,
last: it puts the running header (government, year) and footer (print date,
``Halaman x dari y``) on every sheet, makes each row as tall as its wrapped
text (:func:`text_lines`, an estimate from text length and column width,
deterministic), and refuses a workbook with a sheet that was not set up. A chart goes in
with :func:`place_chart`, which keeps it whole on one page.

The footer's date is the date of printing (the ``&D`` field the spreadsheet
fills in), not the date of writing: the file itself carries no clock time, so
the same inputs keep giving the same bytes (``assets/xlsx_files.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart._chart import ChartBase
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

PORTRAIT, LANDSCAPE = "portrait", "landscape"
MARGINS = PageMargins(left=0.4, right=0.4, top=0.7, bottom=0.7, header=0.3, footer=0.3)  # inches
PAGE_INCHES = {PORTRAIT: (8.27, 11.69), LANDSCAPE: (11.69, 8.27)}  # A4 (width, height)
HEADER_SIZE = 8  # points, header and footer text
MAX_ROW_HEIGHT = 409.0  # the tallest row a spreadsheet keeps (points)
DEFAULT_COLUMN_WIDTH = 8.43  # characters, a column the writer left alone


@dataclass(frozen=True)
class SheetPrint:
    """How one kind of sheet goes on paper."""

    orientation: str
    one_page: bool = False  # the whole sheet shrunk onto one page; otherwise fit to width, rows flow
    repeat_header: bool = True  # the table's header rows printed again at the top of every page


FORM = SheetPrint(LANDSCAPE)  # a form the units fill in: templates, feedback, Indikator Hasil
TABLE = SheetPrint(LANDSCAPE)  # a report table: monitoring tables, rekap pengumpulan
WORKSHEET = SheetPrint(LANDSCAPE)  # the PMPRB LKE: wide rows of questions, options and evidence
TEXT = SheetPrint(PORTRAIT, repeat_header=False)  # Identitas, Petunjuk, reference lists
SUMMARY = SheetPrint(PORTRAIT, one_page=True, repeat_header=False)  # a Ringkasan: figures and a chart, one page


def print_sheet(ws: Worksheet, layout: SheetPrint, header_rows: tuple[int, int] | None = None) -> None:
    """Set ``ws`` up for printing as ``layout`` says; ``header_rows`` (first, last) repeat on every page."""
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = layout.orientation
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if layout.one_page else 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = copy(MARGINS)
    ws.print_options.horizontalCentered = False
    if header_rows and layout.repeat_header:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    for row in ws.iter_rows(min_row=header_rows[0], max_row=header_rows[1]) if header_rows else ():
        for cell in row:  # a header wraps within its column rather than running into the next one
            if cell.value is not None and not cell.alignment.wrap_text:
                _realign(cell, wrap_text=True)


def print_workbook(wb: Workbook, government: str, year: int | str) -> None:
    """Header (government, year), footer (date, page x of y) and row heights on every sheet.

    Call it last, once every sheet is written and set up with :func:`print_sheet` (else ValueError).
    """
    bare = [ws.title for ws in wb.worksheets if str(ws.page_setup.paperSize) != Worksheet.PAPERSIZE_A4]
    if bare:
        raise ValueError(f"sheets without a print layout (call print_sheet): {', '.join(bare)}")
    for ws in wb.worksheets:
        header, footer = ws.oddHeader, ws.oddFooter
        _part(header.left, _escape(government))
        _part(header.center, "&A")  # the sheet's name
        _part(header.right, f"Tahun {_escape(str(year))}")
        _part(footer.left, "Dicetak &D")
        _part(footer.center, "Halaman &P dari &N")
        _part(footer.right, "&F")  # the file's name
        ws.HeaderFooter.scaleWithDoc = False  # header and footer stay legible on a sheet shrunk to fit
        fit_row_heights(ws)


def _part(part, text: str) -> None:
    part.text, part.size = text, HEADER_SIZE


def _escape(text: str) -> str:
    """Text as a header part shows it: '&' starts a field code, so a literal one is doubled."""
    return text.replace("&", "&&")


# Row heights.

LINE_POINTS = 15.0 / 11  # the height of one line of text per point of font size (15 pt for 11 pt)
# The advance of each printable ASCII character (space to ~) in DejaVu Sans, in hundredths of its
# digit width: the widest common fallback for Calibri, which LibreOffice prints with where Calibri is
# missing. A column's width counts digit widths of the default font, so text measured in digit widths
# wraps alike in any font of about these proportions (Calibri's are close).
ADVANCES = (
    (50, 63, 72, 132, 100, 149, 123, 43, 61, 61, 79, 132, 50, 57, 50, 53, 100, 100, 100, 100, 100, 100, 100, 100)
    + (100, 100, 53, 53, 132, 132, 132, 83, 157, 108, 108, 110, 121, 99, 90, 122, 118, 46, 46, 103, 88, 136, 118)
    + (124, 95, 124, 109, 100, 96, 115, 108, 155, 108, 96, 108, 61, 53, 61, 132, 79, 79, 96, 100, 86, 100, 97, 55)
    + (100, 100, 44, 44, 91, 44, 153, 100, 96, 100, 100, 65, 82, 62, 100, 93, 129, 93, 93, 83, 100, 53, 100, 132)
)
OTHER_ADVANCE = 110  # any other character
BOLD = 1.13  # bold text is this much wider
SAFETY = 1.04  # text is taken this much wider than measured, for fonts a little wider than DejaVu Sans
CELL_PADDING = 0.5  # digit widths of a column that text does not use


def text_width(text: str) -> float:
    """The width of ``text`` in digit widths of its font (one line, regular weight)."""
    return sum(ADVANCES[o - 32] if 32 <= (o := ord(ch)) < 127 else OTHER_ADVANCE for ch in text) / 100


def text_lines(text: str, width: float, bold: bool = False, size: float = 11.0) -> int:
    """How many lines ``text`` wraps into in a column ``width`` characters wide (an upper estimate).

    Words wrap whole, a word longer than a line breaks, every newline starts a line. Measured
    against LibreOffice's wrapping of DejaVu Sans (the measure is :data:`ADVANCES`, in digit widths
    of the column's default 11-point font); a larger font or bold takes proportionally more.
    """
    capacity = max(width - CELL_PADDING, 1.0)
    scale = SAFETY * (BOLD if bold else 1.0) * size / 11.0
    space = scale * ADVANCES[0] / 100
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            need = scale * text_width(word)
            if used and used + space + need <= capacity:
                used += space + need
                continue
            if used:
                lines += 1
            whole = math.ceil(need / capacity) - 1 if need > capacity else 0
            lines += whole
            used = need - whole * capacity
    return lines


def row_height(lines: int, size: float = 11.0) -> float:
    """The height (points) of a row showing ``lines`` lines of text in a font of ``size`` points."""
    return min(MAX_ROW_HEIGHT, round(lines * LINE_POINTS * size, 2))


def fit_row_heights(ws: Worksheet) -> None:
    """Make every row with wrapped text tall enough for it (rows of single lines are left alone).

    A text too wide for its column that would be cut off by a filled cell to its right wraps
    too. In a row made taller every cell is aligned to the top, so that the row reads across.
    """
    widths = column_widths(ws)
    for row in ws.iter_rows():
        tallest = 0.0
        for at, cell in enumerate(row):
            value = cell.value
            width = widths.get(cell.column)
            if not isinstance(value, str) or cell.data_type != "s" or not value or width is None:
                continue
            font = cell.font
            size, bold = float(font.sz or 11), bool(font.b)
            if not cell.alignment.wrap_text:
                if not _cut_off(value, width, bold, size, row[at + 1 :]):
                    continue
                _realign(cell, wrap_text=True)
            lines = text_lines(value, width, bold, size)
            if lines > 1:
                tallest = max(tallest, row_height(lines, size))
        if tallest:
            ws.row_dimensions[row[0].row].height = tallest
            _align_top(row)


def _cut_off(text: str, width: float, bold: bool, size: float, right: Sequence) -> bool:
    """Whether an unwrapped text prints cut off: wider than its column, with a filled cell right of it."""
    return bool(right) and right[0].value is not None and text_lines(text, width, bold, size) > 1


def _align_top(cells) -> None:
    for cell in cells:
        if cell.value is not None and cell.alignment.vertical in (None, "bottom"):
            _realign(cell, vertical="top")


def _realign(cell, **changes: object) -> None:
    """Change some of a cell's alignment, keeping the rest."""
    now = cell.alignment
    kept = {
        k: getattr(now, k) for k in ("horizontal", "vertical", "wrap_text", "shrink_to_fit", "indent", "text_rotation")
    }
    cell.alignment = Alignment(**{**kept, **changes})


def column_widths(ws: Worksheet) -> dict[int, float]:
    """Column number -> width in characters, for every column up to the last used one that is not hidden."""
    widths = {}
    for column in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(column))
        if dim is not None and dim.hidden:
            continue
        widths[column] = dim.width if dim is not None and dim.customWidth else DEFAULT_COLUMN_WIDTH
    return widths


# Charts.


def place_chart(ws: Worksheet, chart: ChartBase, below_row: int) -> None:
    """Anchor ``chart`` in column A two rows below ``below_row``, whole on one page.

    Call it after :func:`print_sheet`. On a one-page sheet the page shrinks to hold the chart; on
    a sheet whose rows flow, the chart starts a page of its own (a page break before it), below
    any repeated header rows rather than under them.
    """
    row = below_row + 2
    ws.add_chart(chart, f"A{row}")
    if ws.page_setup.fitToHeight == 1:
        return
    ws.row_breaks.append(Break(id=row - 1))
