"""The scoring engine against an independent computation of the uniform rule and the reference LKE."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from assets.pmprb.instrument import load_instrument
from assets.pmprb.scoring import score_year
from assets.pmprb.store import store_instruments
from tests.pmprb_support import FIXTURES, INSTRUMENT_DIR, read_csv, reference_answers, uniform_pengungkit

INSTRUMENT = load_instrument(INSTRUMENT_DIR)


@pytest.fixture(scope="module")
def conn():
    with duckdb.connect() as connection:
        store_instruments(connection, [INSTRUMENT])
        yield connection


def score(conn, answers: pd.DataFrame | dict, source: str = "final", year: int = 2015) -> pd.DataFrame:
    if isinstance(answers, dict):
        answers = pd.DataFrame({"code": list(answers), "answer": list(answers.values())})
    frame = answers.assign(answer_source=answers.get("answer_source", source))
    return score_year(conn, year, INSTRUMENT.version, frame)


def by_code(scores: pd.DataFrame) -> dict[str, float]:
    return dict(zip(scores["code"], scores["score"]))


@pytest.mark.parametrize("year, pengungkit", [(2015, 41.258286), (2014, 32.072702)])
def test_engine_equals_the_independent_uniform_computation(conn, year, pengungkit):
    answers = reference_answers(year)
    engine = by_code(score(conn, answers, year=year))
    independent = uniform_pengungkit(dict(zip(answers["code"], answers["answer"])))
    for code, value in independent.items():
        assert engine[code] == pytest.approx(value, abs=1e-9), code
    assert engine["A"] == pytest.approx(pengungkit, abs=1e-6)


def test_the_difference_from_the_cached_2015_total_is_cell_k89_alone(conn):
    """The reference sheet caches Pengungkit 40.454286 for 2015; the uniform rule gives 41.258286.

    Its cell K89 (item A.V.4.c, answered "Ya") multiplies the score by item
    A.V.4.b's score (0.33), so it caches 0.33 instead of 1. A.V.4 (weight 6, five
    items) then loses 6 x 0.67 / 5 = 0.804, and so do area V and the Pengungkit.
    Every other cached item value equals the uniform one; in 2014 none differs.
    """
    engine = score(conn, reference_answers(2015))
    items = engine[engine["level"] == "item"].set_index("code")["score"]
    cached = {r["item_id"]: float(r["cached_value_2015"]) for r in read_csv("reference_answers.csv", FIXTURES)}
    differing = {code: (cached[code], items[code]) for code in cached if abs(cached[code] - items[code]) > 1e-12}
    assert differing == {"A.V.4.c": (0.33, 1.0)}
    totals = {
        (r["level"], r["code"], r["year"]): float(r["cached_value"]) for r in read_csv("reference_totals.csv", FIXTURES)
    }
    engine_totals = by_code(engine)
    k89_loss = 6 * (1.0 - 0.33) / 5
    assert engine_totals["A"] - totals[("component", "A", "2015")] == pytest.approx(k89_loss, abs=1e-9)
    assert engine_totals["V"] - totals[("area", "V", "2015")] == pytest.approx(k89_loss, abs=1e-9)
    for area in ["I", "II", "III", "IV", "VI", "VII", "VIII", "B.I", "B.II", "B.III"]:
        assert engine_totals[area] == pytest.approx(totals[("area", area, "2015")], abs=1e-9), area
    engine_2014 = by_code(score(conn, reference_answers(2014), year=2014))
    for (level, code, year), cached_value in totals.items():
        if year == "2014" and level != "hasil":
            assert engine_2014[code] == pytest.approx(cached_value, abs=1e-9), code


def test_hasil_inputs_scale_linearly_and_opini_bpk_comes_from_its_table(conn):
    engine = by_code(score(conn, reference_answers(2015)))
    for row in read_csv("reference_hasil.csv", FIXTURES):
        if row["year"] == "2015":
            assert engine[row["code"]] == pytest.approx(float(row["cached_value"]), abs=1e-9), row["code"]
    assert engine["B"] == pytest.approx(30.952, abs=1e-9)
    assert by_code(score(conn, {"B.II.2": "Wajar Dengan Pengecualian"}))["B.II.2"] == 2
    out_of_range = by_code(score(conn, {"B.I.1": "100.5", "B.I.2": "lima", "B.II.1": "-1", "B.II.2": "WTP"}))
    assert [out_of_range[c] for c in ["B.I.1", "B.I.2", "B.II.1", "B.II.2"]] == [0, 0, 0, 0]


def test_unanswered_and_invalid_items_score_zero_and_count_in_the_mean(conn):
    scores = by_code(score(conn, {"A.I.1.a": "A", "A.I.1.b": "E", "A.I.2.a": "ya"}))
    assert scores["A.I.1.a"] == 1 and scores["A.I.1.b"] == 0 and scores["A.I.1.c"] == 0
    assert scores["A.I.1"] == pytest.approx(1 * 1 / 3)  # weight 1 x (1 + 0 + 0) / 3
    assert scores["A.I.2.a"] == 1  # answers compare in any case, as the worksheet does
    assert scores["A.I.2"] == pytest.approx(1 * 1 / 5)


def test_a_final_answer_wins_over_the_suggested_one(conn):
    answers = pd.DataFrame(
        {
            "code": ["A.I.1.a", "A.I.1.a", "A.I.1.b"],
            "answer": ["C", "A", "B"],
            "answer_source": ["suggested", "final", "suggested"],
        }
    )
    items = score(conn, answers).set_index("code")
    assert items.loc["A.I.1.a", ["answer", "answer_source", "score"]].tolist() == ["A", "final", 1.0]
    assert items.loc["A.I.1.b", ["answer", "answer_source"]].tolist() == ["B", "suggested"]
    assert pd.isna(items.loc["A.I.1.c", "answer_source"])


def everything_answered_a() -> dict[str, str]:
    return {i.item_id: ("Ya" if i.answer_type == "Y/T" else "A") for i in INSTRUMENT.items.itertuples()}


# Totals built from exact binary fractions: Pengungkit 60 when every item is answered best;
# Hasil B.I.1 = 100 -> 14, B.I.2 = 5 -> 6, B.III.1 = 4 -> 10, B.III.1 = 0.004 -> 0.01.
RATING_CASES = {
    "80.00": ({**everything_answered_a(), "B.I.1": "100", "B.I.2": "5"}, 80.0, "BB"),
    "80.01": ({**everything_answered_a(), "B.I.1": "100", "B.I.2": "5", "B.III.1": "0.004"}, 80.01, "A"),
    "30": ({"B.I.1": "100", "B.I.2": "5", "B.III.1": "4"}, 30.0, "D"),
    "0": ({}, 0.0, "D"),
    "100": (
        {
            **everything_answered_a(),
            "B.I.1": "100",
            "B.I.2": "5",
            "B.II.1": "4",
            "B.II.2": "Wajar Tanpa Pengecualian",
            "B.III.1": "4",
        },
        100.0,
        "AA",
    ),
}


@pytest.mark.parametrize("case", list(RATING_CASES))
def test_rating_band_edges(conn, case):
    answers, expected_total, rating = RATING_CASES[case]
    total = score(conn, answers).query("level == 'total'").iloc[0]
    assert total["score"] == pytest.approx(expected_total, abs=1e-9)
    assert total["rating"] == rating


def test_one_answer_per_code_and_always_the_same_one():
    """Final before suggested; two final answers for one line (the Tim's worksheet and the Indikator Hasil
    form) give the worksheet's, whatever order the rows were stored in."""
    from assets.pmprb.scoring import stored_answers

    with duckdb.connect() as db:
        rows = {
            "pmprb_hasil_inputs": [("1030", "70", "final"), ("1048", "88", "final")],
            "pmprb_answers": [("1030", "80", "final"), ("1024", "2", "final")],
            "pmprb_suggestions": [("1024", "3", "suggested"), ("1025", "98.25", "suggested")],
        }
        for table, found in rows.items():
            db.execute(f"CREATE TABLE {table} (year INTEGER, code VARCHAR, answer VARCHAR, answer_source VARCHAR)")
            db.executemany(f"INSERT INTO {table} VALUES (2023, ?, ?, ?)", found)
        chosen = stored_answers(db, 2023)
    assert chosen.values.tolist() == [
        ["1024", "2", "final"],
        ["1025", "98.25", "suggested"],
        ["1030", "80", "final"],
        ["1048", "88", "final"],
    ]
