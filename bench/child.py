"""Run the annual job in this process, already imported; print one JSON line of figures.

    python -m bench.child SOURCES INBOX OUTPUTS WAREHOUSE YEAR [--profile FILE] [--memory] [--rerun]

The run is recorded in a SQLite-backed Dagster instance in a temporary folder, as
the CLI and the UI record theirs; ``--memory`` uses the in-memory instance that
``run_annual`` in the tests uses instead. ``--rerun`` runs the year twice more
on the same files: once without, once with the parsed-rows cache.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import time
from contextlib import nullcontext
from pathlib import Path

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import dagster as dg  # noqa: E402

from assets.forms.throughput.content_cache import folder_beside  # noqa: E402
from bench.memory import PeakTreeMemory  # noqa: E402
from pipelines.definitions import build_definitions  # noqa: E402
from pipelines.jobs import ANNUAL_JOB  # noqa: E402
from pipelines.settings import Settings  # noqa: E402

ROWS_ACCOUNTED = "rows_read_equal_accepted_plus_refused"


def main(argv: list[str]) -> int:
    sources, inbox, outputs, warehouse, year = argv[:5]
    profile = argv[argv.index("--profile") + 1] if "--profile" in argv else None
    settings = Settings(Path(sources), Path(inbox), Path(outputs), Path(warehouse))
    job = build_definitions(settings).resolve_job_def(ANNUAL_JOB)
    import great_expectations  # noqa: F401  (imported lazily by the job; keep its import out of the timing)

    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    figures_rerun: dict[str, float] = {}
    started = time.perf_counter()
    with PeakTreeMemory() as peak:
        with nullcontext(dg.DagsterInstance.ephemeral()) if "--memory" in argv else dg.instance_for_test() as instance:
            result = job.execute_in_process(partition_key=str(year), instance=instance, raise_on_error=False)
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    if "--rerun" in argv:
        for label, clear in (("rerun_uncached_seconds", True), ("rerun_cached_seconds", False)):
            if clear:
                shutil.rmtree(folder_beside(warehouse), ignore_errors=True)
            started = time.perf_counter()
            with dg.instance_for_test() as again:
                job.execute_in_process(partition_key=str(year), instance=again, raise_on_error=False)
            figures_rerun[label] = time.perf_counter() - started
    figures = {
        **figures_rerun,
        "seconds": seconds,
        "success": result.success,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "tree_rss_kib": peak.kib,
    }
    figures["steps"] = _step_seconds(result)
    for check in result.get_asset_check_evaluations():
        if check.check_name == ROWS_ACCOUNTED:
            meta = {k: v.value for k, v in check.metadata.items()}
            figures.update(
                passed=check.passed, **{k: meta[k] for k in ("files", "rows_read", "rows_accepted", "rows_refused")}
            )
    print(json.dumps(figures), flush=True)
    return 0 if result.success else 1


def _step_seconds(result) -> dict[str, float]:
    """Seconds of each step of the run (Dagster's own duration of each successful step), longest first."""
    seconds = {e.step_key: round(e.event_specific_data.duration_ms / 1000, 3) for e in result.get_step_success_events()}
    return dict(sorted(seconds.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
