"""Two processes, one warehouse: the second waits for the lock, nothing is corrupted."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import duckdb
import pytest

from assets.resources import Warehouse, WarehouseBusyError
from pipelines.settings import PROJECT_DIR

MATERIALIZE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import dagster as dg
    from assets.roadmap.assets import ASSETS
    from pipelines.resources import build_resources
    from pipelines.settings import Settings, PROJECT_DIR
    settings = Settings(PROJECT_DIR / "sources", PROJECT_DIR / "sources", Path(sys.argv[2]), Path(sys.argv[1]))
    result = dg.materialize(ASSETS, resources=build_resources(settings), raise_on_error=False)
    sys.exit(0 if result.success else 1)
    """
)

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time, duckdb
    conn = duckdb.connect(sys.argv[1])
    conn.execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    """
)


def _spawn(script: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_materializations_in_two_processes(tmp_path):
    db = tmp_path / "rb.duckdb"
    procs = [_spawn(MATERIALIZE, str(db), str(tmp_path / f"out{i}")) for i in range(2)]
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs):
        assert proc.returncode == 0, err[-3000:]
    with duckdb.connect(str(db), read_only=True) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("units", "roadmap_targets")}
        duplicates = conn.execute(
            "SELECT count(*) FROM (SELECT code, year, unit_code FROM roadmap_targets GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0]
    assert counts["units"] > 0 and counts["roadmap_targets"] > 0
    assert duplicates == 0


def test_a_held_lock_gives_a_clear_error_after_waiting(tmp_path):
    db = tmp_path / "rb.duckdb"
    holder = _spawn(HOLD_LOCK, str(db), "30")
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with pytest.raises(WarehouseBusyError) as err:
            with Warehouse(database=str(db), lock_wait_seconds=1.5).get_connection():
                pass
        assert time.monotonic() - started >= 1.5
        assert "in use by another process" in str(err.value)
        assert f"PID {holder.pid}" in str(err.value)
    finally:
        holder.kill()
        holder.wait()


def test_waiting_run_gets_the_lock_once_it_is_released(tmp_path):
    db = tmp_path / "rb.duckdb"
    holder = _spawn(HOLD_LOCK, str(db), "2")
    assert holder.stdout.readline().strip() == "locked"
    with Warehouse(database=str(db), lock_wait_seconds=60).get_connection() as conn:
        assert conn.execute("SELECT count(*) FROM held").fetchone()[0] == 0
    holder.wait()
