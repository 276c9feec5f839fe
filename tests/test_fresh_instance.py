"""Runs started at the same moment on a fresh, empty DAGSTER_HOME: the instance is created once, every run goes on."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import dagster as dg
import pytest

from pipelines.instance import InstanceBusyError, prepare
from pipelines.settings import ENV_INBOX, ENV_OUTPUTS, ENV_WAREHOUSE, PROJECT_DIR

YEAR = "2021"
# The CLI's own main(), entered by both processes at once: everything is imported and built first, then both wait
# at the barrier (a line on stdin, written to every process in turn).
CLI_AT_BARRIER = textwrap.dedent(
    """
    import sys
    from pipelines import cli, definitions, instance, jobs  # imported first: after the barrier main() builds and runs
    print("ready", flush=True)
    sys.stdin.readline()
    sys.exit(cli.main(["--year", sys.argv[1]]))
    """
)
# What the CLI opens its instance with, alone: cheap enough to race several processes on several fresh homes.
OPEN_AT_BARRIER = textwrap.dedent(
    """
    import sys
    from pipelines.instance import open_instance
    print("ready", flush=True)
    sys.stdin.readline()
    with open_instance() as instance:
        print(len(instance.get_runs()), flush=True)
    """
)


def _start_together(script: str, args: list[str], environments: list[dict[str, str]]) -> list[tuple[int, str, str]]:
    """Start one process per environment, release them at the same moment, and return (returncode, stdout, stderr)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, *args],
            cwd=PROJECT_DIR,
            env={**os.environ, **env},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for env in environments
    ]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-3000:]
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    outcomes = [proc.communicate(timeout=600) for proc in procs]
    return [(proc.returncode, out, err) for proc, (out, err) in zip(procs, outcomes)]


def test_two_runs_started_at_once_on_an_empty_dagster_home_both_succeed(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    environments = [
        {
            "DAGSTER_HOME": str(home),
            ENV_WAREHOUSE: str(tmp_path / "warehouse" / "rb.duckdb"),
            ENV_OUTPUTS: str(tmp_path / f"outputs_{name}"),
            ENV_INBOX: str(tmp_path / "inbox"),  # empty: the race is about the instance, not the year's files
        }
        for name in ("a", "b")
    ]
    for returncode, out, err in _start_together(CLI_AT_BARRIER, [YEAR], environments):
        assert "already exists" not in err, err[-3000:]
        assert returncode == 0, err[-3000:]
        assert f"annual {YEAR}: ok" in out
    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
    assert len(runs) == 2 and all(r.status == dg.DagsterRunStatus.SUCCESS for r in runs)
    assert (home / "dagster.yaml").read_bytes() == (PROJECT_DIR / "config" / "dagster.yaml").read_bytes()


def test_four_processes_opening_a_fresh_home_at_once_all_open_it(tmp_path):
    home = tmp_path / "dagster_home"  # not even created: the first process creates it
    for returncode, out, err in _start_together(OPEN_AT_BARRIER, [], [{"DAGSTER_HOME": str(home)}] * 4):
        assert returncode == 0 and out.strip() == "0", err[-3000:]


HOLD_HOME_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pipelines.instance import home_lock
    with home_lock(Path(sys.argv[1])):
        print("locked", flush=True)
        time.sleep(600)
    """
)


def test_a_home_held_too_long_is_reported_with_the_holder(tmp_path):
    home = tmp_path / "dagster_home"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_HOME_LOCK, str(home)],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked", holder.stderr.read()[-3000:]
        with pytest.raises(InstanceBusyError) as err:
            prepare(home, wait_seconds=0.5)
    finally:
        holder.kill()
        holder.wait()
    assert f"PID {holder.pid}" in str(err.value) and str(home) in str(err.value)
    prepare(home, wait_seconds=0.5)  # released: the home is prepared now
    assert (home / "dagster.yaml").exists() and (home / "history" / "runs.db").exists()
