"""Two year partitions ingested at the same moment by two processes, on one warehouse: both succeed."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import dagster as dg
import duckdb

from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from pipelines.resources import build_resources
from pipelines.settings import PROJECT_DIR, Settings
from samples.generator import generate
from tests.conftest import SOURCES

INGEST = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import dagster as dg
    from pipelines.definitions import build_definitions
    from pipelines.jobs import ANNUAL_JOB
    from pipelines.settings import Settings
    sources, inbox, outputs, warehouse, year, go = sys.argv[1:7]
    job = build_definitions(Settings(Path(sources), Path(inbox), Path(outputs), Path(warehouse))).resolve_job_def(ANNUAL_JOB)
    keys = [dg.AssetKey(k) for k in ("submissions", "progress", "progress_rejects", "progress_history")]
    print("ready", flush=True)
    while not Path(go).exists():
        time.sleep(0.005)
    started = time.time()
    result = job.execute_in_process(partition_key=year, asset_selection=keys, instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    print(json.dumps({"started": started, "ended": time.time(), "ok": result.success}), flush=True)
    """
)


def test_two_years_ingest_concurrently_without_a_lock_error(tmp_path):
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "outputs", tmp_path / "warehouse" / "rb.duckdb")
    generate(settings, years=[2020, 2021])
    assert dg.materialize(ROADMAP_ASSETS, resources=build_resources(settings)).success
    go = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                INGEST,
                str(SOURCES),
                str(settings.inbox_root),
                str(tmp_path / f"out{year}"),
                str(settings.warehouse_path),
                str(year),
                str(go),
            ],
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for year in (2020, 2021)
    ]
    for proc in procs:  # both have imported everything and wait at the barrier
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-3000:]
    go.touch()
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        assert "WarehouseBusyError" not in err
        runs.append(json.loads(out.strip().splitlines()[-1]))
    assert all(r["ok"] for r in runs)
    first, second = runs
    assert first["started"] < second["ended"] and second["started"] < first["ended"]  # the runs overlapped
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        years = dict(conn.execute("SELECT year, count(*) FROM progress GROUP BY year").fetchall())
        files = dict(conn.execute("SELECT year, count(*) FROM submissions GROUP BY year").fetchall())
    assert set(years) == {2020, 2021} and min(years.values()) > 50
    assert set(files) == {2020, 2021}
