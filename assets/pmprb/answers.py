"""Reading the answers back from an answered PMPRB worksheet, into the frame the answer suite validates.

``read_rows`` reads the LKE sheet by its headers (``worksheet.LAYOUT``);
``answer_frame`` turns the rows into one row per worksheet row that carries an
answer or a note. A row is matched to an item by its hidden code (column
Kode), else by its question text (any case, surrounding spaces and a trailing
"." ignored). An answer is taken in any case, with or without a trailing "."
("ya", "A.", " b "), in the instrument's spelling ("Ya", "A", "B"). Whether a
row is accepted is not decided here: the suite ``pmprb_answer_rows`` refuses
rows matching no item, items answered twice and answers outside their allowed
set (``answer_intake``). File-level intake (sha256, supersession, rejects) is
not done here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from assets.forms.probe import header_row
from assets.pmprb.instrument import Instrument
from assets.pmprb.worksheet import LAYOUT

CODE_HEADER, NAME_HEADER, ANSWER_HEADER, NOTE_HEADER = (
    LAYOUT.code_header,
    LAYOUT.question_header,
    LAYOUT.answer_header,
    LAYOUT.note_header,
)
HEADER_SEARCH_ROWS = LAYOUT.header_rows
# What an answered worksheet must hold: the file check (the inventory, through LAYOUT) and the reader share it.
SPEC = LAYOUT.spec
# One row per worksheet row with an answer or a note; ``answer_key`` is what the suite looks up in the allowed pairs.
FRAME_COLUMNS = [
    "file",
    "row",
    "code",
    "matched_by",
    "raw_answer",
    "answer",
    "note",
    "answer_type",
    "allowed",
    "answer_key",
    "instrument_version",
]


def read_rows(path: Path) -> list[tuple[int, dict[str, object]]]:
    """Every row below the header row as (sheet row, {header: value}) for the layout's headers present."""
    wb = load_workbook(path, read_only=True)
    try:
        ws = wb[LAYOUT.sheet] if LAYOUT.sheet in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    header_at, cols = _header(rows)
    return [
        (number, {name: row[i] if i < len(row) else None for name, i in cols.items()})
        for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2)
    ]


def answer_frame(rows: list[tuple[int, dict[str, object]]], instrument: Instrument, file: str) -> pd.DataFrame:
    """The rows that carry an answer or a note, matched to their item (see ``FRAME_COLUMNS``); judged by the suite."""
    items = instrument.items.set_index("item_id")
    by_question = {question_key(q): item_id for item_id, q in items["question"].items()}
    # Rows of areas, sub-components and Hasil inputs (locked, filled by the pipeline) are not answers.
    other_codes = {*instrument.areas["area_code"], *instrument.sub_components["sub_code"], *instrument.hasil["code"]}
    records = []
    for number, cells in rows:
        raw, note = _blank_to_none(cells.get(ANSWER_HEADER)), _blank_to_none(cells.get(NOTE_HEADER))
        if (raw is None and note is None) or str(cells.get(CODE_HEADER)).strip() in other_codes:
            continue
        code, matched_by = _match(cells.get(CODE_HEADER), cells.get(NAME_HEADER), items.index, by_question)
        if code is None and raw is None:
            continue  # a note beside no item
        answer_type = items.at[code, "answer_type"] if code is not None else None
        allowed = instrument.allowed_answers(answer_type) if code is not None else []
        answer = normalise_answer(raw, allowed) if raw is not None else None
        records.append(
            {
                "file": file,
                "row": number,
                "code": code,
                "matched_by": matched_by,
                "raw_answer": raw,
                "answer": answer,
                "note": note,
                "answer_type": answer_type,
                "allowed": ", ".join(allowed) or None,
                "answer_key": answer_key(code, answer),
                "instrument_version": instrument.version,
            }
        )
    return pd.DataFrame(records, columns=FRAME_COLUMNS)


def normalise_answer(raw: object, allowed: list[str]) -> str:
    """The answer in the instrument's spelling when it is one of ``allowed`` in any case, else as typed (cleaned)."""
    text = _clean(raw)
    return {a.casefold(): a for a in allowed}.get(text.casefold(), text)


def answer_key(code: str | None, answer: str | None) -> str | None:
    """``code|answer``, looked up in :func:`allowed_pairs`; None without a code or an answer (nothing to check)."""
    return None if code is None or answer is None else f"{code}|{answer}"


def allowed_pairs(instrument: Instrument | None) -> list[str]:
    """Every item's ``code|answer`` for each answer its type allows."""
    if instrument is None:
        return []
    by_type = instrument.answer_values.groupby("answer_type")["answer"].apply(list).to_dict()
    items = instrument.items
    return sorted(
        answer_key(code, a) for code, t in zip(items["item_id"], items["answer_type"]) for a in by_type.get(t, [])
    )


def question_key(text: object) -> str:
    """A question as compared: any case, spaces collapsed, without a trailing '.'."""
    return _clean(text).casefold()


def _clean(value: object) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def _header(rows: list[tuple]) -> tuple[int, dict[str, int]]:
    """The header row (found as the file check found it) and each known header's column."""
    index, missing = header_row(rows, SPEC)
    if index is None:
        raise ValueError(f"no header row with {missing} in the first {HEADER_SEARCH_ROWS} rows")
    found = {str(v).strip().lower(): i for i, v in enumerate(rows[index]) if v is not None}
    return index, {name: found[name.lower()] for name in LAYOUT.headers if name.lower() in found}


def _match(
    code: object, question: object, item_ids: pd.Index, by_question: dict[str, str]
) -> tuple[str | None, str | None]:
    if code is not None and str(code).strip() in item_ids:
        return str(code).strip(), "kode"
    if question is not None and question_key(question) in by_question:
        return by_question[question_key(question)], "pertanyaan"
    return None, None


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value
