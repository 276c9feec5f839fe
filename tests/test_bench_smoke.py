"""The benchmark runs at 30 workbooks and accounts for every row (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys

from pipelines.settings import PROJECT_DIR


def test_bench_at_30_workbooks_ingests_every_workbook(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench",
            "--workbooks",
            "30",
            "--no-cli",
            "--memory",
            "--keep",
            str(tmp_path / "bench"),
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "| annual job, imported" in done.stdout and "floor: calamine read" in done.stdout
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["workbooks"] == 29  # 30 units; the sample plan has one unit that never sends
    assert figures["files_in_force"] == figures["workbooks"]
    assert figures["rows_read"] == figures["rows_accepted"] + figures["rows_refused"] > 0
    assert figures["rows_accounted"] is True
