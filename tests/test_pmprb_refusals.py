"""The Tim's refused entries come back in the regenerated worksheet, and untouched suggestions stay suggestions.

An entry the suite pmprb_answer_rows refuses (an answer outside the item's choices, a value outside the
line's range) is listed on the sheet Jawaban Ditolak with the value entered and the reason, and its answer
cell in the LKE sheet is marked; with nothing refused the sheet says so. For the 26/2020 item worksheet a
worksheet returned untouched gives no final answer, as for the other versions (test_pmprb_konfirmasi).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from assets.forms.sheet import ERROR_FILL
from assets.pmprb.answers import answer_frame, read_rows
from assets.pmprb.instrument import load_instrument
from assets.pmprb.refusals import NONE_REFUSED, SHEET
from assets.pmprb.worksheet import LAYOUT, LINE_LAYOUT, Cover, build_workbook
from tests.conftest import run_annual
from tests.pmprb_support import INSTRUMENT_DIR, ROUND_TRIP_ASSETS
from tests.workbooks import put

ASSETS = ROUND_TRIP_ASSETS
# year -> (layout, code, refused entry, a word of the reason)
CASES = {
    2021: (LAYOUT, "A.I.1.a", "Z", "pilihan"),  # 26/2020, an item: Z is no choice
    2023: (LINE_LAYOUT, "1024", 5, "rentang"),  # 9/2023, line 1024 takes 0-3
}


def _worksheet(settings, year: int):
    return settings.outputs_dir / str(year) / f"pmprb_{year}.xlsx"


def _rows(ws, layout) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(layout.header_row + 1, ws.max_row + 1)}


def _listed(ws) -> list[list[object]]:
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Berkas")
    return [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1) if row[0].value is not None]


@pytest.mark.parametrize("year", sorted(CASES))
def test_a_refused_entry_is_listed_and_marked(settings, tmp_path, year):
    layout, code, entry, word = CASES[year]
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, year, ASSETS).success
    wb = openpyxl.load_workbook(_worksheet(settings, year))
    assert wb[SHEET]["A2"].value == NONE_REFUSED and _listed(wb[SHEET]) == []
    lke = wb[layout.sheet]
    row = _rows(lke, layout)[code]
    lke.cell(row, layout.number(layout.answer_header)).value = entry
    returned = tmp_path / "dijawab.xlsx"
    wb.save(returned)
    put(settings.inbox_root / "pmprb" / str(year) / "LKE tim.xlsx", returned.read_bytes(), dt.datetime(2024, 3, 1))

    assert run_annual(settings, year, ASSETS).success
    again = openpyxl.load_workbook(_worksheet(settings, year))
    listed = _listed(again[SHEET])
    assert len(listed) == 1
    file, at, listed_code, raw, reason = listed[0]
    assert (file, at, listed_code, str(raw)) == (f"pmprb/{year}/LKE tim.xlsx", row, code, str(entry))
    assert word in reason.lower()
    cell = again[layout.sheet].cell(row, layout.number(layout.answer_header))
    assert cell.fill.fgColor.rgb == ERROR_FILL.fgColor.rgb and reason in cell.comment.text
    marked = [
        r
        for r in range(layout.header_row + 1, again[layout.sheet].max_row + 1)
        if again[layout.sheet].cell(r, layout.number(layout.answer_header)).comment is not None
    ]
    assert marked == [row]  # only the refused row


def test_an_untouched_26_2020_worksheet_gives_no_final_answer(tmp_path):
    instrument = load_instrument(INSTRUMENT_DIR.parent / "permenpanrb-26-2020")
    suggested = {"A.I.1.a": "A", "A.I.1.b": "B", "A.I.2.a": "Ya"}
    wb = build_workbook(instrument, Cover(2021), {**suggested, "A.I.1.c": "C"}, suggested=set(suggested))
    path = tmp_path / "lke_2021.xlsx"
    wb.save(path)

    def final() -> dict[str, str]:
        frame = answer_frame(read_rows(path, LAYOUT), instrument, path.name)
        frame = frame[frame["answer"].notna()]
        return dict(zip(frame["code"], frame["answer"]))

    assert final() == {"A.I.1.c": "C"}  # the Tim's own answer only, none of the three suggestions
    ws = wb[LAYOUT.sheet]
    rows = _rows(ws, LAYOUT)
    ws.cell(rows["A.I.1.b"], LAYOUT.number("Konfirmasi")).value = "Ya"
    wb.save(path)
    assert final() == {"A.I.1.b": "B", "A.I.1.c": "C"}
