"""Every row read ends accepted or refused with a reason; GX decides; feedback closes the loop."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import duckdb
import openpyxl
import pytest

from assets.forms.layouts import REALISASI
from assets.forms.parsing import parsed_frame
from assets.forms.read import read_rows
from assets.forms.route import route
from assets.xlsx_files import workbook_bytes
from expectations.adapter import SUITES_DIR, Suite
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.workbooks import put, unit_template

YEAR = 2021


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).df()


def independent_row_count(path) -> int:
    """Rows whose Kode or any input cell is filled, counted with plain openpyxl."""
    ws = openpyxl.load_workbook(path, data_only=True)["Realisasi"]
    header = [c.value for c in ws[1]]
    wanted = [header.index(h) for h in ["Kode", *REALISASI.input_headers] if h in header]
    return sum(
        1
        for row in ws.iter_rows(min_row=2, values_only=True)
        if any(row[i] not in (None, "") for i in wanted if i < len(row))
    )


@pytest.fixture
def year_settings(settings, tmp_path):
    return replace(settings, inbox_root=tmp_path / "inbox")


def test_templates_filled_without_mistakes_ingest_with_zero_refusals(year_settings):
    generate(year_settings, years=[YEAR], with_mistakes=False)
    assert run_annual(year_settings, YEAR).success
    assert len(query(year_settings, "SELECT * FROM progress_rejects WHERE year = ?", [YEAR])) == 0
    files = query(year_settings, "SELECT file FROM submissions WHERE status = 'berlaku' AND year = ?", [YEAR])["file"]
    counts = query(year_settings, "SELECT file, count(*) AS n FROM progress GROUP BY file").set_index("file")["n"]
    for f in files:
        assert counts[f] == independent_row_count(year_settings.inbox_root / f), f


def test_sample_mistakes_are_refused_with_reasons_and_every_row_is_accounted(year_settings):
    generate(year_settings, years=[YEAR], with_mistakes=True)
    result = run_annual(year_settings, YEAR)
    assert result.success
    rejects = query(year_settings, "SELECT * FROM progress_rejects WHERE year = ?", [YEAR])
    accepted = query(year_settings, "SELECT file, count(*) AS n FROM progress GROUP BY file").set_index("file")["n"]
    refused = rejects.groupby("file").size()
    assert len(rejects) > 0 and rejects["reason"].str.len().min() > 15
    for f in query(year_settings, "SELECT file FROM submissions WHERE status = 'berlaku'")["file"]:
        assert accepted.get(f, 0) + refused.get(f, 0) == independent_row_count(year_settings.inbox_root / f), f
    check = {c.check_name: c for c in result.get_asset_check_evaluations()}["rows_read_equal_accepted_plus_refused"]
    assert check.passed


def test_clerk_edits_the_way_excel_does(year_settings):
    wb = unit_template(SOURCES, YEAR, "ORG")
    ws = wb["Realisasi"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    kinds = {r[0]: r for r in rows}
    percent_code = next(c for c, r in kinds.items() if r[4] == "persen")
    for i, r in enumerate(rows, start=2):
        ws.cell(row=i, column=6, value="Ya" if r[4] == "Ya/Tidak" else str(i))  # numbers typed as text
        ws.cell(row=i, column=7, value=f"Dokumen {i}")
    cell = next(ws.cell(row=i, column=6) for i, r in enumerate(rows, start=2) if r[0] == percent_code)
    cell.value, cell.number_format = 0.75, "0%"  # a typed "75%"
    clerk = openpyxl.Workbook()
    shuffled = clerk.active
    shuffled.title = "Realisasi"
    header = [c.value for c in ws[1]]
    shuffled.append(header[:6] + ["Catatan Saya"] + header[6:])  # an extra column
    body = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    formats = {r[0].value: r[5].number_format for r in ws.iter_rows(min_row=2)}
    for n, r in enumerate(sorted(body, key=lambda r: r[0], reverse=True)):  # rows sorted
        if n == 3:
            shuffled.append([])  # a blank row in the middle
        shuffled.append(r[:6] + ["catatan pribadi"] + r[6:])
        shuffled.cell(row=shuffled.max_row, column=6).number_format = formats[r[0]]
    ident = clerk.create_sheet("Identitas")
    for row in wb["Identitas"].iter_rows(values_only=True):
        ident.append(list(row))
    path = put(year_settings.inbox_root / "submissions" / str(YEAR) / "org.xlsx", clerk)
    assert run_annual(year_settings, YEAR).success
    assert len(query(year_settings, "SELECT * FROM progress_rejects")) == 0
    got = query(year_settings, "SELECT code, realisasi FROM progress").set_index("code")["realisasi"]
    assert got[percent_code] == pytest.approx(75)
    assert len(got) == len(rows) == independent_row_count(path)


def test_text_starting_with_equals_stays_text(year_settings):
    wb = unit_template(SOURCES, YEAR, "HUKUM")
    ws = wb["Realisasi"]
    for i in range(2, ws.max_row + 1):
        ws.cell(row=i, column=6, value="Ya" if ws.cell(row=i, column=5).value == "Ya/Tidak" else 1)
        ws.cell(row=i, column=7).value = '=HYPERLINK("http://contoh")'
        ws.cell(row=i, column=7).data_type = "s"
    ws.cell(row=2, column=6, value="sudah")
    put(year_settings.inbox_root / "submissions" / str(YEAR) / "hukum.xlsx", wb)
    assert run_annual(year_settings, YEAR).success
    assert set(query(year_settings, "SELECT bukti_dukung FROM progress")["bukti_dukung"]) == {
        '=HYPERLINK("http://contoh")'
    }
    fb = openpyxl.load_workbook(year_settings.outputs_dir / str(YEAR) / "feedback" / "HUKUM.xlsx")["Realisasi"]
    assert fb.cell(row=3, column=7).data_type == "s" and fb.cell(row=3, column=7).value.startswith("=")


def test_a_changed_suite_file_refuses_different_rows_without_code_change(tmp_path):
    wb = unit_template(SOURCES, YEAR, "ORG")
    ws = wb["Realisasi"]
    for i in range(2, ws.max_row + 1):
        unit = ws.cell(row=i, column=5).value
        ws.cell(row=i, column=6, value="Ya" if unit == "Ya/Tidak" else (95 if unit == "persen" else 3))
        ws.cell(row=i, column=7, value="SK 1")
    path = put(tmp_path / "org.xlsx", wb)
    rows = read_rows(path, REALISASI)
    kinds = {
        r[0]: (("percent" if r[4] == "persen" else "qualitative" if r[4] == "Ya/Tidak" else "count"), None)
        for r in ws.iter_rows(min_row=2, values_only=True)
    }
    frame = parsed_frame(
        rows, year=YEAR, unit_code="ORG", file="org.xlsx", kinds=kinds, fields=list(REALISASI.fields.values())
    )
    params = {
        "codes": list(kinds),
        "responsibilities": [f"ORG|{c}" for c in kinds],
        "scheduled": [f"{YEAR}|{c}" for c in kinds],
    }
    assert route(frame, Suite.load("progress_rows"), params).refused.empty

    data = json.loads((SUITES_DIR / "progress_rows.json").read_text())
    for e in data["expectations"]:
        if e["meta"]["check_name"] == "percent_within_0_100":
            e["kwargs"]["max_value"] = 90
    (tmp_path / "suites").mkdir()
    (tmp_path / "suites" / "progress_rows.json").write_text(json.dumps(data))
    refused = route(frame, Suite.load("progress_rows", suites_dir=tmp_path / "suites"), params).refused
    percent_codes = sorted(c for c, (k, _) in kinds.items() if k == "percent")
    assert percent_codes and sorted(refused["code"]) == percent_codes
    assert set(refused["reason_code"]) == {"PERCENT_OUT_OF_RANGE"}


def test_feedback_fixed_and_sent_back_gives_zero_refusals_and_keeps_accepted_rows(year_settings):
    generate(year_settings, years=[YEAR], with_mistakes=True)
    assert run_annual(year_settings, YEAR).success
    rejects = query(year_settings, "SELECT * FROM progress_rejects WHERE year = ?", [YEAR])
    unit = rejects["unit"].value_counts().index[0]
    before = query(year_settings, "SELECT code, realisasi FROM progress WHERE unit = ?", [unit])
    wb = openpyxl.load_workbook(year_settings.outputs_dir / str(YEAR) / "feedback" / f"{unit}.xlsx")
    ws = wb["Realisasi"]
    note_col = [c.value for c in ws[1]].index("Catatan Validasi") + 1
    for i in range(ws.max_row, 1, -1):
        note = ws.cell(row=i, column=note_col).value or ""
        if not note.startswith("DITOLAK"):
            continue
        if ws.cell(row=i, column=1).fill.fgColor.rgb.endswith("FFC7CE"):  # the Kode cell is red: drop the row
            ws.delete_rows(i)
        else:
            satuan = ws.cell(row=i, column=5).value
            ws.cell(row=i, column=6, value="Ya" if satuan == "Ya/Tidak" else 1)
            ws.cell(row=i, column=7, value="SK perbaikan")
    later = dt.datetime.now() + dt.timedelta(minutes=5)
    put(year_settings.inbox_root / "submissions" / str(YEAR) / "perbaikan" / f"{unit}.xlsx", workbook_bytes(wb), later)
    assert run_annual(year_settings, YEAR).success
    assert len(query(year_settings, "SELECT * FROM progress_rejects WHERE unit = ?", [unit])) == 0
    after = query(year_settings, "SELECT code, realisasi FROM progress WHERE unit = ?", [unit]).set_index("code")[
        "realisasi"
    ]
    for code, value in zip(before["code"], before["realisasi"]):
        assert after[code] == value
    assert len(after) > len(before)
