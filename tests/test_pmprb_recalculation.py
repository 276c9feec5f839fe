"""LibreOffice recalculates the generated worksheets of every instrument version; every formula equals
pmprb_scores within 1e-9.

Five cases per version, each scored as one year of a warehouse whose years all use that version:
14/2014 fully answered (the reference LKE's 2015 answers), partly answered, wrongly answered (invalid
strings, wrong case, out-of-range Hasil inputs) and two totals on the rating edge (80.00 is BB, 80.01
is A); 26/2020 the same kinds of cases with its entered subtotals; 9/2023 Kabupaten Magetan's official
values, the same with a penyesuaian and another opinion, wrong values, nothing entered and every line at
its maximum.
"""

from __future__ import annotations

import shutil

import openpyxl
import pandas as pd
import pytest

from assets.forms.layouts import INBOXES
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import LAYOUT, LINE_LAYOUT, RATING_CODE
from tests.conftest import SOURCES, require_tool
from tests.pmprb_support import (
    INSTRUMENT_DIR,
    edit_csv,
    magetan_2023_answers,
    materialize,
    recalculate,
    reference_answers,
    store_answers,
    stored_scores,
    worksheet_path,
)
from tests.test_pmprb_scoring import RATING_CASES, everything_answered_a

V14, V20, V23 = "permenpanrb-14-2014", "permenpanrb-26-2020", "permenpanrb-9-2023-kabkota"
YEARS = (2019, 2020, 2021, 2022, 2023)
FULL = reference_answers(2015)
PARTLY = FULL.iloc[::3]
WRONG_ITEMS = {
    "A.I.1.a": "Z",
    "A.I.1.b": "b",
    "A.I.1.c": "E",
    "A.I.2.a": "ya",
    "A.I.2.b": "A.",
    "A.II.1.a": "Tidak ",
    "A.V.4.c": "1",
    "A.VIII.5.a": "=A1",
}
WRONG = {
    **WRONG_ITEMS,
    "B.I.1": "150",
    "B.I.2": "lima",
    "B.II.1": "-1",
    "B.II.2": "wajar tanpa pengecualian",
    "B.III.1": "4",
}
SUBTOTALS = {"A.HASIL_ANTARA": "7.5", "A.REFORM": "20.25", "B.1": "8", "B.2": "6.5", "B.3": "7.25", "B.4": "5.5"}
BEST_2020 = {**everything_answered_a(), "A.HASIL_ANTARA": "10", "A.REFORM": "30", "B.1": "10", "B.2": "10"}
MAGETAN = magetan_2023_answers()
LINES_2023 = load_instrument(INSTRUMENT_DIR.parent / V23).lines
AT_MAX = {
    line.code: (str(line.max_value) if line.rule == "ratio" else "WTP")
    for line in LINES_2023.itertuples()
    if line.input == "lembar_kerja" and line.rule in ("ratio", "points") and line.code != "1049"
}
CASES = {
    V14: dict(zip(YEARS, [FULL, PARTLY, WRONG, RATING_CASES["80.00"][0], RATING_CASES["80.01"][0]])),
    V20: dict(
        zip(
            YEARS,
            [
                {**dict(zip(FULL["code"], FULL["answer"])), **SUBTOTALS},
                PARTLY,
                {**WRONG_ITEMS, "A.HASIL_ANTARA": "11", "A.REFORM": "-1", "B.1": "lima", "B.2": "10,5", "B.3": "10"},
                BEST_2020,
                {**BEST_2020, "B.3": "0.01"},
            ],
        )
    ),
    V23: dict(
        zip(
            YEARS,
            [
                MAGETAN,
                {**MAGETAN, "1044": "WDP", "BOBOT_RB_GENERAL": "86.5"},
                {**MAGETAN, "1024": "4", "1028": "0.5", "1030": "lima", "1044": "wajar", "1049": "-2"},
                {},
                AT_MAX,
            ],
        )
    ),
}


def _frame(answers) -> pd.DataFrame:
    return (
        answers
        if isinstance(answers, pd.DataFrame)
        else pd.DataFrame({"code": list(answers), "answer": list(answers.values())})
    )


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    soffice = require_tool("soffice")
    from pipelines.settings import Settings

    tmp = tmp_path_factory.mktemp("recalc")
    runs, paths = {}, []
    for version, cases in CASES.items():
        sources = tmp / version / "sources"
        shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns(*INBOXES))
        edit_csv(
            sources / "instrument" / "instrument_years.csv",
            lambda rows, v=version: [dict(r, instrument_version=v) for r in rows],
        )
        settings = Settings(sources, sources, tmp / version / "outputs", tmp / version / "warehouse" / "rb.duckdb")
        for year, answers in cases.items():
            store_answers(settings, year, _frame(answers))
            assert materialize(settings, year).success
            paths.append(worksheet_path(settings, year))
        runs[version] = settings
    named = [tmp / f"{p.parent.parent.parent.name}_{p.name}" for p in paths]  # names differ: results land side by side
    for path, copy in zip(paths, named):
        shutil.copyfile(path, copy)
    files = dict(zip(paths, recalculate(soffice, named, tmp)))
    return runs, files


CASE_IDS = [(v, y) for v in CASES for y in YEARS]


@pytest.mark.parametrize("version, year", CASE_IDS, ids=[f"{v}-{y}" for v, y in CASE_IDS])
def test_every_formula_equals_the_engine(recalculated, version, year):
    runs, files = recalculated
    settings = runs[version]
    layout = LINE_LAYOUT if version == V23 else LAYOUT
    score_col, percent_col = layout.number("Skor" if layout is LINE_LAYOUT else "Nilai"), None
    if layout is LAYOUT:
        percent_col = layout.number("%")
    scores = stored_scores(settings, year).set_index("code")
    rated = scores[scores["rating"].notna()]
    ws = openpyxl.load_workbook(files[worksheet_path(settings, year)], data_only=True)["LKE"]
    formulas = openpyxl.load_workbook(worksheet_path(settings, year))["LKE"]
    compared = 0
    for r in range(layout.header_row + 1, ws.max_row + 1):
        code = ws.cell(r, 1).value
        for col in (c for c in (score_col, percent_col) if c):
            if formulas.cell(r, col).data_type != "f":
                continue
            value = ws.cell(r, col).value
            if code == RATING_CODE:
                assert value == rated["rating"].iloc[0]
            elif col == score_col:
                assert value == pytest.approx(scores.loc[str(code), "score"], abs=1e-9), (code, value)
            else:
                expected = scores.loc[code, "score"] / scores.loc[code, "weight"]
                assert value == pytest.approx(expected, abs=1e-9), code
            compared += 1
    with_percent = scores["weight"].notna() & (scores["level"] != "penyesuaian") if percent_col else False
    assert compared == len(scores) + int(pd.Series(with_percent).sum()) + 1  # every score, every %, the rating


def test_the_cases_do_what_they_say(recalculated):
    runs, _ = recalculated
    totals = {(v, y): stored_scores(runs[v], y).set_index("code") for v in CASES for y in YEARS}
    assert totals[(V14, 2019)].loc["A", "score"] == pytest.approx(41.258286, abs=1e-6)
    assert totals[(V14, 2020)].loc["A", "score"] < totals[(V14, 2019)].loc["A", "score"]
    wrong = totals[(V14, 2021)]["score"]
    assert wrong["A.I.1.a"] == 0 and wrong["A.I.1.b"] == 0.67 and wrong["A.I.2.a"] == 1 and wrong["A.I.2.b"] == 0
    assert wrong["B.I.1"] == 0 and wrong["B.II.2"] == 3 and wrong["B.III.1"] == 10
    assert (totals[(V14, 2022)].loc["INDEKS_RB", "rating"], totals[(V14, 2023)].loc["INDEKS_RB", "rating"]) == (
        "BB",
        "A",
    )
    subtotals = totals[(V20, 2021)]["score"]
    assert [subtotals[c] for c in ("A.HASIL_ANTARA", "A.REFORM", "B.1", "B.2", "B.3")] == [0, 0, 0, 0, 10]
    assert totals[(V20, 2022)].loc["INDEKS_RB", ["score", "rating"]].tolist() == [pytest.approx(80.0), "BB"]
    assert totals[(V20, 2023)].loc["INDEKS_RB", ["score", "rating"]].tolist() == [pytest.approx(80.01), "A"]
    official = totals[(V23, 2019)]["score"]
    assert (official["RB_GENERAL"], official["RB_TEMATIK"], official["INDEKS_RB"]) == (69.27, 11.59, 80.86)
    assert totals[(V23, 2022)]["score"].max() == 100  # nothing entered: every line 0, the unused bobot 100
    assert totals[(V23, 2023)].loc[["RB_GENERAL", "RB_TEMATIK", "INDEKS_RB"], "score"].tolist() == [100, 20, 120]
