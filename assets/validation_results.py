"""Stored validation results: each suite's outcome as JSON under ``outputs/<year>/validation/``.

The portal renders these files as the year's validation report.
Results of assets without a year (the catalogue, the instrument) go to
``outputs/validation/``. Written atomically, like every output.
"""

from __future__ import annotations

import json
from pathlib import Path

from assets.files import write_bytes_atomically
from assets.published import GENERAL_VALIDATION_RESULT, VALIDATION_RESULT
from expectations.adapter import SuiteOutcome


def result_path(outputs: Path, suite: str, year: int | str | None = None) -> Path:
    layout = GENERAL_VALIDATION_RESULT if year is None else VALIDATION_RESULT
    return layout.path(outputs, year, suite=suite)


def store_outcome(outputs: Path, outcome: SuiteOutcome, year: int | str | None = None) -> Path:
    """Write ``outcome.to_json()`` to its file (rewritten only when it changed); returns the path."""
    path = result_path(outputs, outcome.suite_name, year)
    text = json.dumps(outcome.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    write_bytes_atomically(path, text.encode("utf-8"))
    return path
