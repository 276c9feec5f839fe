"""The annual schedule and the monitoring group as the code location shows them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg

from pipelines.jobs import ANNUAL_JOB
from pipelines.schedules import build_annual_schedule
from tests.monitoring_support import monitoring_definitions

JAKARTA = ZoneInfo("Asia/Jakarta")
YEARS = ["2019", "2020", "2021", "2022", "2023"]


def _evaluate(when: dt.datetime):
    schedule = build_annual_schedule(YEARS)
    return schedule(dg.build_schedule_context(scheduled_execution_time=when))


def test_schedule_runs_the_year_before_on_15_january_jakarta_time():
    schedule = build_annual_schedule(YEARS)
    assert schedule.cron_schedule == "0 0 15 1 *"
    assert schedule.execution_timezone == "Asia/Jakarta"
    assert schedule.job_name == ANNUAL_JOB
    request = _evaluate(dt.datetime(2022, 1, 15, 0, 0, tzinfo=JAKARTA))
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2021"


def test_schedule_skips_a_year_outside_the_road_map_with_the_reason():
    skipped = _evaluate(dt.datetime(2025, 1, 15, 0, 0, tzinfo=JAKARTA))
    assert isinstance(skipped, dg.SkipReason)
    assert "2024" in skipped.skip_message and "2019-2023" in skipped.skip_message


def test_first_tick_of_the_period_is_skipped_too():
    """15 January 2019 reports on 2018, before the road map's first year."""
    assert isinstance(_evaluate(dt.datetime(2019, 1, 15, tzinfo=JAKARTA)), dg.SkipReason)


def test_monitoring_group_loads_described_and_in_the_annual_job(settings):
    defs = monitoring_definitions(settings)
    dg.Definitions.validate_loadable(defs)
    specs = {s.key.to_user_string(): s for s in defs.resolve_all_asset_specs() if s.group_name == "monitoring"}
    assert set(specs) >= {
        "predikat_bands",
        "capaian",
        "indicator_capaian",
        "capaian_rollup",
        "submission_coverage",
        "unit_summary",
        "missing_reports",
        "refused_rows",
        "monitoring_workbook",
        "monitoring_table_files",
        "area_trend",
    }
    for name, spec in specs.items():
        assert spec.description and len(spec.description) > 20 and spec.kinds and spec.owners, name
    assert specs["area_trend"].partitions_def is None
    job = defs.resolve_job_def(ANNUAL_JOB)
    assert {dg.AssetKey(name) for name in specs} <= set(job.asset_layer.selected_asset_keys)
    checks = {(k.asset_key.to_user_string(), k.name) for k in defs.resolve_asset_graph().asset_check_keys}
    assert ("capaian", "one_row_per_scheduled_unit") in checks
    assert ("capaian", "percentages_finite") in checks
    # On in a fresh instance, as the README says: the daemon of `make ui` runs it without a click.
    assert defs.resolve_schedule_def("annual_schedule").default_status == dg.DefaultScheduleStatus.RUNNING
