"""The one atomic writer: the same bytes leave the file and its folder untouched; other bytes replace the file whole."""

from __future__ import annotations

import os

import duckdb
import pytest

from assets.files import replace_atomically, write_bytes_atomically

PAST = 1_600_000_000_000_000_000  # ns: a modification time no write made


def _aged(folder):
    """``folder`` and everything in it dated in the past, so any later change to it shows."""
    for path in [*folder.iterdir(), folder]:
        os.utime(path, ns=(PAST, PAST))
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}, folder.stat().st_mtime_ns


def _copy(query):
    def write(tmp):
        with duckdb.connect() as conn:
            conn.execute(f"COPY ({query}) TO '{tmp}' (FORMAT csv, HEADER true)")

    return write


def test_the_same_bytes_change_neither_the_file_nor_its_folder(tmp_path):
    folder = tmp_path / "tables"
    assert replace_atomically(folder / "t.csv", _copy("SELECT 1 AS n")) is True
    assert write_bytes_atomically(folder / "b.bin", b"abc") is True
    files, mtime = _aged(folder)
    assert replace_atomically(folder / "t.csv", _copy("SELECT 1 AS n")) is False
    assert write_bytes_atomically(folder / "b.bin", b"abc") is False
    assert ({p.name: p.stat().st_mtime_ns for p in folder.iterdir()}, folder.stat().st_mtime_ns) == (files, mtime)


def test_other_bytes_replace_the_file_and_leave_no_temporary_file(tmp_path):
    folder = tmp_path / "tables"
    replace_atomically(folder / "t.csv", _copy("SELECT 1 AS n"))
    write_bytes_atomically(folder / "b.bin", b"abc")
    _aged(folder)
    assert replace_atomically(folder / "t.csv", _copy("SELECT 2 AS n")) is True
    assert write_bytes_atomically(folder / "b.bin", b"abcd") is True
    assert (folder / "t.csv").read_text() == "n\n2\n" and (folder / "b.bin").read_bytes() == b"abcd"
    assert sorted(p.name for p in folder.iterdir()) == ["b.bin", "t.csv"]
    assert folder.stat().st_mtime_ns != PAST and (folder / "t.csv").stat().st_mtime_ns != PAST


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "tables"
    replace_atomically(folder / "t.csv", _copy("SELECT 1 AS n"))
    files, mtime = _aged(folder)

    def half_then_fail(tmp):
        tmp.write_text("n\n")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_atomically(folder / "t.csv", half_then_fail)
    assert (folder / "t.csv").read_text() == "n\n1\n"
    assert ({p.name: p.stat().st_mtime_ns for p in folder.iterdir()}, folder.stat().st_mtime_ns) == (files, mtime)
