"""The answered worksheets of the Tim PMPRB: files in, answers out.

The inbox ``sources/pmprb/<year>/`` follows the same file rules as the units'
inboxes (sha256, supersession, file rejects), by the same code. The file in
force is read by item id, else by question text (``answers``); its rows are
validated in one GX run of ``expectations/suites/pmprb_answer_rows.json`` and
routed from GX's result by the same ``route`` as the units' rows: a row
matching no item, an item answered twice or an answer outside its allowed set
is refused with a reason and scores 0; so is a line's value that is not a
number or lies outside the line's range (9/2023 indicators, 26/2020 subtotals).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.forms.route import route
from assets.pmprb.answers import FRAME_COLUMNS, allowed_pairs, answer_frame, read_rows
from assets.pmprb.instrument import Instrument
from assets.pmprb.worksheet import layout_for
from expectations.adapter import Suite, SuiteOutcome

SUITE = Suite.load("pmprb_answer_rows")
ANSWERS_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "raw_answer": "VARCHAR",
    "note": "VARCHAR",
    "matched_by": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
}
REJECTS_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "raw_answer": "VARCHAR",
    "reason_code": "VARCHAR",
    "reason": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
}


@dataclass(frozen=True)
class Answers:
    accepted: pd.DataFrame  # pmprb_answers rows
    refused: pd.DataFrame  # pmprb_answer_rejects rows
    outcome: SuiteOutcome  # the suite's result, for the asset checks and the stored validation results


def answer_rows(year: int, files: pd.DataFrame, inbox_root: Path, instrument: Instrument | None) -> pd.DataFrame:
    """The rows the suite validates, from the year's file in force (none without an instrument)."""
    in_force = files[files["status"] == "berlaku"].to_dict("records") if instrument is not None else []
    layout = layout_for(instrument)
    frames = [answer_frame(read_rows(inbox_root / f["file"], layout), instrument, f["file"]) for f in in_force]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FRAME_COLUMNS)
    frame.insert(0, "year", year)
    return frame


def judge(frame: pd.DataFrame, instrument: Instrument | None) -> Answers:
    """Accepted and refused answers, as the suite decides with the instrument's allowed answers."""
    routed = route(frame, SUITE, {"allowed_answers": allowed_pairs(instrument)})
    accepted = routed.accepted[routed.accepted["answer"].notna()].assign(answer_source="final")
    return Answers(_shaped(accepted, ANSWERS_SCHEMA), _shaped(routed.refused, REJECTS_SCHEMA), routed.outcome)


def _shaped(frame: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    return frame.reindex(columns=list(schema)).reset_index(drop=True)
