"""The floor: the time merely to read every workbook and to write the outputs, with the fastest tools at hand."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from python_calamine import CalamineWorkbook


def read_all(files: list[Path], progress: Callable[[int], None] = lambda n: None) -> tuple[float, int]:
    """Seconds to read every sheet of every workbook with python-calamine, and the rows read."""
    rows = 0
    started = time.perf_counter()
    for i, path in enumerate(files, start=1):
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            rows += len(wb.get_sheet_by_name(name).to_python())
        progress(i)
    return time.perf_counter() - started, rows


def write_outputs(outputs: list[Path], scratch: Path) -> tuple[float, int]:
    """Seconds to write the cells of the pipeline's output workbooks again (values only, write-only mode).

    The cells are read first (not timed); only the writing counts.
    """
    sheets = []
    for path in outputs:
        wb = CalamineWorkbook.from_path(str(path))
        sheets.append([(name, wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names])
    scratch.mkdir(parents=True, exist_ok=True)
    cells = 0
    started = time.perf_counter()
    for i, book in enumerate(sheets):
        out = Workbook(write_only=True)
        for name, rows in book:
            ws = out.create_sheet(name[:31])
            for row in rows:
                ws.append(row)
                cells += len(row)
        out.save(scratch / f"{i}.xlsx")
    return time.perf_counter() - started, cells
