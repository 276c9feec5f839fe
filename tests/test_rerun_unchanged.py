"""A second run on unchanged inputs rewrites no output file and touches nothing in the inbox, not even a folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES, run_annual

YEAR = 2019


def _files(*roots: Path) -> dict[str, tuple[str, int]]:
    """Every regular file under ``roots``: its sha256 and modification time (ns); every folder (the roots too):
    its modification time, which changes when an entry is created, renamed or removed in it."""
    found = {}
    for root in roots:
        for path in sorted([root, *root.rglob("*")]):
            if path.is_dir():
                found[f"{path}/"] = ("folder", path.stat().st_mtime_ns)
            elif path.is_file():
                found[str(path)] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return found


def _run(settings: Settings) -> None:
    generate(settings, years=[YEAR])  # as `make run` does before every run
    result = run_annual(settings, YEAR)
    assert result.success, [e.message for e in result.all_events if e.is_failure]


def test_a_second_run_on_unchanged_inputs_changes_no_file(tmp_path):
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "outputs", tmp_path / "warehouse" / "rb.duckdb")
    _run(settings)
    before = _files(settings.outputs_dir, settings.inbox_root)
    assert any(p.endswith(".sample-data") for p in before) and any(p.endswith("rekap_pengumpulan.xlsx") for p in before)
    assert any(p.endswith(f"pmprb_{YEAR}.xlsx") for p in before) and any(
        p.endswith(f"monitoring_{YEAR}.xlsx") for p in before
    )
    tables = [f"{settings.outputs_dir / str(YEAR) / 'tables'}/", f"{settings.outputs_dir / 'tables'}/"]
    assert all(folder in before for folder in tables)  # the folders DuckDB's COPY writes into
    _run(settings)
    after = _files(settings.outputs_dir, settings.inbox_root)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == []
