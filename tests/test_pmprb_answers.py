"""Answers come back from an edited worksheet, judged by the pmprb_answer_rows suite, and change the stored scores
exactly as the instrument says."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from assets.pmprb.answer_intake import Answers, answer_rows, judge
from assets.pmprb.answers import answer_frame
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import ANSWER_COL, CODE_COL, HEADER_ROW, LKE_SHEET, NAME_COL, NOTE_COL
from tests.pmprb_support import (
    INSTRUMENT_DIR,
    materialize,
    reference_answers,
    store_answers,
    stored_scores,
    worksheet_path,
)

INSTRUMENT = load_instrument(INSTRUMENT_DIR)
QUESTIONS = dict(zip(INSTRUMENT.items["item_id"], INSTRUMENT.items["question"]))
CASES = [
    ("ya", "Y/T", "Ya"),
    ("TIDAK.", "Y/T", "Tidak"),
    ("A.", "A/B/C/D", "A"),
    (" b ", "A/B/C", "B"),
    ("e", "A/B/C/D/E", "E"),
    ("D", "A/B/C", None),
    ("Y", "Y/T", None),
    (1, "Y/T", None),
    ("A..", "A/B/C", None),
]


def judged(path, year: int = 2019) -> Answers:
    """The file's answers as the intake judges them (the file in force of its folder)."""
    files = pd.DataFrame({"file": [path.name], "status": ["berlaku"]})
    return judge(answer_rows(year, files, path.parent, INSTRUMENT), INSTRUMENT)


def test_answers_are_normalised_or_refused_with_a_reason():
    first_of = INSTRUMENT.items.groupby("answer_type")["item_id"].first()
    frames = [
        answer_frame([(5, {"Kode": first_of[kind], "Jawaban": raw})], INSTRUMENT, f"case{n}.xlsx")
        for n, (raw, kind, _) in enumerate(CASES)
    ]
    frame = pd.concat(frames, ignore_index=True).assign(year=2022)
    answers = judge(frame, INSTRUMENT)
    accepted, refused = answers.accepted.set_index("file"), answers.refused.set_index("file")
    for n, (raw, kind, expected) in enumerate(CASES):
        file = f"case{n}.xlsx"
        if expected is not None:
            assert accepted.at[file, "answer"] == expected and file not in refused.index, (raw, kind)
        else:
            assert file not in accepted.index and refused.at[file, "reason_code"] == "ANSWER_NOT_ALLOWED", (raw, kind)
            reason = refused.at[file, "reason"]
            assert f"'{raw}'" in reason and kind in reason and "bernilai 0" in reason and "{" not in reason


def _rows_by(ws, column):
    return {ws.cell(r, column).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}


def test_an_edited_worksheet_changes_the_scores_as_the_instrument_says(settings, tmp_path):
    assert materialize(settings, 2019).success
    before = stored_scores(settings, 2019).set_index("code")["score"]
    edited = tmp_path / "pmprb_2019_dijawab.xlsx"
    wb = openpyxl.load_workbook(worksheet_path(settings, 2019))
    ws = wb[LKE_SHEET]
    rows = _rows_by(ws, CODE_COL)
    typed = {
        "A.I.2.a": "ya",
        "A.I.1.b": "A.",
        "A.I.1.a": " b ",
        "A.I.1.c": "c",
        "A.I.3.a": "Z",
    }  # Y/T, ABCD, ABC, ABCD, ABCD
    for code, answer in typed.items():
        ws.cell(rows[code], ANSWER_COL).value = answer
    ws.cell(rows["A.I.3.a"], NOTE_COL).value = "Bukti dukung menyusul"
    wb.save(edited)

    answers = judged(edited)
    reading = answers.accepted.set_index("code")
    assert reading.loc["A.I.2.a", "answer"] == "Ya" and reading.loc["A.I.1.b", "answer"] == "A"
    assert reading.loc["A.I.1.a", "answer"] == "B" and reading.loc["A.I.1.c", "answer"] == "C"
    assert "A.I.3.a" not in reading.index and set(reading["matched_by"]) == {"kode"}
    refused = answers.refused.set_index("code").loc["A.I.3.a"]
    assert refused["reason_code"] == "ANSWER_NOT_ALLOWED" and refused["raw_answer"] == "Z"
    assert "A/B/C/D (A, B, C, D)" in refused["reason"]
    files = pd.DataFrame({"file": [edited.name], "status": ["berlaku"]})
    noted = answer_rows(2019, files, edited.parent, INSTRUMENT).set_index("code")
    assert noted.at["A.I.3.a", "note"] == "Bukti dukung menyusul"  # the note of a refused answer is read too

    store_answers(settings, 2019, answers.accepted)
    assert materialize(settings, 2019).success
    after = stored_scores(settings, 2019).set_index("code")
    score = after["score"]
    # A.I.2.a Ya = 1; A.I.1: A/B/C/D "A" = 1, A/B/C "B" = 0.5, A/B/C/D "C" = 0.33; the refused "Z" scores 0
    assert (score["A.I.2.a"], score["A.I.1.b"], score["A.I.1.a"], score["A.I.1.c"], score["A.I.3.a"]) == (
        1,
        1,
        0.5,
        0.33,
        0,
    )
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

    answers = judged(edited, 2019)
    assert (
        len(answers.accepted) == 146 and set(answers.accepted["matched_by"]) == {"pertanyaan"} and answers.refused.empty
    )
    store_answers(settings, 2019, answers.accepted)
    assert materialize(settings, 2019).success
    scores = stored_scores(settings, 2019).set_index("code")["score"]
    assert scores["A"] == pytest.approx(41.258286, abs=1e-6)


def test_rows_that_match_no_item_or_answer_an_item_twice_are_refused(tmp_path):
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
    answers = judged(tmp_path / "x.xlsx")
    # the same item by its question and by its code: both rows are refused, as a unit's repeated code is
    assert answers.refused[["row", "reason_code"]].values.tolist() == [
        [HEADER_ROW + 1, "ITEM_UNKNOWN"],
        [HEADER_ROW + 2, "ITEM_DUPLICATE"],
        [HEADER_ROW + 3, "ITEM_DUPLICATE"],
    ]
    assert answers.accepted.empty
