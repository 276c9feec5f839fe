"""PermenPANRB 9/2023 Kabupaten/Kota: Magetan's official 2023 result, the multiplier, ranges, empty lines,
every Opini BPK, the penyesuaian, and the round trip through the worksheet and the inbox.

Every expectation is computed by hand here from the reference's rule (line score = value / max x weight,
x the multiplier line's value / its max; every line rounded to 2 decimals; totals add the rounded lines).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import openpyxl
import pandas as pd
import pytest

from assets.pmprb.instrument import load_instrument
from assets.pmprb.scoring import score_year
from assets.pmprb.store import store_instruments
from assets.pmprb.worksheet import LINE_LAYOUT
from tests.conftest import require_tool, run_annual
from tests.pmprb_support import (
    INSTRUMENT_DIR,
    LKE_2023,
    ROUND_TRIP_ASSETS,
    magetan_2023_answers,
    magetan_2023_official,
    recalculate,
)
from tests.workbooks import put

VERSION = "permenpanrb-9-2023-kabkota"
FOLDER = INSTRUMENT_DIR.parent / VERSION
INSTRUMENTS = [load_instrument(INSTRUMENT_DIR), load_instrument(FOLDER)]
MAGETAN = magetan_2023_answers()
OFFICIAL = {r["question_id"]: float(r["score"]) for r in magetan_2023_official() if r["score"]}


@pytest.fixture(scope="module")
def conn():
    with duckdb.connect() as connection:
        store_instruments(connection, INSTRUMENTS)
        yield connection


def score(conn, answers: dict[str, str]) -> pd.Series:
    frame = pd.DataFrame({"code": list(answers), "answer": list(answers.values()), "answer_source": "final"})
    return score_year(conn, 2023, VERSION, frame).set_index("code")["score"]


def test_the_lines_are_the_reference_instrument():
    reference = pd.read_csv(FOLDER / "instrument_kabkota_2023.csv", dtype=str, encoding="utf-8-sig")
    assert (LKE_2023 / "magetan_2023_official.csv").exists()
    lines = INSTRUMENTS[1].lines.set_index("code")
    assert len(reference) == 41
    for row in reference.itertuples():
        line = lines.loc[row.question_id]
        assert line["name"] == row.indicator and line["weight"] == float(row.weight)
        assert (line["multiplier"] or "") == (
            row.multiplier_question_id if isinstance(row.multiplier_question_id, str) else ""
        )
        if row.indicator != "Opini BPK":  # entered as the opinion, scored in points
            assert (line["min_value"], line["max_value"]) == (float(row.min_value), float(row.max_value))


def test_magetans_official_values_give_the_official_scores(conn):
    scores = score(conn, MAGETAN)
    for code, official in OFFICIAL.items():
        assert scores[code] == official, code
    assert (scores["RB_GENERAL"], scores["RB_TEMATIK"], scores["INDEKS_RB"]) == (69.27, 11.59, 80.86)
    assert (scores["RB_GENERAL_PENYESUAIAN"], scores["INDEKS_RB_PENYESUAIAN"]) == (69.27, 80.86)
    assert scores["1036"] == 1.05  # 2.11 / 5 x 2.5 = 1.055, officially 1.05: a tie goes down


def test_the_multiplier_uses_the_other_lines_value(conn):
    scores = score(conn, MAGETAN)
    assert scores["1043"] == round(75 / 100 * 8 * (73.24 / 100), 2) == 4.39  # not 2.93 / 4 (4.40)
    assert scores["1025"] == 5.07  # 98.25 / 100 x 7 x 2.21 / 3 = 5.0665
    assert scores["1055"] == 0.25  # 60.15 / 100 x 0.6 x 0.28 / 0.4 = 0.25263
    without = score(conn, {k: v for k, v in MAGETAN.items() if k != "1030"})
    assert without["1043"] == 0 and without["1030"] == 0  # no SAKIP value: the line it multiplies scores 0
    assert without["RB_GENERAL"] == pytest.approx(69.27 - 2.93 - 4.39, abs=1e-9)
    refused = score(conn, {**MAGETAN, "1030": "150"})
    assert refused["1043"] == 0 and refused["1030"] == 0


def test_a_value_outside_its_range_scores_zero(conn):
    scores = score(conn, {**MAGETAN, "1038": "411", "1028": "0.5", "1049": "-11"})
    assert (scores["1038"], scores["1028"], scores["1049"]) == (0, 0, 0)
    assert scores["RB_GENERAL"] == pytest.approx(69.27 - 2.81 - 2.56, abs=1e-9)
    edges = score(conn, {**MAGETAN, "1038": "410", "1028": "1"})
    assert (edges["1038"], edges["1028"]) == (4, 0.8)  # 410 / 410 x 4; 1 / 5 x 4 (min is not in the formula)


def test_an_empty_line_scores_zero_and_nothing_entered_scores_zero(conn):
    scores = score(conn, {k: v for k, v in MAGETAN.items() if k != "1048"})
    assert scores["1048"] == 0 and scores["RB_GENERAL"] == pytest.approx(69.27 - 6.84, abs=1e-9)
    empty = score(conn, {})
    assert empty["INDEKS_RB"] == 0 and empty["RB_GENERAL_PENYESUAIAN"] == 0


@pytest.mark.parametrize(
    "opinion, points",
    [
        ("WTP", 5),
        ("wtp", 5),
        ("WTP-DPP", 4.17),
        ("WDP", 3.33),
        ("TMP", 2.5),
        ("TW", 1.67),
        ("Tidak ada LK", 0),
        ("5", 0),
    ],
)
def test_every_opini_bpk_scores_its_points_of_5(conn, opinion, points):
    scores = score(conn, {**MAGETAN, "1044": opinion})
    assert scores["1044"] == points
    assert scores["RB_GENERAL"] == pytest.approx(69.27 - 5 + points, abs=1e-9)


def test_a_penyesuaian_of_86_5(conn):
    scores = score(conn, {**MAGETAN, "BOBOT_RB_GENERAL": "86.5"})
    # 69.27 / 86.5 x 100 = 80.0809..., rounded 80.08; Indeks RB penyesuaian = 80.08 + 11.59
    assert scores["RB_GENERAL"] == 69.27 and scores["INDEKS_RB"] == 80.86
    assert scores["RB_GENERAL_PENYESUAIAN"] == 80.08 and scores["INDEKS_RB_PENYESUAIAN"] == 91.67
    rows = score_year(
        conn,
        2023,
        VERSION,
        pd.DataFrame({"code": ["BOBOT_RB_GENERAL"], "answer": ["86.5"], "answer_source": ["final"]}),
    ).set_index("code")
    assert rows.loc["INDEKS_RB_PENYESUAIAN", "rating"] == "D" and pd.isna(rows.loc["INDEKS_RB", "rating"])
    out_of_range = score(conn, {**MAGETAN, "BOBOT_RB_GENERAL": "0"})
    assert out_of_range["RB_GENERAL_PENYESUAIAN"] == 69.27  # a refused bobot adjusts nothing


ASSETS = ROUND_TRIP_ASSETS


def stored(settings, table: str) -> pd.DataFrame:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(f"SELECT * FROM {table} WHERE year = 2023").df()


def _type_values(path, values: dict[str, object], target) -> None:
    """Type values into the Nilai column of the lines, found by their hidden question id, as the Tim would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[LINE_LAYOUT.sheet]
    rows = {str(ws.cell(r, 1).value): r for r in range(LINE_LAYOUT.header_row + 1, ws.max_row + 1)}
    for code, value in values.items():
        ws.cell(rows[code], LINE_LAYOUT.number("Nilai")).value = value
    ws.cell(rows["1031"], LINE_LAYOUT.number("Catatan")).value = "Nilai nol dan membutuhkan perhatian"
    wb.save(target)


def _ringkasan(path) -> dict[str, object]:
    ws = openpyxl.load_workbook(path, data_only=True)["Ringkasan"]
    return {row[0].value: row[1].value for row in ws.iter_rows() if isinstance(row[0].value, str)}


def test_the_official_values_typed_into_the_worksheet_round_trip(settings, tmp_path):
    soffice = require_tool("soffice")
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, 2023, ASSETS).success
    worksheet = settings.outputs_dir / "2023" / "pmprb_2023.xlsx"
    typed = tmp_path / "typed" / "LKE 2023 dijawab.xlsx"
    typed.parent.mkdir()
    as_typed = {code: (value if code == "1044" else float(value)) for code, value in MAGETAN.items()}
    _type_values(worksheet, as_typed, typed)
    inbox = settings.inbox_root / "pmprb" / "2023"
    put(inbox / typed.name, typed.read_bytes(), dt.datetime(2024, 3, 1))
    assert run_annual(settings, 2023, ASSETS).success

    assert stored(settings, "pmprb_files")["status"].tolist() == ["berlaku"]
    assert stored(settings, "pmprb_answer_rejects").empty
    answers = stored(settings, "pmprb_answers").set_index("code")
    assert len(answers) == 40 and answers.at["1044", "answer"] == "WTP" and answers.at["1030", "answer"] == "73.24"
    assert answers.at["1031", "note"] == "Nilai nol dan membutuhkan perhatian"
    scores = stored(settings, "pmprb_scores").set_index("code")["score"]
    assert (scores["RB_GENERAL"], scores["RB_TEMATIK"], scores["INDEKS_RB"]) == (69.27, 11.59, 80.86)
    assert {c: scores[c] for c in OFFICIAL} == OFFICIAL

    recalculated = recalculate(soffice, [typed, worksheet], tmp_path)
    for path in recalculated:  # the Tim's own file and the one regenerated from the answers
        ws = openpyxl.load_workbook(path, data_only=True)[LINE_LAYOUT.sheet]
        by_code = {
            str(ws.cell(r, 1).value): ws.cell(r, LINE_LAYOUT.number("Skor")).value for r in range(5, ws.max_row + 1)
        }
        assert (by_code["RB_GENERAL"], by_code["RB_TEMATIK"], by_code["INDEKS_RB"]) == (69.27, 11.59, 80.86), path
    summary = _ringkasan(recalculated[1])
    assert (summary["RB General"], summary["RB Tematik"], summary["Indeks RB"]) == (69.27, 11.59, 80.86)
    assert any(isinstance(k, str) and "predikat A" in k for k in summary)


def test_an_out_of_range_value_in_the_worksheet_is_refused_with_a_reason(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, 2023, ASSETS).success
    typed = tmp_path / "LKE 2023.xlsx"
    values = {**{c: float(v) for c, v in MAGETAN.items() if c != "1044"}, "1038": 411, "1030": "73,24", "1044": "wajar"}
    _type_values(settings.outputs_dir / "2023" / "pmprb_2023.xlsx", values, typed)
    put(settings.inbox_root / "pmprb" / "2023" / typed.name, typed.read_bytes(), dt.datetime(2024, 3, 1))
    assert run_annual(settings, 2023, ASSETS).success
    refused = stored(settings, "pmprb_answer_rejects").set_index("code")
    assert set(refused.index) == {"1038", "1044"}
    assert refused.at["1038", "reason_code"] == "VALUE_ABOVE_RANGE" and "0 - 410" in refused.at["1038", "reason"]
    assert refused.at["1044", "reason_code"] == "ANSWER_NOT_ALLOWED" and "WTP" in refused.at["1044", "reason"]
    scores = stored(settings, "pmprb_scores").set_index("code")["score"]
    assert scores["1030"] == 2.93  # "73,24" typed as text with a decimal comma is 73.24
    assert (scores["1038"], scores["1044"]) == (0, 0)
    assert scores["RB_GENERAL"] == pytest.approx(69.27 - 2.81 - 5, abs=1e-9)


def test_the_worksheet_has_the_lke_columns_and_the_portal_question_ids():
    from assets.pmprb.worksheet import Cover, build_workbook

    ws = build_workbook(INSTRUMENTS[1], Cover(2023), {})[LINE_LAYOUT.sheet]
    headers = [c.value for c in ws[LINE_LAYOUT.header_row]]
    expected = ["Indikator", "Bobot", "Rentang Nilai", "Sumber Data / Penilai", "Nilai", "Skor", "Catatan"]
    assert [h for h in headers if h in expected] == expected
    assert ws.column_dimensions["A"].hidden and headers[0] == "Kode"
    reference = pd.read_csv(FOLDER / "instrument_kabkota_2023.csv", dtype=str, encoding="utf-8-sig")
    rows = {str(ws.cell(r, 1).value): r for r in range(LINE_LAYOUT.header_row + 1, ws.max_row + 1)}
    indikator = LINE_LAYOUT.number("Indikator")
    for row in reference.itertuples():
        assert ws.cell(rows[row.question_id], indikator).value == row.indicator
    assert sorted(int(c) for c in rows if c.isdigit()) == list(range(1024, 1065))
