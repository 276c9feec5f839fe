"""Reading the answers back from an answered PMPRB worksheet, into the frame the answer suite validates.

``read_rows`` reads the LKE sheet by the headers of the year's layout
(``worksheet.layout_for``: the item worksheet, or the 9/2023 line worksheet);
``answer_frame`` turns the rows into one row per worksheet row that carries an
answer or a note. A row is matched to an item or to a line the Tim fills in
(a 9/2023 indicator, a 26/2020 subtotal) by its hidden code (column Kode),
else by its question or indicator text (any case, surrounding spaces and a
trailing "." ignored). An answer is taken in any case, with or without a
trailing "." ("ya", "A.", " b ", "wtp"), in the instrument's spelling ("Ya",
"A", "B", "WTP"); a number typed as text with a decimal comma ("68,94") is
read as 68.94. An answer that is still the suggestion the worksheet was written
with (hidden column Usulan Sistem) counts only when the Tim confirmed it
(Konfirmasi "Ya"); otherwise it is not read, and stays a suggestion that
follows the data. Whether a row is accepted is not decided here: the suite
``pmprb_answer_rows`` refuses rows matching nothing, codes answered twice,
answers outside their allowed set, values that are not numbers and values
outside their line's range (``answer_intake``). File-level intake (sha256,
supersession, rejects) is not done here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from assets.forms.layouts import WorksheetLayout
from assets.forms.probe import header_row
from assets.forms.values import format_id
from assets.pmprb.instrument import NUMBER_RULES, Instrument
from assets.pmprb.scoring import NUMBER_PATTERN
from assets.pmprb.worksheet import CONFIRM_HEADER, CONFIRMED, LAYOUT, SUGGESTION_HEADER, layout_for

HEADER_SEARCH_ROWS = LAYOUT.header_rows
DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
NUMBER_RE = re.compile(NUMBER_PATTERN)
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
    "number_text",
    "number",
    "min_value",
    "max_value",
    "range_text",
    "instrument_version",
]


def read_rows(path: Path, layout: WorksheetLayout = LAYOUT) -> list[tuple[int, dict[str, object]]]:
    """Every row below the header row as (sheet row, {header: value}) for the layout's headers present."""
    wb = load_workbook(path, read_only=True)
    try:
        ws = wb[layout.sheet] if layout.sheet in wb.sheetnames else wb.worksheets[0]
        rows = list(ws.iter_rows(values_only=True))
    finally:
        wb.close()
    header_at, cols = _header(rows, layout)
    return [
        (number, {name: row[i] if i < len(row) else None for name, i in cols.items()})
        for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2)
    ]


def answer_frame(rows: list[tuple[int, dict[str, object]]], instrument: Instrument, file: str) -> pd.DataFrame:
    """The rows that carry an answer or a note, matched to their item or line (see ``FRAME_COLUMNS``);
    judged by the suite."""
    layout = layout_for(instrument)
    items = instrument.items.set_index("item_id")
    inputs = instrument.worksheet_inputs().set_index("code")
    by_question = {question_key(q): item_id for item_id, q in items["question"].items()}
    by_question.update({question_key(name): code for code, name in inputs["name"].items()})
    known = pd.Index([*items.index, *inputs.index])
    # Rows of lines the pipeline fills (sums, sub-components, Indikator Hasil inputs) are not answers.
    other_codes = set(instrument.lines["code"]) - set(inputs.index)
    records = []
    for number, cells in rows:
        raw, note = _blank_to_none(cells.get(layout.answer_header)), _blank_to_none(cells.get(layout.note_header))
        if (raw is None and note is None) or str(cells.get(layout.code_header)).strip() in other_codes:
            continue
        code, matched_by = _match(cells.get(layout.code_header), cells.get(layout.question_header), known, by_question)
        if code is None and raw is None:
            continue  # a note beside nothing
        if raw is not None and untouched_suggestion(raw, cells):
            raw = None  # still the system's suggestion: not the Tim's answer, it keeps following the data
            if note is None:
                continue
        records.append(
            {
                "file": file,
                "row": number,
                "code": code,
                "matched_by": matched_by,
                "raw_answer": raw,
                "note": note,
                "instrument_version": instrument.version,
                **_judged_answer(code, raw, instrument, items, inputs),
            }
        )
    frame = pd.DataFrame(records, columns=FRAME_COLUMNS)
    return frame.astype({c: "float64" for c in ("number", "min_value", "max_value")})


def _judged_answer(code, raw, instrument: Instrument, items: pd.DataFrame, inputs: pd.DataFrame) -> dict:
    """What the suite needs to judge one answer: its allowed set (items, opinions) or its number and range."""
    if code in inputs.index and inputs.at[code, "rule"] in NUMBER_RULES:
        line = inputs.loc[code]
        text = None if raw is None else number_text(raw)
        number = float(text) if text is not None and NUMBER_RE.fullmatch(text) else None
        return {
            "answer": text,
            "number_text": text,
            "number": number,
            "min_value": line["min_value"],
            "max_value": line["max_value"],
            "range_text": f"{format_id(line['min_value'])} - {format_id(line['max_value'])}",
        }
    if code in inputs.index:  # points: one of the opinions
        answer_type, allowed = None, instrument.opini_bpk["opinion"].tolist()
    elif code is not None:
        answer_type = items.at[code, "answer_type"]
        allowed = instrument.allowed_answers(answer_type)
    else:
        answer_type, allowed = None, []
    answer = normalise_answer(raw, allowed) if raw is not None else None
    return {
        "answer": answer,
        "answer_type": answer_type or ("Opini BPK" if code is not None else None),
        "allowed": ", ".join(allowed) or None,
        "answer_key": answer_key(code, answer),
    }


def untouched_suggestion(raw: object, cells: dict[str, object]) -> bool:
    """The answer is the suggestion the worksheet was written with, and the Tim did not confirm it (Konfirmasi Ya)."""
    suggestion = _blank_to_none(cells.get(SUGGESTION_HEADER))
    if suggestion is None or _clean(cells.get(CONFIRM_HEADER) or "").casefold() == CONFIRMED.casefold():
        return False
    return _clean(number_text(raw)).casefold() == _clean(number_text(suggestion)).casefold()


def number_text(raw: object) -> str:
    """A value as the engine reads a number: 68.94 -> '68.94', '68,94' -> '68.94', '100' -> '100'; other text cleaned."""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int | float):
        number = float(raw)
        if number.is_integer():
            return str(int(number))
        text = repr(number)
        return f"{number:.15f}".rstrip("0") if "e" in text else text  # 1e-05 -> 0.00001, as a number reads
    text = re.sub(r"\s+", "", str(raw))
    return text.replace(",", ".") if DECIMAL_COMMA.fullmatch(text) else text


def normalise_answer(raw: object, allowed: list[str]) -> str:
    """The answer in the instrument's spelling when it is one of ``allowed`` in any case, else as typed (cleaned)."""
    text = _clean(raw)
    return {a.casefold(): a for a in allowed}.get(text.casefold(), text)


def answer_key(code: str | None, answer: str | None) -> str | None:
    """``code|answer``, looked up in :func:`allowed_pairs`; None without a code or an answer (nothing to check)."""
    return None if code is None or answer is None else f"{code}|{answer}"


def allowed_pairs(instrument: Instrument | None) -> list[str]:
    """Every item's ``code|answer`` for each answer its type allows, and every opinion of a points line."""
    if instrument is None:
        return []
    by_type = instrument.answer_values.groupby("answer_type")["answer"].apply(list).to_dict()
    items = instrument.items
    pairs = [answer_key(code, a) for code, t in zip(items["item_id"], items["answer_type"]) for a in by_type.get(t, [])]
    inputs = instrument.worksheet_inputs()
    for code in inputs.loc[inputs["rule"] == "points", "code"]:
        pairs += [answer_key(code, opinion) for opinion in instrument.opini_bpk["opinion"]]
    return sorted(pairs)


def question_key(text: object) -> str:
    """A question as compared: any case, spaces collapsed, without a trailing '.'."""
    return _clean(text).casefold()


def _clean(value: object) -> str:
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text[:-1].rstrip() if text.endswith(".") else text


def _header(rows: list[tuple], layout: WorksheetLayout) -> tuple[int, dict[str, int]]:
    """The header row (found as the file check found it) and each known header's column."""
    index, missing = header_row(rows, layout.spec)
    if index is None:
        raise ValueError(f"no header row with {missing} in the first {layout.header_rows} rows")
    found = {str(v).strip().lower(): i for i, v in enumerate(rows[index]) if v is not None}
    return index, {name: found[name.lower()] for name in layout.headers if name.lower() in found}


def _match(
    code: object, question: object, known: pd.Index, by_question: dict[str, str]
) -> tuple[str | None, str | None]:
    if code is not None and _code_text(code) in known:
        return _code_text(code), "kode"
    if question is not None and question_key(question) in by_question:
        return by_question[question_key(question)], "pertanyaan"
    return None, None


def _code_text(code: object) -> str:
    """A hidden code as text: a question id saved as the number 1024.0 is '1024'."""
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code).strip()


def _blank_to_none(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value
