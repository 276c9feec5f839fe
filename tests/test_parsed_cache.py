"""An unchanged workbook (same sha256) is not parsed again; a changed one is."""

from __future__ import annotations

from assets.submissions.parsed_cache import read_rows_cached
from assets.submissions.reader import SheetRow
from assets.submissions.template import LAYOUT
from assets.submissions.values import CellInput


def test_same_sha_is_read_once_and_a_new_sha_again(tmp_path):
    calls = []

    def read(path, layout):
        calls.append(path)
        return [SheetRow(row=2, code="1.1.a", value=CellInput(value=0.75, number_format="0%", formula=None), inputs={})]

    first = read_rows_cached(tmp_path / "a.xlsx", "abc", LAYOUT, tmp_path / "cache", read)
    again = read_rows_cached(tmp_path / "a.xlsx", "abc", LAYOUT, tmp_path / "cache", read)
    assert first == again and len(calls) == 1
    read_rows_cached(tmp_path / "a.xlsx", "def", LAYOUT, tmp_path / "cache", read)
    read_rows_cached(tmp_path / "a.xlsx", None, LAYOUT, tmp_path / "cache", read)
    read_rows_cached(tmp_path / "a.xlsx", "abc", LAYOUT, None, read)
    assert len(calls) == 4
