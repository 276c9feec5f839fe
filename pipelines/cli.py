"""Run the annual job from the command line, recording runs in DAGSTER_HOME.

    python -m pipelines.cli                 # every year of the road map period
    python -m pipelines.cli --year 2021     # one year (repeatable)
    python -m pipelines.cli --check         # only check the source files (make check)

Every source file is checked first (``assets/source_files/check.py``): each
problem is printed once, in Bahasa Indonesia, with its file, line and column,
and nothing runs while one is an error (exit status 2). Each year is then one
run of the ``annual`` job, visible afterwards in the Dagster UI, and its
figures printed below its line (files in force, late and missing units, rows
accepted and refused, where the feedback went); a step that
fails is reported in one line per step, without Dagster's stack traces (the
UI keeps them). A fresh DAGSTER_HOME is prepared first, once, even when two
runs start at the same moment (see ``pipelines/instance.py``).
"""

from __future__ import annotations

import argparse
import re
import sys

from assets.source_files.check import check_sources, errors
from pipelines.settings import Settings

# Dagster's own log lines stay in the run's history (make ui); the terminal gets one line per year.
QUIET = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
SOURCE_ERRORS = 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", action="append", help="a year of the road map period (default: all)")
    parser.add_argument("--check", action="store_true", help="only check the source files, run nothing")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    problems = check_sources(settings.sources_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    if errors(problems):
        print(f"{len(errors(problems))} galat di {settings.sources_dir}: tidak ada yang dijalankan.", file=sys.stderr)
        return SOURCE_ERRORS
    if args.check:
        print(f"Berkas sumber di {settings.sources_dir} lolos pemeriksaan.")
        return 0
    return run_years(settings, args.year)


def run_years(settings: Settings, wanted: list[str] | None) -> int:
    from assets.roadmap.identity import RoadmapIdentity
    from assets.submissions.year_summary import year_summary
    from pipelines.definitions import build_definitions
    from pipelines.instance import open_instance
    from pipelines.jobs import ANNUAL_JOB

    years = [str(y) for y in RoadmapIdentity.load(settings.roadmap_dir).years]
    chosen = wanted or years
    unknown = sorted(set(chosen) - set(years))
    if unknown:
        print(
            f"Tahun {', '.join(unknown)} di luar periode road map {years[0]}-{years[-1]} (roadmap.toml).",
            file=sys.stderr,
        )
        return SOURCE_ERRORS
    job = build_definitions(settings).resolve_job_def(ANNUAL_JOB)
    instance = open_instance()  # a second run started at the same moment waits until the first created it
    failed = []
    for year in chosen:
        result = job.execute_in_process(partition_key=year, instance=instance, raise_on_error=False, run_config=QUIET)
        status = "ok" if result.success else "FAILED"
        print(f"annual {year}: {status} (run {result.run_id})", flush=True)
        for line in year_summary(settings.warehouse_path, settings.outputs_dir, int(year)):
            print(f"  {line}", flush=True)
        if not result.success:
            failed.append(year)
            for line in failure_lines(result):
                print(f"  {line}", file=sys.stderr)
    if failed:
        print(f"Failed years: {', '.join(failed)}. Open the Dagster UI (make ui) for the full logs.", file=sys.stderr)
        return 1
    return 0


def failure_lines(result) -> list[str]:
    """One entry per failed step (or the run, when no step failed, e.g. a resource that could not be set up):
    the step and the innermost error's message, no stack trace."""
    failures = [e for e in result.all_events if e.is_step_failure] or [e for e in result.all_events if e.is_failure]
    lines = []
    for event in failures:
        data = event.step_failure_data if event.is_step_failure else event.event_specific_data
        error = getattr(data, "error", None)
        while error is not None and error.cause is not None:
            error = error.cause
        message = error.message.strip() if error is not None else event.message
        if error is not None and error.cls_name:  # "package.module.ClassName: text" -> "text"
            message = re.sub(rf"^[\w.]*{re.escape(error.cls_name)}: ", "", message)
        lines.append(f"{event.step_key or 'run'}: " + message.replace("\n", "\n    "))
    return list(dict.fromkeys(lines))


if __name__ == "__main__":
    sys.exit(main())
