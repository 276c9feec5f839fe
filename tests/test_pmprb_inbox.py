"""The answered worksheet dropped into sources/pmprb/<year>/ changes the stored score exactly as the instrument says."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import openpyxl
import pytest

from tests.conftest import run_annual
from tests.pmprb_support import ROUND_TRIP_ASSETS
from tests.workbooks import put

YEAR = 2022
ASSETS = ROUND_TRIP_ASSETS


def scores(settings):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(
            "SELECT level, code, answer, answer_source, score FROM pmprb_scores WHERE year = ?", [YEAR]
        ).df()


def test_answers_come_back_through_the_inbox(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, YEAR, ASSETS).success
    blank = scores(settings)
    assert blank[blank["level"] == "item"]["answer"].isna().all()

    wb = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / f"pmprb_{YEAR}.xlsx")
    ws = wb["LKE"]
    header_row = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Kode")
    cols = {ws.cell(row=header_row, column=c).value: c for c in range(1, ws.max_column + 1)}
    edits = {}
    for r in range(header_row + 1, ws.max_row + 1):
        code, kind = ws.cell(row=r, column=cols["Kode"]).value, ws.cell(row=r, column=cols["Pilihan Jawaban"]).value
        if kind == "A/B/C/D" and "A/B/C/D" not in edits:
            edits["A/B/C/D"] = code
            ws.cell(row=r, column=cols["Jawaban"], value="b.")
        elif kind == "Y/T" and "Y/T" not in edits:
            edits["Y/T"] = code
            ws.cell(row=r, column=cols["Jawaban"], value=" ya ")
        elif kind == "A/B/C" and "A/B/C" not in edits:
            edits["A/B/C"] = code
            ws.cell(row=r, column=cols["Jawaban"], value="Z")
    buffer = tmp_path / "dijawab.xlsx"
    wb.save(buffer)
    put(
        settings.inbox_root / "pmprb" / str(YEAR) / "LKE dijawab tim.xlsx", buffer.read_bytes(), dt.datetime(2023, 3, 1)
    )
    assert run_annual(settings, YEAR, ASSETS).success

    after = scores(settings).set_index("code")
    assert after.at[edits["A/B/C/D"], "answer"] == "B" and after.at[edits["A/B/C/D"], "score"] == pytest.approx(0.67)
    assert after.at[edits["Y/T"], "answer"] == "Ya" and after.at[edits["Y/T"], "score"] == 1
    assert after.at[edits["A/B/C/D"], "answer_source"] == "final"
    assert after.at[edits["A/B/C"], "score"] == 0
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        refused = conn.execute(
            "SELECT code, raw_answer, reason_code FROM pmprb_answer_rejects WHERE year = ?", [YEAR]
        ).fetchall()
        files = conn.execute("SELECT status FROM pmprb_files WHERE year = ?", [YEAR]).fetchall()
    assert refused == [(edits["A/B/C"], "Z", "ANSWER_NOT_ALLOWED")]
    assert files == [("berlaku",)]
    total_before = blank[blank["level"] == "total"]["score"].iloc[0]
    total_after = after[after["level"] == "total"]["score"].iloc[0]
    assert total_after > total_before
