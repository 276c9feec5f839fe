"""Jobs: the annual run of one year, end to end."""

from __future__ import annotations

import dagster as dg

ANNUAL_JOB = "annual"


def annual_job() -> dg.UnresolvedAssetJobDefinition:
    """Every asset for one year: road map, submissions, monitoring and PMPRB outputs.

    Partitioned by year through its assets (the yearly partitions of the road map period).
    """
    return dg.define_asset_job(
        ANNUAL_JOB,
        selection=dg.AssetSelection.all(),
        description="Runs one year end to end: road map tables, then every asset of that year.",
        executor_def=dg.in_process_executor,
    )
