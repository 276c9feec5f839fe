"""Run the annual job from the command line, recording runs in DAGSTER_HOME.

    python -m pipelines.cli                 # every year of the road map period
    python -m pipelines.cli --year 2021     # one year (repeatable)

Each year is one run of the ``annual`` job, visible afterwards in the Dagster UI.
A fresh DAGSTER_HOME is prepared first, once, even when two runs start at the
same moment (see ``pipelines/instance.py``).
"""

from __future__ import annotations

import argparse
import sys

from assets.roadmap.identity import RoadmapIdentity
from pipelines.definitions import defs
from pipelines.instance import open_instance
from pipelines.jobs import ANNUAL_JOB
from pipelines.settings import Settings

QUIET = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", action="append", help="a year of the road map period (default: all)")
    args = parser.parse_args(argv)
    job = defs.resolve_job_def(ANNUAL_JOB)
    years = [str(y) for y in RoadmapIdentity.load(Settings.from_env().roadmap_dir).years]
    chosen = args.year or years
    unknown = sorted(set(chosen) - set(years))
    if unknown:
        parser.error(f"years outside the road map period {years[0]}-{years[-1]}: {', '.join(unknown)}")
    instance = open_instance()  # a second run started at the same moment waits until the first created it
    failed = []
    for year in chosen:
        result = job.execute_in_process(partition_key=year, instance=instance, raise_on_error=False, run_config=QUIET)
        status = "ok" if result.success else "FAILED"
        print(f"annual {year}: {status} (run {result.run_id})", flush=True)
        if not result.success:
            failed.append(year)
    if failed:
        print(f"Failed years: {', '.join(failed)}. Open the Dagster UI (make ui) to see why.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
