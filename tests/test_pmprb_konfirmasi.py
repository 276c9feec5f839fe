"""A suggestion counts as the Tim's answer only where the Tim entered or confirmed it (Konfirmasi Ya).

Returning the worksheet untouched leaves every suggestion a suggestion; an answer the Tim changed, or a
suggestion whose Konfirmasi is Ya, is read back as final; an answer the Tim gave before is written with
Konfirmasi Ya and stays final. Both layouts: the item worksheet (14/2014) and the line worksheet (9/2023).
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from assets.pmprb.answer_intake import answer_rows, judge
from assets.pmprb.answers import answer_frame, read_rows
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import LAYOUT, LINE_LAYOUT, SUGGESTED_FILL, Cover, build_workbook
from tests.pmprb_support import INSTRUMENT_DIR, materialize, store_answers, worksheet_path

INSTRUMENT = load_instrument(INSTRUMENT_DIR)
LINES = load_instrument(INSTRUMENT_DIR.parent / "permenpanrb-9-2023-kabkota")


def _rows(ws, layout) -> dict[str, int]:
    return {str(ws.cell(r, 1).value): r for r in range(layout.header_row + 1, ws.max_row + 1)}


def _final(path, year: int = 2019) -> dict[str, str]:
    files = pd.DataFrame({"file": [path.name], "status": ["berlaku"]})
    accepted = judge(answer_rows(year, files, path.parent, INSTRUMENT), INSTRUMENT).accepted
    return dict(zip(accepted["code"], accepted["answer"]))


def test_untouched_suggestions_stay_suggestions(settings, tmp_path):
    suggested = pd.DataFrame({"code": ["A.I.1.a", "A.I.1.b", "A.I.1.c", "A.I.2.a"], "answer": ["A", "B", "C", "Ya"]})
    store_answers(settings, 2019, suggested, source="suggested")
    assert materialize(settings, 2019).success
    path = worksheet_path(settings, 2019)
    wb = openpyxl.load_workbook(path)
    ws = wb[LAYOUT.sheet]
    rows = _rows(ws, LAYOUT)
    answer, confirm, usulan = (LAYOUT.number(h) for h in ("Jawaban", "Konfirmasi", "Usulan Sistem"))
    assert ws.column_dimensions[LAYOUT.letter("Usulan Sistem")].hidden
    for code, given in zip(suggested["code"], suggested["answer"]):
        assert ws.cell(rows[code], answer).value == given and ws.cell(rows[code], usulan).value == given
        assert ws.cell(rows[code], confirm).value is None and not ws.cell(rows[code], confirm).protection.locked
        assert ws.cell(rows[code], answer).fill.fgColor.rgb == SUGGESTED_FILL.fgColor.rgb

    assert _final(path) == {}  # sent back as it came: 0 final answers, not 4

    ws.cell(rows["A.I.1.b"], answer).value = "a"  # the Tim changed it
    ws.cell(rows["A.I.1.c"], confirm).value = "ya"  # the Tim confirmed it
    ws.cell(rows["A.I.3.a"], answer).value = "B"  # the Tim answered an item with no suggestion
    ws.cell(rows["A.I.1.a"], LAYOUT.number("Catatan")).value = "Periksa bukti"  # a note, the answer untouched
    edited = tmp_path / "dijawab.xlsx"
    wb.save(edited)
    assert _final(edited) == {"A.I.1.b": "A", "A.I.1.c": "C", "A.I.3.a": "B"}

    store_answers(settings, 2019, pd.DataFrame({"code": ["A.I.1.b"], "answer": ["A"]}))  # now final
    assert materialize(settings, 2019).success
    again = openpyxl.load_workbook(worksheet_path(settings, 2019))[LAYOUT.sheet]
    assert again.cell(rows["A.I.1.b"], confirm).value == "Ya" and again.cell(rows["A.I.1.b"], usulan).value is None
    assert _final(worksheet_path(settings, 2019)) == {"A.I.1.b": "A"}  # the Tim's answer stays the Tim's


def test_the_line_worksheet_keeps_suggestions_apart_too(tmp_path):
    wb = build_workbook(
        LINES, Cover(2023), {"1025": "98.25", "1024": "2.21", "1030": "73.24"}, suggested={"1025", "1024"}
    )
    path = tmp_path / "lke_2023.xlsx"
    wb.save(path)
    ws = wb[LINE_LAYOUT.sheet]
    rows = _rows(ws, LINE_LAYOUT)
    confirm = LINE_LAYOUT.number("Konfirmasi")
    assert ws.cell(rows["1030"], confirm).value == "Ya" and ws.cell(rows["1025"], confirm).value is None

    def final() -> set[str]:
        frame = answer_frame(read_rows(path, LINE_LAYOUT), LINES, path.name)
        return set(frame.loc[frame["answer"].notna(), "code"])

    assert final() == {"1030"}
    ws.cell(rows["1024"], confirm).value = "Ya"
    ws.cell(rows["1025"], LINE_LAYOUT.number("Nilai")).value = 97.5
    wb.save(path)
    assert final() == {"1024", "1025", "1030"}


def test_an_untouched_suggestion_follows_the_data_after_a_regeneration(settings, tmp_path):
    """The worksheet returned untouched adds no final answer, so when the data behind a suggestion change
    the regenerated worksheet suggests the new answer; an answer the Tim confirmed stays as confirmed."""
    store_answers(settings, 2019, pd.DataFrame({"code": ["A.I.1.a", "A.I.1.b"], "answer": ["C", "C"]}), "suggested")
    assert materialize(settings, 2019).success
    path = worksheet_path(settings, 2019)
    wb = openpyxl.load_workbook(path)
    ws = wb[LAYOUT.sheet]
    rows = _rows(ws, LAYOUT)
    ws.cell(rows["A.I.1.b"], LAYOUT.number("Konfirmasi")).value = "Ya"
    returned = tmp_path / "dijawab.xlsx"
    wb.save(returned)
    final = _final(returned)
    assert final == {"A.I.1.b": "C"}  # A.I.1.a untouched: no final answer

    changed = pd.DataFrame(  # the Tim's confirmed answer, and the suggestion the changed data now give
        {"code": ["A.I.1.b", "A.I.1.a"], "answer": ["C", "A"], "answer_source": ["final", "suggested"]}
    )
    store_answers(settings, 2019, changed)
    assert materialize(settings, 2019).success
    again = openpyxl.load_workbook(worksheet_path(settings, 2019))[LAYOUT.sheet]
    answer, confirm, usulan = (LAYOUT.number(h) for h in ("Jawaban", "Konfirmasi", "Usulan Sistem"))
    assert (again.cell(rows["A.I.1.a"], answer).value, again.cell(rows["A.I.1.a"], usulan).value) == ("A", "A")
    assert again.cell(rows["A.I.1.a"], confirm).value is None
    assert (again.cell(rows["A.I.1.b"], answer).value, again.cell(rows["A.I.1.b"], confirm).value) == ("C", "Ya")
