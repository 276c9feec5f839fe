"""The answered worksheets of the Tim PMPRB: files in, answers out.

The inbox ``sources/pmprb/<year>/`` follows the same file rules as the units'
inboxes (sha256, supersession, file rejects), by the same code. The file in
force is read by item id, else by question text; answers outside their
allowed set are refused with a reason and score 0.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from assets.pmprb.answers import SPEC, read_answers  # noqa: F401  (SPEC: this inbox's file check, shared with the reader)
from assets.pmprb.instrument import Instrument

INBOX = "pmprb"
ANSWERS_SCHEMA = {
    "year": "INTEGER", "code": "VARCHAR", "answer": "VARCHAR", "answer_source": "VARCHAR",
    "raw_answer": "VARCHAR", "note": "VARCHAR", "matched_by": "VARCHAR", "file": "VARCHAR", "row": "INTEGER",
}  # fmt: skip
REJECTS_SCHEMA = {
    "year": "INTEGER", "code": "VARCHAR", "raw_answer": "VARCHAR", "reason_code": "VARCHAR", "reason": "VARCHAR",
    "file": "VARCHAR", "row": "INTEGER",
}  # fmt: skip


def final_answers(year: int, files: pd.DataFrame, inbox_root: Path, instrument: Instrument | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(answers, refused answers) from the year's file in force; empty frames when there is none."""
    answers, refused = [], []
    for f in files[files["status"] == "berlaku"].to_dict("records"):
        if instrument is None:
            continue
        reading = read_answers(inbox_root / f["file"], instrument).assign(year=year, file=f["file"])
        reading = reading.rename(columns={"sheet_row": "row"})
        ok = reading[reading["answer"].notna() & reading["reason_code"].isna()]
        answers.append(ok.assign(answer_source="final"))
        refused.append(reading[reading["reason_code"].notna()])
    return _frame(answers, ANSWERS_SCHEMA), _frame(refused, REJECTS_SCHEMA)


def _frame(parts: list[pd.DataFrame], schema: dict[str, str]) -> pd.DataFrame:
    if not parts:
        return pd.DataFrame(columns=list(schema))
    return pd.concat(parts, ignore_index=True).reindex(columns=list(schema))
