"""Benchmark one year of the pipeline on N synthetic unit workbooks.

    python -m bench.bench --workbooks 22            # one regency (the default)
    python -m bench.bench --workbooks 1000 --year 2021 [--profile DIR] [--no-cli] [--keep DIR]

Generates the workbooks (deterministic), then measures: the annual job run in a
child process that has already imported the code location (wall time of
``execute_in_process`` only, and the child's peak RSS); the cold CLI
(``python -m pipelines.cli --year Y``, a fresh process on a fresh warehouse);
and the floor: reading every workbook with python-calamine and writing the
output workbooks' cells again. Prints a table.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tabulate import tabulate

from assets.forms.layouts import REALISASI
from bench import floor, workload

PROJECT = Path(__file__).resolve().parent.parent


def _progress(label: str, total: int):
    step = max(1, total // 10)

    def report(done: int) -> None:
        if done % step == 0 or done == total:
            print(f"  {label}: {done}/{total}", file=sys.stderr, flush=True)

    return report


def _env(settings, home: Path) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "RB_SOURCES_DIR": str(settings.sources_dir),
        "RB_INBOX_ROOT": str(settings.inbox_root),
        "RB_OUTPUTS_DIR": str(settings.outputs_dir),
        "RB_WAREHOUSE": str(settings.warehouse_path),
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "GX_ANALYTICS_ENABLED": "False",
    }


def run_job(settings, year: int, profile: Path | None, memory: bool = False, rerun: bool = False) -> dict:
    args = [
        sys.executable,
        "-m",
        "bench.child",
        str(settings.sources_dir),
        str(settings.inbox_root),
        str(settings.outputs_dir),
        str(settings.warehouse_path),
        str(year),
    ]
    if profile:
        args += ["--profile", str(profile)]
    if memory:
        args.append("--memory")
    if rerun:
        args.append("--rerun")
    done = subprocess.run(
        args, cwd=PROJECT, capture_output=True, text=True, env=_env(settings, settings.outputs_dir.parent / "home")
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"the annual job did not report:\n{done.stderr[-4000:]}")
    return json.loads(lines[-1])


def run_cli(settings, year: int, root: Path) -> tuple[float, bool]:
    """The cold CLI on its own warehouse and outputs (same sources and inbox)."""
    cold = type(settings)(
        settings.sources_dir, settings.inbox_root, root / "cli" / "outputs", root / "cli" / "rb.duckdb"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "--year", str(year)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=_env(cold, root / "cli" / "home"),
    )
    return time.perf_counter() - started, done.returncode == 0


def measure(
    workbooks: int,
    year: int,
    root: Path,
    *,
    cli: bool = True,
    profile: Path | None = None,
    memory: bool = False,
    rerun: bool = False,
) -> dict:
    settings = workload.prepare(root, workbooks)
    print(f"generating workbooks for {workbooks} units, {year} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    workload.generate_workbooks(settings, year)
    generated = time.perf_counter() - started
    files = sorted((settings.inbox_root / REALISASI.inbox / str(year)).rglob("*.xlsx"))
    print(
        f"  {len(files)} unit workbooks in {generated:.1f} s; running the annual job ...", file=sys.stderr, flush=True
    )
    job = run_job(settings, year, profile, memory, rerun)
    print(f"  annual job: {job['seconds']:.1f} s; cold CLI ...", file=sys.stderr, flush=True)
    cli_seconds, cli_ok = run_cli(settings, year, root) if cli else (float("nan"), True)
    read_seconds, floor_rows = floor.read_all(files, _progress("calamine read", len(files)))
    outputs = sorted(settings.outputs_dir.rglob("*.xlsx"))
    write_seconds, cells = floor.write_outputs(outputs, root / "floor")
    return {
        "workbooks": len(files),
        "instance": "in-memory" if memory else "sqlite",
        "generate_s": generated,
        "job_s": job["seconds"],
        "job_ok": job["success"],
        "peak_rss_mib": job["maxrss_kib"] / 1024,
        "peak_tree_rss_mib": job["tree_rss_kib"] / 1024,
        "steps": job.get("steps", {}),
        "cli_s": cli_seconds,
        "cli_ok": cli_ok,
        "floor_read_s": read_seconds,
        "floor_write_s": write_seconds,
        "output_workbooks": len(outputs),
        "output_cells": cells,
        "files_in_force": job.get("files"),
        "rows_read": job.get("rows_read"),
        "rows_accepted": job.get("rows_accepted"),
        "rows_refused": job.get("rows_refused"),
        "rows_accounted": job.get("passed"),
        **{k: v for k, v in job.items() if k.startswith("rerun_")},
    }


def table(r: dict) -> str:
    floor_s = r["floor_read_s"] + r["floor_write_s"]
    per = 1000 * r["job_s"] / max(1, r["workbooks"])
    rows = [
        ("unit workbooks", r["workbooks"]),
        ("files in force / rows read", f"{r['files_in_force']} / {r['rows_read']}"),
        ("rows accepted + refused", f"{r['rows_accepted']} + {r['rows_refused']} (accounted: {r['rows_accounted']})"),
        (
            f"annual job, imported, {r['instance']} instance (s)",
            f"{r['job_s']:.2f} ({'ok' if r['job_ok'] else 'FAILED'})",
        ),
        ("  per workbook (ms)", f"{per:.1f}"),
        ("peak RSS of the job process (MiB)", f"{r['peak_rss_mib']:.0f}"),
        ("peak RSS, job process and its workers together (MiB, sampled)", f"{r['peak_tree_rss_mib']:.0f}"),
        *[(f"  step {name} (s)", f"{seconds:.2f}") for name, seconds in list(r["steps"].items())[:6]],
        *[
            (f"re-run, same files, {k.split('_')[1]} (s)", f"{r[k]:.2f}")
            for k in ("rerun_uncached_seconds", "rerun_cached_seconds")
            if k in r
        ],
        ("cold CLI (s)", f"{r['cli_s']:.2f} ({'ok' if r['cli_ok'] else 'FAILED'})"),
        ("floor: calamine read (s)", f"{r['floor_read_s']:.2f}"),
        (f"floor: write {r['output_workbooks']} outputs (s)", f"{r['floor_write_s']:.2f}"),
        ("job / floor", f"{r['job_s'] / floor_s:.1f}x" if floor_s else "-"),
        ("generating workbooks (s, not timed above)", f"{r['generate_s']:.1f}"),
    ]
    return tabulate(rows, headers=["measure", "value"], tablefmt="github")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--workbooks", type=int, default=workload.regency_units(), help="units in the collection (default: one regency)"
    )
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--no-cli", action="store_true", help="skip the cold CLI run")
    parser.add_argument(
        "--memory", action="store_true", help="record the run in an in-memory Dagster instance (as the tests do)"
    )
    parser.add_argument(
        "--rerun",
        action="store_true",
        help="also time re-runs on the same files, without and with the parsed-rows cache",
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile of the annual job to this file")
    parser.add_argument("--keep", type=Path, help="work in this (new) folder and keep it")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True)
        result = measure(
            args.workbooks,
            args.year,
            args.keep,
            cli=not args.no_cli,
            profile=args.profile,
            memory=args.memory,
            rerun=args.rerun,
        )
    else:
        with tempfile.TemporaryDirectory(prefix="rb-bench-") as tmp:
            result = measure(
                args.workbooks,
                args.year,
                Path(tmp),
                cli=not args.no_cli,
                profile=args.profile,
                memory=args.memory,
                rerun=args.rerun,
            )
    print(table(result), flush=True)
    print(json.dumps(result), flush=True)
    return 0 if result["job_ok"] and result["cli_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
