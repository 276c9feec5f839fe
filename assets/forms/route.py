"""From parsed rows to accepted and refused rows, decided by the Great Expectations suite.

``route`` validates the year's frame in one GX run and sends each row to
``accepted`` or ``refused`` from GX's own result (the ``file``/``row`` index
of each failed expectation), never from a second copy of the rules. It knows
no form's columns: a refused row keeps the frame's columns and gains its
reason; each intake shapes its own tables from them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from expectations.adapter import ExpectationOutcome, Suite, SuiteOutcome, neutral_reason, offending_index

INDEX = ["file", "row"]
REASON_COLUMNS = ["reason_code", "reason", "all_reason_codes"]
PLACEHOLDER = re.compile(r"\{(\w+)\}")
EMPTY = "(kosong)"  # a placeholder whose column is empty in the row


@dataclass(frozen=True)
class Routed:
    accepted: pd.DataFrame  # the frame's rows that passed every critical expectation, with ``warnings``
    refused: pd.DataFrame  # the others: the frame's columns plus ``REASON_COLUMNS``
    outcome: SuiteOutcome


def route(frame: pd.DataFrame, suite: Suite, parameters: Mapping[str, object]) -> Routed:
    outcome = suite.validate(frame, parameters=parameters, index_columns=INDEX)
    critical = offending_index(_only(outcome, blocking=True), INDEX)
    warned = offending_index(_only(outcome, blocking=False), INDEX)
    keys = list(zip(frame["file"], frame["row"]))
    refused_mask = pd.Series([k in critical for k in keys], index=frame.index, dtype=bool)
    records = frame.to_dict("records")
    reasons = []
    for key, record in zip(keys, records):
        if key in critical:
            code, reason = _reason(critical[key][0], record)
            reasons.append((code, reason, ";".join(_reason(o, record)[0] for o in critical[key])))
    refused = frame.loc[refused_mask].copy()
    for name, values in zip(REASON_COLUMNS, zip(*reasons) if reasons else [()] * len(REASON_COLUMNS)):
        refused[name] = pd.Series(list(values), index=refused.index, dtype=object)
    accepted = frame.loc[~refused_mask].copy()
    accepted["warnings"] = [
        _warnings(record, warned.get(key, [])) for key, record in zip(keys, records) if key not in critical
    ]
    return Routed(accepted.reset_index(drop=True), refused.reset_index(drop=True), outcome)


def fill(reason: str, record: Mapping) -> str:
    """A suite's reason for one row: each ``{column}`` becomes the row's value of that column.

    A placeholder naming no column of the row (an edited suite) is left out, as in a check's description.
    """
    template = neutral_reason(reason, keep=record.keys())
    return PLACEHOLDER.sub(lambda m: _text(record[m.group(1)]), template)


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return EMPTY
    return str(value)


def _reason(o: ExpectationOutcome, record: Mapping) -> tuple[str, str]:
    """The reason of a failed expectation for this row: the row's own (a parser's) or the suite's."""
    if o.reason_code_column and pd.notna(record.get(o.reason_code_column)):
        return record[o.reason_code_column], record[o.reason_column]
    return o.reason_code, fill(o.reason, record)


def _only(outcome: SuiteOutcome, *, blocking: bool) -> SuiteOutcome:
    return SuiteOutcome(outcome.suite_name, [o for o in outcome.outcomes if o.blocking == blocking])


def _warnings(record: Mapping, outcomes) -> str | None:
    notes = [record["parse_warning"]] if pd.notna(record.get("parse_warning")) else []
    notes += [_reason(o, record)[1] for o in outcomes]
    return " | ".join(notes) or None
