"""The Tim PMPRB's answers are judged by the GX suite pmprb_answer_rows, like every other form's rows.

Each refusal has its reason code and a reason filled from its row; a refused answer scores 0, is listed in
pmprb_answer_rejects and shows as a failed asset check on pmprb_answers.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest

from assets.pmprb.answer_intake import SUITE
from assets.pmprb.worksheet import LAYOUT
from assets.validation_results import result_path
from expectations.adapter import SUITES_DIR, Suite
from tests.conftest import run_annual
from tests.intake_support import query
from tests.pmprb_support import ROUND_TRIP_ASSETS, pmprb_assets
from tests.workbooks import put

YEAR = 2019  # a 14/2014 year: the reasons name that instrument
ASSETS = ROUND_TRIP_ASSETS
PLACEHOLDER = re.compile(r"\{\w*\}")


@pytest.fixture
def answered(settings, tmp_path):
    """The year's worksheet answered with one good answer and one row of each refusal, dropped into the inbox."""
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, YEAR, ASSETS).success
    wb = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / f"pmprb_{YEAR}.xlsx")
    ws = wb[LAYOUT.sheet]
    col = {h: LAYOUT.number(h) for h in LAYOUT.headers}
    rows = {ws.cell(r, col["Kode"]).value: r for r in range(LAYOUT.header_row + 1, ws.max_row + 1)}

    def answer(code: str, text: object) -> None:
        ws.cell(rows[code], col[LAYOUT.answer_header], value=text)

    answer("A.I.2.a", "ya")  # accepted: Ya = 1
    answer("A.I.3.a", "Z")  # A/B/C/D: not allowed
    answer("A.I.1.a", "A")  # answered twice: here and on the row of A.I.1.b, whose code was overwritten
    ws.cell(rows["A.I.1.b"], col["Kode"], value="A.I.1.a")
    answer("A.I.1.b", "B")
    ws.cell(rows["A.I.1.c"], col["Kode"]).value = None  # matches no item: neither its code nor its question
    ws.cell(rows["A.I.1.c"], col[LAYOUT.question_header], value="Pertanyaan yang tidak ada di instrumen")
    answer("A.I.1.c", "C")
    wb.save(tmp_path / "lke.xlsx")
    put(
        settings.inbox_root / "pmprb" / str(YEAR) / "LKE dijawab.xlsx",
        (tmp_path / "lke.xlsx").read_bytes(),
        dt.datetime(2023, 3, 1),
    )
    result = run_annual(settings, YEAR, ASSETS)
    assert result.success
    return settings, result, rows


def test_each_refusal_has_its_reason_code_and_a_filled_reason_and_scores_zero(answered):
    settings, _, rows = answered
    rejects = query(settings, "SELECT * FROM pmprb_answer_rejects WHERE year = ? ORDER BY row", [YEAR])
    by_row = {r["row"]: r for r in rejects.to_dict("records")}
    assert {r: by_row[r]["reason_code"] for r in by_row} == {
        rows["A.I.1.a"]: "ITEM_DUPLICATE",
        rows["A.I.1.b"]: "ITEM_DUPLICATE",
        rows["A.I.1.c"]: "ITEM_UNKNOWN",
        rows["A.I.3.a"]: "ANSWER_NOT_ALLOWED",
    }
    assert by_row[rows["A.I.3.a"]]["reason"] == (
        "Jawaban 'Z' tidak termasuk pilihan untuk jenis jawaban A/B/C/D (A, B, C, D); butir ini bernilai 0."
    )
    assert "Butir A.I.1.a dijawab lebih dari sekali" in by_row[rows["A.I.1.b"]]["reason"]
    unknown = by_row[rows["A.I.1.c"]]
    assert (
        f"baris {rows['A.I.1.c']} " in unknown["reason"]
        and "permenpanrb-14-2014" in unknown["reason"]
        and pd.isna(unknown["code"])
    )
    assert not any(PLACEHOLDER.search(r) for r in rejects["reason"])

    answers = query(settings, "SELECT code, answer, raw_answer, matched_by FROM pmprb_answers WHERE year = ?", [YEAR])
    assert answers.values.tolist() == [["A.I.2.a", "Ya", "ya", "kode"]]
    scores = query(settings, "SELECT code, answer, score FROM pmprb_scores WHERE year = ? AND level = 'item'", [YEAR])
    score = scores.set_index("code")["score"]
    assert score["A.I.2.a"] == 1
    assert (score["A.I.1.a"], score["A.I.1.b"], score["A.I.1.c"], score["A.I.3.a"]) == (0, 0, 0, 0)


def test_the_suite_surfaces_as_asset_checks_on_pmprb_answers_and_is_stored(answered):
    settings, result, _ = answered
    evaluations = {
        e.check_name: e for e in result.get_asset_check_evaluations() if e.asset_key.to_user_string() == "pmprb_answers"
    }
    numbers = {"value_is_number", "value_not_below_range", "value_not_above_range"}  # 9/2023 lines, 26/2020 subtotals
    assert (
        set(evaluations) == set(SUITE.check_names()) == {"item_known", "item_answered_once", "answer_allowed", *numbers}
    )
    counts = {name: (e.passed, e.metadata["unexpected_count"].value) for name, e in evaluations.items()}
    assert counts == {
        "item_known": (False, 1),
        "item_answered_once": (False, 2),
        "answer_allowed": (False, 1),
        **{name: (True, 0) for name in numbers},
    }
    assert all(not PLACEHOLDER.search(e.metadata["reason"].value) for e in evaluations.values())

    (intake,) = [a for a in pmprb_assets() if "pmprb_answers" in {k.to_user_string() for k in a.keys}]
    specs = {s.name: s for s in intake.check_specs}
    assert set(specs) == set(evaluations)
    assert all(s.description and not PLACEHOLDER.search(s.description) and not s.blocking for s in specs.values())
    assert specs["answer_allowed"].description.startswith(
        "Jawaban tidak termasuk pilihan untuk jenis jawaban; butir ini bernilai 0."
    )

    stored = json.loads(result_path(settings.outputs_dir, "pmprb_answer_rows", YEAR).read_text(encoding="utf-8"))
    assert not stored["success"] and {r["check_name"]: r["unexpected_count"] for r in stored["results"]} == {
        "item_known": 1,
        "item_answered_once": 2,
        "answer_allowed": 1,
        **{name: 0 for name in numbers},
    }
    assert not any(PLACEHOLDER.search(r["reason"]) for r in stored["results"])


@pytest.mark.parametrize("name", sorted(p.stem for p in SUITES_DIR.glob("*.json")))
def test_no_check_description_of_any_suite_shows_a_placeholder(name):
    suite = Suite.load(name)
    for spec in suite.check_specs("any_asset"):
        assert not PLACEHOLDER.search(spec.description) and "  " not in spec.description, spec.description
