"""The Tim PMPRB's refused entries, listed back in the regenerated worksheet.

Every entry the suite ``pmprb_answer_rows`` refused in the year's file in force
(``pmprb_answer_rejects``: no such item or line, answered twice, outside its
allowed set or range) is listed on the sheet "Jawaban Ditolak" with the value
entered and the reason, and the answer cell of its row in the LKE sheet is
marked (the error fill, and the reason as the cell's comment). A refused entry
scores 0, so the Tim sees at once which answers do not count yet. The same
sheet and marks for every instrument version.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.layouts import WorksheetLayout
from assets.forms.sheet import ERROR_FILL
from assets.reports.table_sheet import TableSpec, write_table_sheet

SHEET = "Jawaban Ditolak"
COLUMNS = {
    "file": "Berkas",
    "row": "Baris",
    "code": "Kode",
    "raw_answer": "Isian",
    "reason": "Alasan Ditolak",
}
SPEC = TableSpec(headers=COLUMNS, widths={"file": 28, "row": 7, "code": 12, "raw_answer": 18, "reason": 70})
NONE_REFUSED = "Tidak ada jawaban yang ditolak pada lembar kerja yang berlaku tahun ini."
RULE = (
    "Jawaban yang ditolak bernilai 0 sampai diperbaiki. Barisnya di sheet LKE ditandai merah; alasannya ada di "
    "komentar sel jawaban. Perbaiki isian pada sel itu lalu kirim ulang lembar kerja ini."
)
AUTHOR = "Sistem PMPRB"


def write_refused_sheet(
    wb: Workbook, refused: pd.DataFrame | None, government: str, year: int, after: str = "LKE"
) -> Worksheet:
    """The "Jawaban Ditolak" sheet, placed after the sheet ``after``: each refused entry, or a sentence
    saying there is none."""
    frame = refused if refused is not None else pd.DataFrame(columns=list(COLUMNS))
    frame = frame.reindex(columns=list(COLUMNS))
    ws = wb.create_sheet(SHEET, wb.sheetnames.index(after) + 1 if after in wb.sheetnames else None)
    write_table_sheet(
        ws,
        frame,
        SPEC,
        title=f"{government}: Jawaban Lembar Kerja PMPRB yang Ditolak, Tahun {year}",
        notes=[NONE_REFUSED] if frame.empty else [RULE],
    )
    return ws


def mark_refused_rows(ws: Worksheet, layout: WorksheetLayout, refused: pd.DataFrame | None) -> int:
    """Mark the answer cell of each LKE row whose code has a refused entry; returns the rows marked."""
    if refused is None or refused.empty:
        return 0
    reasons: dict[str, list[str]] = {}
    for code, reason in zip(refused["code"], refused["reason"], strict=True):
        if isinstance(code, str) and code:
            reasons.setdefault(code, []).append(str(reason))
    code_col, answer_col = layout.number(layout.code_header), layout.number(layout.answer_header)
    marked = 0
    for row in range(layout.header_row + 1, ws.max_row + 1):
        found = reasons.get(str(ws.cell(row=row, column=code_col).value))
        if not found:
            continue
        cell = ws.cell(row=row, column=answer_col)
        cell.fill = ERROR_FILL
        cell.comment = Comment("Ditolak: " + " ".join(dict.fromkeys(found)), AUTHOR, width=320, height=120)
        marked += 1
    return marked
