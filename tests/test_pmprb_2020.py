"""PermenPANRB 26/2020 (2020-2022): Pemenuhan computed from the items with the 26/2020 weights, the other
parts entered as subtotals, and a worksheet that says which is which.

The expected Pemenuhan is computed here from the reference's weight table (``tests/fixtures/lke-2020``:
area weights, the 14/2014 sub-component weights) and the 14/2014 items and answer values, independently
of ``lines.csv`` and of the SQL engine.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from assets.pmprb.instrument import load_instrument
from assets.pmprb.scoring import score_year
from assets.pmprb.store import store_instruments
from assets.pmprb.worksheet import CODE_COL, HEADER_ROW, LAYOUT, Cover, build_workbook
from tests.pmprb_support import FIXTURES, INSTRUMENT_DIR, read_csv, reference_answers

VERSION = "permenpanrb-26-2020"
INSTRUMENT = load_instrument(INSTRUMENT_DIR.parent / VERSION)
WEIGHTS = FIXTURES.parent / "lke-2020"
SUBTOTALS = {"A.HASIL_ANTARA": "7.5", "A.REFORM": "20.25", "B.1": "8", "B.2": "6.5", "B.3": "7.25", "B.4": "5.5"}


@pytest.fixture(scope="module")
def conn():
    with duckdb.connect() as connection:
        store_instruments(connection, [load_instrument(INSTRUMENT_DIR), INSTRUMENT])
        yield connection


def independent_pemenuhan(answers: dict[str, str]) -> tuple[float, dict[str, float]]:
    """Pemenuhan = sum over sub-components of (area weight x old weight / old area weight) x mean item value."""
    rows = [r for r in read_csv("pemenuhan_weights_26_2020.csv", WEIGHTS) if r["component"] == "PEMENUHAN"]
    values = {(r["answer_type"], r["answer"]): float(r["value"]) for r in read_csv("answer_values.csv")}
    subs = read_csv("sub_components.csv")
    items = read_csv("items.csv")
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    old_area = {}
    for r in rows:
        old_area[r["area_no"]] = old_area.get(r["area_no"], 0.0) + float(r["weight_14_2014"])
    weights, total = {}, 0.0
    for r in rows:
        area_weight = float(re.search(r"\(([0-9.]+)\)$", r["area"]).group(1))
        order = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii"].index(r["sub_component_no"]) + 1
        (sub,) = [s for s in subs if s["area_code"] == roman[int(r["area_no"]) - 1] and s["order"] == str(order)]
        weight = area_weight * float(r["weight_14_2014"]) / old_area[r["area_no"]]
        scores = [
            values.get((i["answer_type"], answers.get(i["item_id"], "")), 0.0)
            for i in items
            if i["sub_code"] == sub["sub_code"]
        ]
        weights[sub["sub_code"]] = weight
        total += weight * sum(scores) / len(scores)
    return total, weights


def test_the_weights_are_the_unrounded_fractions_that_add_up_to_20():
    _, weights = independent_pemenuhan({})
    lines = INSTRUMENT.lines.set_index("code")
    for code, weight in weights.items():
        assert lines.at[code, "weight"] == pytest.approx(weight, abs=1e-12), code
        assert round(weight, 2) == pytest.approx(float(lines.at[code, "weight_printed"]), abs=1e-9), code
    assert sum(weights.values()) == pytest.approx(20, abs=1e-12)
    assert sum(float(w) for w in lines["weight_printed"].dropna()) == pytest.approx(19.98, abs=1e-9)
    assert lines.at["P.II", "name"] == "DEREGULASI KEBIJAKAN"


def test_the_reference_2015_answers_give_the_pemenuhan_the_weights_imply(conn):
    reference = reference_answers(2015, with_hasil=False)
    answers = dict(zip(reference["code"], reference["answer"]))
    expected, _ = independent_pemenuhan(answers)
    frame = pd.DataFrame({"code": list(answers), "answer": list(answers.values()), "answer_source": "final"})
    scores = score_year(conn, 2021, VERSION, frame).set_index("code")["score"]
    assert scores["A.PEMENUHAN"] == pytest.approx(expected, abs=1e-9)
    assert 0 < expected < 20
    # nothing else is entered: Pengungkit = Pemenuhan, Hasil 0
    assert scores["A"] == pytest.approx(expected, abs=1e-9) and scores["B"] == 0
    assert scores["INDEKS_RB"] == pytest.approx(expected, abs=1e-9)


def test_subtotals_are_entered_within_their_weight(conn):
    answers = {**SUBTOTALS}
    frame = pd.DataFrame({"code": list(answers), "answer": list(answers.values()), "answer_source": "final"})
    scores = score_year(conn, 2021, VERSION, frame).set_index("code")["score"]
    assert scores["A"] == 7.5 + 20.25 and scores["B"] == pytest.approx(8 + 6.5 + 7.25 + 5.5)
    assert scores["INDEKS_RB"] == pytest.approx(7.5 + 20.25 + 8 + 6.5 + 7.25 + 5.5)
    wrong = {"A.HASIL_ANTARA": "10.01", "A.REFORM": "30", "B.1": "-0.5", "B.2": "enam"}
    frame = pd.DataFrame({"code": list(wrong), "answer": list(wrong.values()), "answer_source": "final"})
    scores = score_year(conn, 2021, VERSION, frame).set_index("code")["score"]
    assert [scores[c] for c in wrong] == [0, 30, 0, 0]


def test_the_worksheet_says_what_is_computed_and_what_is_entered():
    wb = build_workbook(INSTRUMENT, Cover(2021), {})
    identity = {row[0].value: row[1].value for row in wb["Identitas"].iter_rows()}
    guide = identity["Cara menilai"]
    assert "Dihitung" in guide and "diasumsikan sama dengan butir PermenPANRB 14/2014" in guide
    assert "Diisi sebagai subtotal" in guide and "Reform (0-30)" in guide
    ws = wb["LKE"]
    rows = {ws.cell(r, CODE_COL).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    explain, answer = LAYOUT.number("Penjelasan"), LAYOUT.number("Jawaban")
    assert "diasumsikan" in ws.cell(rows["A.PEMENUHAN"], explain).value
    for code in SUBTOTALS:
        assert ws.cell(rows[code], explain).value.startswith("Diisi: subtotal"), code
        assert not ws.cell(rows[code], answer).protection.locked, code
    assert ws.cell(rows["A.I.1"], LAYOUT.number("Bobot")).value == "=2/5"
    assert set(INSTRUMENT.items["item_id"]) <= set(rows)
    old = load_instrument(INSTRUMENT_DIR).items.set_index("item_id")["question"]
    name = LAYOUT.number(LAYOUT.question_header)
    assert all(ws.cell(rows[code], name).value == question for code, question in old.items())  # the 14/2014 texts
