"""A second run on unchanged inputs rewrites no output file and touches nothing in the inbox."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES, run_annual

YEAR = 2019


def _files(*roots: Path) -> dict[str, tuple[str, int]]:
    """Every regular file under ``roots``: its sha256 and modification time (ns)."""
    found = {}
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
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
    _run(settings)
    after = _files(settings.outputs_dir, settings.inbox_root)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == []
