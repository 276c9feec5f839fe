"""LibreOffice recalculates the generated worksheets; every formula equals pmprb_scores within 1e-9.

Five years in one run: fully answered (the reference LKE's 2015 answers),
partly answered, wrongly answered (invalid strings, wrong case, out-of-range
Hasil inputs), and two totals on the rating edge (80.00 is BB, 80.01 is A).
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from assets.pmprb.worksheet import CODE_COL, HEADER_ROW, PERCENT_COL, RATING_CODE, SCORE_COL
from tests.conftest import require_tool
from tests.pmprb_support import (
    materialize,
    recalculate,
    reference_answers,
    store_answers,
    stored_scores,
    worksheet_path,
)
from tests.test_pmprb_scoring import RATING_CASES

FULL = reference_answers(2015)
PARTLY = FULL.iloc[::3]
WRONG = pd.DataFrame(
    {
        "code": [
            "A.I.1.a",
            "A.I.1.b",
            "A.I.1.c",
            "A.I.2.a",
            "A.I.2.b",
            "A.II.1.a",
            "A.V.4.c",
            "A.VIII.5.a",
            "B.I.1",
            "B.I.2",
            "B.II.1",
            "B.II.2",
            "B.III.1",
        ],
        "answer": [
            "Z",
            "b",
            "E",
            "ya",
            "A.",
            "Tidak ",
            "1",
            "=A1",
            "150",
            "lima",
            "-1",
            "wajar tanpa pengecualian",
            "4",
        ],
    }
)
CASES = {2019: FULL, 2020: PARTLY, 2021: WRONG, 2022: RATING_CASES["80.00"][0], 2023: RATING_CASES["80.01"][0]}


def _frame(answers) -> pd.DataFrame:
    return (
        answers
        if isinstance(answers, pd.DataFrame)
        else pd.DataFrame({"code": list(answers), "answer": list(answers.values())})
    )


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    soffice = require_tool("soffice")
    from pipelines.settings import PROJECT_DIR, Settings

    tmp = tmp_path_factory.mktemp("recalc")
    settings = Settings(
        PROJECT_DIR / "sources", PROJECT_DIR / "sources", tmp / "outputs", tmp / "warehouse" / "rb.duckdb"
    )
    for year, answers in CASES.items():
        store_answers(settings, year, _frame(answers))
        assert materialize(settings, year).success
    files = recalculate(soffice, [worksheet_path(settings, year) for year in CASES], tmp)
    return settings, dict(zip(CASES, files))


@pytest.mark.parametrize("year", list(CASES))
def test_every_formula_equals_the_engine(recalculated, year):
    settings, files = recalculated
    scores = stored_scores(settings, year).set_index("code")
    ws = openpyxl.load_workbook(files[year], data_only=True)["LKE"]
    formulas = openpyxl.load_workbook(worksheet_path(settings, year))["LKE"]
    compared = 0
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        code = ws.cell(r, CODE_COL).value
        for col in (SCORE_COL, PERCENT_COL):
            if formulas.cell(r, col).data_type != "f":
                continue
            value = ws.cell(r, col).value
            if code == RATING_CODE:
                assert value == scores.loc["INDEKS_RB", "rating"]
            elif col == SCORE_COL:
                assert value == pytest.approx(scores.loc[code, "score"], abs=1e-9), (code, value)
            else:
                assert value == pytest.approx(scores.loc[code, "score"] / scores.loc[code, "weight"], abs=1e-9), code
            compared += 1
    assert compared == len(scores) + len(scores[scores["weight"].notna()]) + 1  # every score, every %, the rating


def test_the_cases_do_what_they_say(recalculated):
    settings, _ = recalculated
    totals = {year: stored_scores(settings, year).set_index("code") for year in CASES}
    assert totals[2019].loc["A", "score"] == pytest.approx(41.258286, abs=1e-6)
    assert totals[2020].loc["A", "score"] < totals[2019].loc["A", "score"]
    wrong = totals[2021]["score"]
    assert wrong["A.I.1.a"] == 0 and wrong["A.I.1.b"] == 0.67 and wrong["A.I.2.a"] == 1 and wrong["A.I.2.b"] == 0
    assert wrong["B.I.1"] == 0 and wrong["B.II.2"] == 3 and wrong["B.III.1"] == 10
    assert (totals[2022].loc["INDEKS_RB", "rating"], totals[2023].loc["INDEKS_RB", "rating"]) == ("BB", "A")
