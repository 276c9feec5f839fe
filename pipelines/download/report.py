"""The validation report: the stored Great Expectations results of a section, rendered as HTML.

Reads whatever ``<suite>.json`` files lie in ``outputs/<year>/validation/``
(each a ``SuiteOutcome.to_json()``) and shows, per suite and per expectation,
whether it passed, how many rows failed and the first offending rows.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from typing import Any

from assets.local_time import DEFAULT_CLOCK, LocalTime
from pipelines.download.layout import page, table
from pipelines.download.paths import is_hidden, open_regular

ROWS_SHOWN = 20


@dataclass(frozen=True)
class StoredResult:
    name: str
    data: dict[str, Any] | None  # None when the file is not a readable result
    modified: dt.datetime


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
            modified = dt.datetime.fromtimestamp(os.fstat(f.fileno()).st_mtime, dt.UTC)
            try:
                data = json.loads(f.read().decode("utf-8"))
                data = data if isinstance(data, dict) and isinstance(data.get("results"), list) else None
            except (OSError, UnicodeDecodeError, json.JSONDecodeError):
                data = None
        results.append(StoredResult(path.stem, data, modified))
    return results


def render(section: str, results: list[StoredResult], clock: LocalTime = DEFAULT_CLOCK) -> str:
    """The whole report page."""
    title = f"Laporan validasi {section}"
    if not results:
        return page(title, "<p>Belum ada hasil validasi yang tersimpan.</p>")
    summary = table(["Suite", "Hasil", "Ekspektasi gagal", "Waktu"], "".join(_summary_row(r, clock) for r in results))
    suites = "\n".join(_suite(r) for r in results)
    body = f'<p><a href="./">Kembali ke daftar berkas</a></p>\n{summary}\n{suites}'
    return page(title, body)


def _status(passed: bool) -> str:
    return '<span class="lulus">lulus</span>' if passed else '<span class="gagal">gagal</span>'


def _summary_row(result: StoredResult, clock: LocalTime) -> str:
    name = escape(result.name)
    if result.data is None:
        return f'<tr><td>{name}</td><td class="gagal">berkas tidak terbaca</td><td></td><td>{clock.stamp(result.modified)}</td></tr>'
    failed = sum(1 for r in result.data["results"] if not r.get("success"))
    return (
        f'<tr><td><a href="#{name}">{escape(str(result.data.get("suite", result.name)))}</a></td>'
        f'<td>{_status(bool(result.data.get("success")))}</td><td class="num">{failed}</td><td>{clock.stamp(result.modified)}</td></tr>'
    )


def _suite(result: StoredResult) -> str:
    if result.data is None:
        return ""
    rows = "".join(_expectation(r) for r in result.data["results"])
    heading = f'<h2 id="{escape(result.name)}">{escape(str(result.data.get("suite", result.name)))}</h2>\n'
    return heading + table(["Pemeriksaan", "Alasan", "Tingkat", "Hasil", "Baris gagal"], rows)


def _expectation(r: dict[str, Any]) -> str:
    passed = bool(r.get("success"))
    detail = "" if passed else _offending(r)
    column = f' <span class="catatan">(kolom {escape(str(r["column"]))})</span>' if r.get("column") else ""
    return (
        f'<tr><td>{escape(str(r.get("check_name", "")))}{column}<div class="catatan">{escape(str(r.get("expectation_type", "")))}</div></td>'
        f"<td>{escape(str(r.get('reason', '')))}</td><td>{escape(str(r.get('severity', '')))}</td>"
        f'<td>{_status(passed)}</td><td class="num">{int(r.get("unexpected_count") or 0)}</td></tr>{detail}'
    )


def _offending(r: dict[str, Any]) -> str:
    rows = [row for row in (r.get("unexpected_rows") or []) if isinstance(row, dict)][:ROWS_SHOWN]
    if not rows:
        observed = r.get("observed_value")
        return (
            ""
            if observed is None
            else f'<tr><td></td><td colspan="4">Nilai teramati: {escape(json.dumps(observed, ensure_ascii=False))}</td></tr>'
        )
    columns = list(dict.fromkeys(k for row in rows for k in row))
    body = "".join("<tr>" + "".join(f"<td>{escape(_text(row.get(c)))}</td>" for c in columns) + "</tr>" for row in rows)
    return f'<tr><td></td><td colspan="4"><div class="catatan">Baris pertama yang gagal:</div>{table(columns, body)}</td></tr>'


def _text(value: Any) -> str:
    return "" if value is None else str(value)
