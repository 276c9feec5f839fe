"""The code location: the only place that assembles assets, jobs and resources.

``defs`` is built from the environment (:mod:`pipelines.settings`); tests call
:func:`build_definitions` with their own settings, for instance a temporary
sources folder holding another regency's road map.
"""

from __future__ import annotations

import dagster as dg

from assets.monitoring.assets import build_assets as monitoring_assets
from assets.outcomes.assets import build_assets as outcome_assets
from assets.partitions import yearly_partitions
from assets.pmprb.assets import build_assets as pmprb_assets
from assets.reports.assets import build_assets as report_assets
from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from assets.roadmap.identity import RoadmapIdentity
from assets.submissions.assets import build_assets as submission_assets
from pipelines.jobs import annual_job
from pipelines.resources import build_resources
from pipelines.schedules import build_annual_schedule
from pipelines.sensors import build_inbox_sensor
from pipelines.settings import Settings


def build_definitions(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    identity = RoadmapIdentity.load(settings.roadmap_dir)
    years = yearly_partitions(identity)
    return dg.Definitions(
        assets=[
            *ROADMAP_ASSETS,
            *submission_assets(years),
            *outcome_assets(years),
            *monitoring_assets(years),
            *pmprb_assets(years),
            *report_assets(years),
        ],
        jobs=[annual_job()],
        schedules=[build_annual_schedule(years.get_partition_keys(), identity.local_time)],
        sensors=[build_inbox_sensor(years.get_partition_keys())],
        resources=build_resources(settings),
        executor=dg.in_process_executor,
    )


defs = build_definitions()
