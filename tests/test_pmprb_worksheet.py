"""The PMPRB worksheet: layout, protection, drop-downs, allowed functions, reproducible bytes."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd

from assets.files import write_bytes_atomically as write_if_changed
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import ANSWER_COL, CODE_COL, HEADER_ROW, HEADERS, LAYOUT, NOTE_COL, Cover, build_workbook
from assets.xlsx_files import workbook_bytes
from tests.pmprb_support import INSTRUMENT_DIR, materialize, store_answers, worksheet_path

INSTRUMENT = load_instrument(INSTRUMENT_DIR)
CONFIRM_COL = LAYOUT.number("Konfirmasi")
# Functions Excel 2010 and LibreOffice 7.4 both compute the same way.
ALLOWED_FUNCTIONS = {"IF", "SUM", "SUMPRODUCT", "UPPER", "INDEX", "ISNUMBER", "AND"}


def test_layout_codes_protection_and_drop_downs(settings):
    store_answers(settings, 2019, pd.DataFrame({"code": ["A.I.1.a", "A.I.1.b"], "answer": ["B", "=SUM(1)"]}))
    assert materialize(settings, 2019).success
    wb = openpyxl.load_workbook(worksheet_path(settings, 2019))
    assert wb.sheetnames == ["Identitas", "Ringkasan", "LKE", "Jawaban Ditolak", "Referensi"]
    identity = {row[0].value: row[1].value for row in wb["Identitas"].iter_rows()}
    assert identity["Tahun penilaian"] == 2019 and identity["Versi instrumen"] == "permenpanrb-14-2014"
    assert "14/2014" in identity["Catatan instrumen"]
    ws = wb["LKE"]
    assert [c.value for c in ws[HEADER_ROW]] == HEADERS
    assert ws.column_dimensions["A"].hidden
    rows = range(HEADER_ROW + 1, ws.max_row + 1)
    codes = [ws.cell(r, CODE_COL).value for r in rows]
    assert all(codes) and len(set(codes)) == len(codes)
    assert set(INSTRUMENT.items["item_id"]) <= set(codes) and {"A", "B", "INDEKS_RB", "PREDIKAT"} <= set(codes)
    items = {
        ws.cell(r, CODE_COL).value: r for r in rows if ws.cell(r, CODE_COL).value in set(INSTRUMENT.items["item_id"])
    }
    assert ws.protection.sheet and not ws.protection.password
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            unlocked = cell.row in items.values() and cell.column in (ANSWER_COL, NOTE_COL, CONFIRM_COL)
            assert cell.protection.locked != unlocked, cell.coordinate
    assert ws.cell(items["A.I.1.a"], ANSWER_COL).value == "B"
    injected = ws.cell(items["A.I.1.b"], ANSWER_COL)
    assert injected.value == "=SUM(1)" and injected.data_type == "s"  # user text stays text
    lists = {dv.formula1: {str(r) for r in dv.sqref.ranges} for dv in ws.data_validations.dataValidation}
    assert set(lists) == {'"Ya,Tidak"', '"A,B,C"', '"A,B,C,D"', '"A,B,C,D,E"', '"Ya"'}  # "Ya": Konfirmasi
    for item in INSTRUMENT.items.itertuples():
        expected = '"' + ",".join(INSTRUMENT.allowed_answers(item.answer_type)) + '"'
        assert f"G{items[item.item_id]}" in lists[expected]


def test_formulas_use_only_functions_both_spreadsheets_compute():
    wb = build_workbook(INSTRUMENT, Cover(2020), {})
    formulas = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert len(formulas) > 146
    used = {name for f in formulas for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", f)}
    assert used <= ALLOWED_FUNCTIONS, used - ALLOWED_FUNCTIONS
    assert not any("AVERAGE" in f or "COUNT(" in f for f in formulas)


def test_same_content_gives_the_same_bytes_and_no_rewrite(tmp_path):
    first = workbook_bytes(build_workbook(INSTRUMENT, Cover(2022, "catatan"), {"A.I.1.a": "A"}))
    second = workbook_bytes(build_workbook(INSTRUMENT, Cover(2022, "catatan"), {"A.I.1.a": "A"}))
    assert first == second
    path = tmp_path / "2022" / "pmprb_2022.xlsx"
    assert write_if_changed(path, first)
    stamp = path.stat().st_mtime_ns
    assert not write_if_changed(path, second)
    assert path.stat().st_mtime_ns == stamp
    other = workbook_bytes(build_workbook(INSTRUMENT, Cover(2022, "catatan"), {"A.I.1.a": "B"}))
    assert write_if_changed(path, other) and path.read_bytes() == other
    assert [p.name for p in path.parent.iterdir()] == ["pmprb_2022.xlsx"]  # no temporary file left
    assert openpyxl.load_workbook(path).properties.modified.year == 2000


def test_rerunning_the_asset_does_not_rewrite_the_worksheet(settings):
    first = materialize(settings, 2019)
    stamp = worksheet_path(settings, 2019).stat().st_mtime_ns
    second = materialize(settings, 2019)
    meta = [r.asset_materializations_for_node("pmprb_worksheet")[0].metadata for r in (first, second)]
    assert meta[0]["rewritten"].value is True and meta[1]["rewritten"].value is False
    assert meta[0]["path"].value == str(worksheet_path(settings, 2019))
    assert worksheet_path(settings, 2019).stat().st_mtime_ns == stamp


def test_every_versions_formulas_use_only_functions_both_spreadsheets_compute():
    """ROUND and SIGN (the 9/2023 rounding) join the functions above; Excel 2010 and LibreOffice compute them alike."""
    allowed = ALLOWED_FUNCTIONS | {"ROUND", "SIGN"}
    for version in ("permenpanrb-26-2020", "permenpanrb-9-2023-kabkota"):
        wb = build_workbook(load_instrument(INSTRUMENT_DIR.parent / version), Cover(2023), {})
        formulas = [c.value for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
        used = {name for f in formulas for name in re.findall(r"([A-Z][A-Z0-9.]*)\(", f)}
        assert used <= allowed, (version, used - allowed)
