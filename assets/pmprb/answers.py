"""Reading the answers back from an answered PMPRB worksheet.

A row is matched to an item by its hidden code (column Kode), else by its
question text (any case, surrounding spaces and a trailing "." ignored). An
answer is accepted in any case, with or without a trailing "." ("ya", "A.",
" b "), and stored in the instrument's spelling ("Ya", "A", "B"); an answer
outside the item's allowed set is refused with a reason in Bahasa Indonesia
(the item then scores 0). File-level intake (sha256, supersession, rejects)
is not done here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from assets.intake.probe import header_row
from assets.pmprb.instrument import Instrument
from assets.pmprb.worksheet import LAYOUT, LKE_SHEET

CODE_HEADER, NAME_HEADER, ANSWER_HEADER, NOTE_HEADER = LAYOUT.code_header, LAYOUT.question_header, LAYOUT.answer_header, LAYOUT.note_header
COLUMNS = ["sheet_row", "code", "matched_by", "raw_answer", "answer", "note", "reason_code", "reason"]
HEADER_SEARCH_ROWS = LAYOUT.header_rows
# What an answered worksheet must hold: the file check (answer_intake.SPEC) and the reader share it.
SPEC = LAYOUT.spec


def normalise_answer(raw: object, answer_type: str, allowed: list[str]) -> tuple[str | None, str | None, str | None]:
    """(answer in the instrument's spelling, None, None), or (None, reason_code, reason) when refused."""
    text = _clean(raw)
    by_key = {a.casefold(): a for a in allowed}
    if text.casefold() in by_key:
        return by_key[text.casefold()], None, None
    reason = (
        f"Jawaban '{raw}' tidak termasuk pilihan untuk jenis jawaban {answer_type} "
        f"({', '.join(allowed)}); butir ini bernilai 0."
    )
    return None, "ANSWER_NOT_ALLOWED", reason


def question_key(text: object) -> str:
    """A question as compared: any case, spaces collapsed, without a trailing '.'."""
    return _clean(text).casefold()


def _clean(value: object) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def read_answers(path: Path, instrument: Instrument) -> pd.DataFrame:
    """One row per worksheet row that carries an answer or a note (see ``COLUMNS``)."""
    wb = load_workbook(path, read_only=True)
    try:
        ws = wb[LKE_SHEET] if LKE_SHEET in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    header_at, cols = _header(rows)
    items = instrument.items.set_index("item_id")
    by_question = {question_key(q): item_id for item_id, q in items["question"].items()}
    # Rows of areas, sub-components and Hasil inputs (locked, filled by the pipeline) are not answers.
    other_codes = {*instrument.areas["area_code"], *instrument.sub_components["sub_code"], *instrument.hasil["code"]}
    records, seen = [], set()
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        cell = lambda name: row[cols[name]] if name in cols and cols[name] < len(row) else None  # noqa: E731
        raw, note = _blank_to_none(cell(ANSWER_HEADER)), _blank_to_none(cell(NOTE_HEADER))
        if (raw is None and note is None) or str(cell(CODE_HEADER)).strip() in other_codes:
            continue
        code, matched_by = _match(cell(CODE_HEADER), cell(NAME_HEADER), items.index, by_question)
        record = {"sheet_row": number, "code": code, "matched_by": matched_by, "raw_answer": raw, "answer": None,
                  "note": note, "reason_code": None, "reason": None}  # fmt: skip
        if code is None:
            if raw is None:
                continue
            record["reason_code"], record["reason"] = "ITEM_UNKNOWN", (
                f"Baris {number}: kode dan pertanyaan tidak cocok dengan butir mana pun pada instrumen {instrument.version}."
            )
        elif code in seen:
            record["reason_code"], record["reason"] = "ITEM_DUPLICATE", f"Butir {code} dijawab lebih dari sekali; baris {number} diabaikan."
        elif raw is not None:
            answer_type = items.at[code, "answer_type"]
            record["answer"], record["reason_code"], record["reason"] = normalise_answer(
                raw, answer_type, instrument.allowed_answers(answer_type)
            )
        seen.add(code)
        records.append(record)
    return pd.DataFrame(records, columns=COLUMNS)


def accepted_answers(reading: pd.DataFrame) -> pd.DataFrame:
    """The accepted answers of a reading: code and answer."""
    ok = reading[reading["answer"].notna() & reading["reason_code"].isna()]
    return ok[["code", "answer"]].reset_index(drop=True)


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """The header row (found as the file check found it) and each known header's column."""
    index, missing = header_row(rows, SPEC)
    if index is None:
        raise ValueError(f"no header row with {missing} in the first {HEADER_SEARCH_ROWS} rows")
    found = {str(v).strip().lower(): i for i, v in enumerate(rows[index]) if v is not None}
    return index, {name: found[name.lower()] for name in LAYOUT.headers if name.lower() in found}


def _match(code: object, question: object, item_ids: pd.Index, by_question: dict[str, str]) -> tuple[str | None, str | None]:
    if code is not None and str(code).strip() in item_ids:
        return str(code).strip(), "kode"
    if question is not None and question_key(question) in by_question:
        return by_question[question_key(question)], "pertanyaan"
    return None, None


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value
