"""The validation report: the stored Great Expectations results of a section, as the report page shows them.

Reads whatever ``<suite>.json`` files lie in ``outputs/<year>/validation/``
(each a ``SuiteOutcome.to_json()``); the page (``templates/validation.html``)
shows, per suite and per expectation, whether it passed, how many rows failed
and the first offending rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pipelines.portal.paths import is_hidden, open_regular

ROWS_SHOWN = 20


@dataclass(frozen=True)
class StoredResult:
    name: str
    data: dict[str, Any] | None  # None when the file is not a readable result
    modified: dt.datetime
    size: int  # bytes of the stored result


def load_results(folder: Path) -> list[StoredResult]:
    """Every visible, regular ``*.json`` in ``folder``, by name; unreadable ones are kept with ``data=None``."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    results = []
    for path in sorted(folder.glob("*.json")):
        if is_hidden(PurePosixPath(path.name)):
            continue
        f = open_regular(path)  # not a symlink, pipe or socket
        if f is None:
            continue
        with f:
            info = os.fstat(f.fileno())
            modified = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC)
            try:
                data = json.loads(f.read().decode("utf-8"))
                data = data if isinstance(data, dict) and isinstance(data.get("results"), list) else None
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                data = None
        results.append(StoredResult(path.stem, data, modified, info.st_size))
    return results


def suites(results: list[StoredResult]) -> list[dict[str, Any]]:
    """What the report page shows of each stored result: its suite, whether it passed, its expectations and,
    for a failed one, its first offending rows (``ROWS_SHOWN``) or the value observed."""
    return [_suite(r) for r in results]


def _suite(result: StoredResult) -> dict[str, Any]:
    if result.data is None:
        return {"anchor": result.name, "name": result.name, "readable": False, "modified": result.modified}
    expectations = [_expectation(r) for r in result.data["results"]]
    return {
        "anchor": result.name,
        "name": str(result.data.get("suite", result.name)),
        "readable": True,
        "success": bool(result.data.get("success")),
        "failed": sum(1 for e in expectations if not e["success"]),
        "modified": result.modified,
        "expectations": expectations,
    }


def _expectation(r: dict[str, Any]) -> dict[str, Any]:
    passed = bool(r.get("success"))
    rows = [row for row in (r.get("unexpected_rows") or []) if isinstance(row, dict)][:ROWS_SHOWN]
    observed = r.get("observed_value")
    return {
        "check": str(r.get("check_name", "")),
        "column": str(r["column"]) if r.get("column") else "",
        "type": str(r.get("expectation_type", "")),
        "reason": str(r.get("reason", "")),
        "severity": str(r.get("severity", "")),
        "success": passed,
        "count": int(r.get("unexpected_count") or 0),
        "columns": list(dict.fromkeys(k for row in rows for k in row)) if not passed else [],
        "rows": [] if passed else [{k: _text(v) for k, v in row.items()} for row in rows],
        "observed": "" if passed or rows or observed is None else json.dumps(observed, ensure_ascii=False),
    }


def _text(value: Any) -> str:
    return "" if value is None else str(value)
