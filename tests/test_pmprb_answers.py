"""Answers come back from an edited worksheet and change the stored scores exactly as the instrument says."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from assets.pmprb.answers import accepted_answers, normalise_answer, read_answers
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import ANSWER_COL, CODE_COL, HEADER_ROW, LKE_SHEET, NAME_COL, NOTE_COL
from tests.pmprb_support import INSTRUMENT_DIR, materialize, reference_answers, store_answers, stored_scores, worksheet_path

INSTRUMENT = load_instrument(INSTRUMENT_DIR)
QUESTIONS = dict(zip(INSTRUMENT.items["item_id"], INSTRUMENT.items["question"]))


@pytest.mark.parametrize(
    "raw, answer_type, expected",
    [("ya", "Y/T", "Ya"), ("TIDAK.", "Y/T", "Tidak"), ("A.", "A/B/C/D", "A"), (" b ", "A/B/C", "B"),
     ("e", "A/B/C/D/E", "E"), ("D", "A/B/C", None), ("Y", "Y/T", None), (1, "Y/T", None), ("A..", "A/B/C", None)],
)  # fmt: skip
def test_answers_are_normalised_or_refused_with_a_reason(raw, answer_type, expected):
    answer, code, reason = normalise_answer(raw, answer_type, INSTRUMENT.allowed_answers(answer_type))
    assert answer == expected
    if expected is None:
        assert code == "ANSWER_NOT_ALLOWED" and answer_type in reason and "bernilai 0" in reason


def _rows_by(ws, column):
    return {ws.cell(r, column).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}


def test_an_edited_worksheet_changes_the_scores_as_the_instrument_says(settings, tmp_path):
    assert materialize(settings, 2022).success
    before = stored_scores(settings, 2022).set_index("code")["score"]
    edited = tmp_path / "pmprb_2022_dijawab.xlsx"
    wb = openpyxl.load_workbook(worksheet_path(settings, 2022))
    ws = wb[LKE_SHEET]
    rows = _rows_by(ws, CODE_COL)
    typed = {"A.I.2.a": "ya", "A.I.1.b": "A.", "A.I.1.a": " b ", "A.I.1.c": "c", "A.I.3.a": "Z"}  # Y/T, ABCD, ABC, ABCD, ABCD
    for code, answer in typed.items():
        ws.cell(rows[code], ANSWER_COL).value = answer
    ws.cell(rows["A.I.3.a"], NOTE_COL).value = "Bukti dukung menyusul"
    wb.save(edited)

    reading = read_answers(edited, INSTRUMENT).set_index("code")
    assert reading.loc["A.I.2.a", "answer"] == "Ya" and reading.loc["A.I.1.b", "answer"] == "A"
    assert reading.loc["A.I.1.a", "answer"] == "B" and reading.loc["A.I.1.c", "answer"] == "C"
    refused = reading.loc["A.I.3.a"]
    assert pd.isna(refused["answer"]) and refused["reason_code"] == "ANSWER_NOT_ALLOWED"
    assert "A/B/C/D (A, B, C, D)" in refused["reason"] and refused["note"] == "Bukti dukung menyusul"
    assert set(reading["matched_by"]) == {"kode"}

    store_answers(settings, 2022, accepted_answers(reading.reset_index()))
    assert materialize(settings, 2022).success
    after = stored_scores(settings, 2022).set_index("code")
    score = after["score"]
    # A.I.2.a Ya = 1; A.I.1: A/B/C/D "A" = 1, A/B/C "B" = 0.5, A/B/C/D "C" = 0.33; the refused "Z" scores 0
    assert (score["A.I.2.a"], score["A.I.1.b"], score["A.I.1.a"], score["A.I.1.c"], score["A.I.3.a"]) == (1, 1, 0.5, 0.33, 0)
    sub = INSTRUMENT.sub_components.set_index("sub_code")
    n = INSTRUMENT.items.groupby("sub_code").size()
    expected_a_i_1 = sub.loc["A.I.1", "weight"] * (1 + 0.5 + 0.33) / n["A.I.1"]
    assert score["A.I.1"] == pytest.approx(expected_a_i_1, abs=1e-12)
    expected_a_i_2 = sub.loc["A.I.2", "weight"] * 1 / n["A.I.2"]
    assert score["A.I.2"] == pytest.approx(expected_a_i_2, abs=1e-12) and score["A.I.3"] == 0
    assert score["A"] - before["A"] == pytest.approx(expected_a_i_1 + expected_a_i_2, abs=1e-12)
    assert after.loc["A.I.1.a", "answer_source"] == "final"


def test_reference_answers_typed_by_question_text_give_the_uniform_pengungkit(settings, tmp_path):
    """Part 7: the reference LKE's 2015 answers, typed into our worksheet by question, score 41.258286.

    The reference file itself caches 40.454286: its cell K89 multiplies item
    A.V.4.c's score by A.V.4.b's (see test_pmprb_scoring); our worksheet applies
    the same rule to every row.
    """
    assert materialize(settings, 2019).success
    wb = openpyxl.load_workbook(worksheet_path(settings, 2019))
    ws = wb[LKE_SHEET]
    by_question = _rows_by(ws, NAME_COL)
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(r, CODE_COL).value = None  # a copy that lost its codes: only the question text is left
    answers = reference_answers(2015, with_hasil=False)
    for code, answer in zip(answers["code"], answers["answer"]):
        ws.cell(by_question[QUESTIONS[code]], ANSWER_COL).value = answer.lower() + "."
    edited = tmp_path / "lke_2015_diketik.xlsx"
    wb.save(edited)

    reading = read_answers(edited, INSTRUMENT)
    assert len(reading) == 146 and set(reading["matched_by"]) == {"pertanyaan"} and reading["reason_code"].isna().all()
    store_answers(settings, 2019, accepted_answers(reading))
    assert materialize(settings, 2019).success
    scores = stored_scores(settings, 2019).set_index("code")["score"]
    assert scores["A"] == pytest.approx(41.258286, abs=1e-6)


def test_rows_that_match_no_item_are_refused(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = LKE_SHEET
    for col, header in ((CODE_COL, "Kode"), (NAME_COL, "Komponen / Sub-komponen / Item"), (ANSWER_COL, "Jawaban")):
        ws.cell(HEADER_ROW, col).value = header
    ws.cell(HEADER_ROW + 1, NAME_COL).value = "Pertanyaan yang tidak ada"
    ws.cell(HEADER_ROW + 1, ANSWER_COL).value = "A"
    ws.cell(HEADER_ROW + 2, NAME_COL).value = QUESTIONS["A.I.1.a"].upper() + "."
    ws.cell(HEADER_ROW + 2, ANSWER_COL).value = "a"
    ws.cell(HEADER_ROW + 3, CODE_COL).value = "A.I.1.a"
    ws.cell(HEADER_ROW + 3, ANSWER_COL).value = "C"
    wb.save(tmp_path / "x.xlsx")
    reading = read_answers(tmp_path / "x.xlsx", INSTRUMENT)
    assert reading["reason_code"].fillna("").tolist() == ["ITEM_UNKNOWN", "", "ITEM_DUPLICATE"]
    assert accepted_answers(reading).to_dict("records") == [{"code": "A.I.1.a", "answer": "A"}]
