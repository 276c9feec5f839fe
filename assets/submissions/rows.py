"""From read rows to accepted and refused rows, decided by the Great Expectations suite.

``parsed_frame`` turns every read row of every file into one row of a frame
(values parsed, with the parser's own reason when a value cannot be read).
``route`` validates the year's frame in one GX run and sends each row to
``accepted`` or ``refused`` from GX's own result (the ``file``/``row`` index
of each failed expectation), never from a second copy of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd

from assets.submissions.reader import SheetRow
from assets.submissions.values import CellInput, ParsedValue, parse_realisasi
from expectations.adapter import ExpectationOutcome, Suite, SuiteOutcome, offending_index

INDEX = ["file", "row"]
Parser = Callable[[CellInput, str, object], ParsedValue]


@dataclass(frozen=True)
class Routed:
    accepted: pd.DataFrame
    refused: pd.DataFrame
    outcome: SuiteOutcome


def parsed_frame(rows: Iterable[SheetRow], **context) -> pd.DataFrame:
    """One frame row per sheet row (the arguments are those of :func:`parsed_records`)."""
    return pd.DataFrame(parsed_records(rows, **context), columns=frame_columns(context["fields"]))


def parsed_records(
    rows: Iterable[SheetRow],
    *,
    year: int,
    unit_code: str,
    file: str,
    kinds: Mapping[str, tuple[str, object]],
    fields: Sequence[str],
    parse: Parser = parse_realisasi,
) -> list[dict]:
    """One record per sheet row; ``kinds`` maps a code to (kind, target or scale) for this unit."""
    out = []
    for r in rows:
        kind, target = kinds.get(r.code or "", ("count", None))
        parsed = parse(r.value, kind, target)
        out.append(
            {
                "year": year, "unit_code": unit_code, "file": file, "row": r.row, "code": r.code,
                "raw_value": parsed.raw, "value": parsed.value,
                "parse_code": parsed.reason_code, "parse_reason": parsed.reason, "parse_warning": parsed.warning,
                **{f: _text(r.inputs.get(f)) for f in fields},
                "target_kind": kind,
                "responsibility": f"{unit_code}|{r.code}", "schedule_key": f"{year}|{r.code}",
            }
        )  # fmt: skip
    return out


def frame_columns(fields: Sequence[str]) -> list[str]:
    return [
        "year", "unit_code", "file", "row", "code", "raw_value", "value", "parse_code", "parse_reason",
        "parse_warning", *fields, "target_kind", "responsibility", "schedule_key",
    ]  # fmt: skip


def route(frame: pd.DataFrame, suite: Suite, parameters: Mapping[str, object]) -> Routed:
    outcome = suite.validate(frame, parameters=parameters, index_columns=INDEX)
    critical = offending_index(_only(outcome, blocking=True), INDEX)
    warned = offending_index(_only(outcome, blocking=False), INDEX)
    keys = list(zip(frame["file"], frame["row"]))
    refused_mask = [k in critical for k in keys]
    records = frame.to_dict("records")
    refused = []
    for key, record, is_refused in zip(keys, records, refused_mask):
        if not is_refused:
            continue
        code, reason = _reason(critical[key][0], record)
        refused.append(
            {
                "year": record["year"], "unit": record["unit_code"], "file": record["file"], "row": record["row"],
                "code": record["code"], "raw_value": record["raw_value"], "reason_code": code, "reason": reason,
                "all_reason_codes": ";".join(_reason(o, record)[0] for o in critical[key]),
            }
        )  # fmt: skip
    accepted = frame.loc[~pd.Series(refused_mask, index=frame.index, dtype=bool)].copy()
    accepted["warnings"] = [
        _warnings(record, warned.get(key, [])) for key, record in zip(keys, records) if key not in critical
    ]
    return Routed(accepted.reset_index(drop=True), pd.DataFrame(refused, columns=REJECT_COLUMNS), outcome)


REJECT_COLUMNS = ["year", "unit", "file", "row", "code", "raw_value", "reason_code", "reason", "all_reason_codes"]


def _reason(o: ExpectationOutcome, record: Mapping) -> tuple[str, str]:
    """The reason of a failed expectation for this row: the row's own (a parser's) or the suite's."""
    if o.reason_code_column and pd.notna(record.get(o.reason_code_column)):
        return record[o.reason_code_column], record[o.reason_column]
    return o.reason_code, o.reason.replace("{code}", str(record["code"] or "(kosong)"))


def _only(outcome: SuiteOutcome, *, blocking: bool) -> SuiteOutcome:
    return SuiteOutcome(outcome.suite_name, [o for o in outcome.outcomes if o.blocking == blocking])


def _warnings(record: Mapping, outcomes) -> str | None:
    notes = [record["parse_warning"]] if pd.notna(record.get("parse_warning")) else []
    notes += [_reason(o, record)[1] for o in outcomes]
    return " | ".join(notes) or None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
