"""An answered PMPRB worksheet is read by the same header rule that accepted it: without its question header it is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import openpyxl
import pytest

from tests.conftest import run_annual
from tests.hostile_support import PMPRB_QUESTION as QUESTION
from tests.hostile_support import answered as answer
from tests.hostile_support import without_question_header
from tests.intake_support import query
from tests.pmprb_support import ROUND_TRIP_ASSETS
from tests.workbooks import put

YEAR = 2022
ASSETS = ROUND_TRIP_ASSETS


def answered(settings, tmp_path, edit) -> None:
    """The year's worksheet with one answer and ``edit(sheet, header_row, columns)`` applied, dropped into the PMPRB inbox."""
    wb = answer(openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / f"pmprb_{YEAR}.xlsx"), edit)
    inbox = settings.inbox_root / "pmprb" / str(YEAR)
    put(inbox / "LKE dijawab.xlsx", wb, dt.datetime(2023, 3, 1))


@pytest.fixture
def pmprb_settings(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, YEAR, ASSETS).success
    return settings


def test_a_worksheet_without_its_question_header_is_refused_at_file_level(pmprb_settings, tmp_path):
    answered(pmprb_settings, tmp_path, without_question_header)
    assert run_annual(pmprb_settings, YEAR, ASSETS).success
    files = query(pmprb_settings, "SELECT status, reason_code, reason FROM pmprb_files WHERE year = ?", [YEAR])
    assert files[["status", "reason_code"]].values.tolist() == [["ditolak", "HEADER_MISSING"]]
    assert QUESTION in files.iloc[0]["reason"]
    assert len(query(pmprb_settings, "SELECT * FROM pmprb_answers WHERE year = ?", [YEAR])) == 0


def test_headers_in_another_case_are_read_as_the_file_check_accepted_them(pmprb_settings, tmp_path):
    def shout(ws, header, cols):
        for name in ("Kode", QUESTION, "Jawaban"):
            ws.cell(row=header, column=cols[name], value=f" {name.upper()} ")

    answered(pmprb_settings, tmp_path, shout)
    assert run_annual(pmprb_settings, YEAR, ASSETS).success
    assert query(pmprb_settings, "SELECT status FROM pmprb_files WHERE year = ?", [YEAR])["status"].tolist() == [
        "berlaku"
    ]
    assert query(pmprb_settings, "SELECT answer FROM pmprb_answers WHERE year = ?", [YEAR])["answer"].tolist() == ["Ya"]
