"""Schedules: the annual monitoring run on 15 January, on the road map's clock, for the year before.

Written by hand: ``build_schedule_from_partitioned_job`` will not take a custom
cron for a yearly job. A tick whose previous year lies outside the road map's
period is skipped with the reason. On by default, like the inbox sensor: a fresh
instance under ``make ui`` (webserver and daemon) runs it without anyone switching it on.
"""

from __future__ import annotations

import dagster as dg

from assets.local_time import DEFAULT_CLOCK, LocalTime
from pipelines.jobs import ANNUAL_JOB

ANNUAL_CRON = "0 0 15 1 *"  # 15 January, 00:00


def build_annual_schedule(years: list[str], clock: LocalTime = DEFAULT_CLOCK) -> dg.ScheduleDefinition:
    """``years``: the road map's partition keys ("2019" ... "2023"); ``clock``: roadmap.toml's timezone."""
    period = f"{years[0]}-{years[-1]}" if years else "(empty)"

    @dg.schedule(
        name="annual_schedule",
        cron_schedule=ANNUAL_CRON,
        execution_timezone=clock.name,
        job_name=ANNUAL_JOB,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Every 15 January, 00:00 {clock.label} ({clock.name}): runs the annual job for the year just ended, when it lies within the road map's period.",
    )
    def annual_schedule(context: dg.ScheduleEvaluationContext):
        year = str(context.scheduled_execution_time.year - 1)
        if year not in years:
            return dg.SkipReason(f"{year} is outside the road map period {period}: nothing to run.")
        return dg.RunRequest(run_key=f"annual:{year}", partition_key=year, tags={"trigger": "schedule"})

    return annual_schedule
