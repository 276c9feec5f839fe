"""From parsed rows to accepted and refused rows, decided by the Great Expectations suite.

``route`` validates the year's frame in one GX run and sends each row to
``accepted`` or ``refused`` from GX's own result (the ``file``/``row`` index
of each failed expectation), never from a second copy of the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from expectations.adapter import ExpectationOutcome, Suite, SuiteOutcome, offending_index

INDEX = ["file", "row"]


@dataclass(frozen=True)
class Routed:
    accepted: pd.DataFrame
    refused: pd.DataFrame
    outcome: SuiteOutcome


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
