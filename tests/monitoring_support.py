"""Helpers for the monitoring tests: a code location with the monitoring group, workbook read-back."""

from __future__ import annotations

import datetime as dt
import math

import dagster as dg
import duckdb
import openpyxl
import pandas as pd

from assets.monitoring.assets import build_assets
from assets.monitoring.sheets import TABLE_SHEETS, headline
from assets.partitions import yearly_partitions
from assets.roadmap.identity import RoadmapIdentity
from pipelines.definitions import build_definitions
from pipelines.jobs import ANNUAL_JOB, annual_job
from pipelines.schedules import build_annual_schedule


def monitoring_definitions(settings) -> dg.Definitions:
    """The project's Definitions plus the monitoring group and schedule (until definitions.py wires them)."""
    base = build_definitions(settings)
    years = yearly_partitions(RoadmapIdentity.load(settings.roadmap_dir))
    assets = list(base.assets or [])
    if not any(dg.AssetKey("capaian") in getattr(a, "keys", ()) for a in assets):
        assets += build_assets(years)
    schedules = list(base.schedules or []) or [build_annual_schedule(years.get_partition_keys())]
    return dg.Definitions(
        assets=assets,
        jobs=[annual_job()],
        sensors=base.sensors,
        schedules=schedules,
        resources=base.resources,
        executor=dg.in_process_executor,
    )


def run_year(settings, year, selection: list[str] | None = None):
    job = monitoring_definitions(settings).resolve_job_def(ANNUAL_JOB)
    keys = [dg.AssetKey(k) for k in selection] if selection else None
    return job.execute_in_process(partition_key=str(year), asset_selection=keys, raise_on_error=False)


def query(settings, sql: str, params=None) -> pd.DataFrame:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).df()


def plain(value):
    """A DuckDB/pandas value as the workbook holds it (floats to 12 significant digits: xlsx keeps about 15)."""
    if value is None or value is pd.NA or value is pd.NaT or value == "":
        return None  # an empty text cell reads back as no value
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, dt.datetime)):
        value = value.item()
    if isinstance(value, float):
        return float(f"{value:.12g}")
    return value


def sheet_rows(ws, first_header: str) -> tuple[int, list[tuple]]:
    """(header row, data rows) of a table sheet: the table starts at the row whose A cell is ``first_header``."""
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == first_header)
    rows = [tuple(c.value for c in row) for row in ws.iter_rows(min_row=header + 1, max_row=ws.max_row)]
    return header, [r for r in rows if any(v is not None for v in r)]


def assert_workbook_equals_tables(settings, year: int) -> openpyxl.Workbook:
    """Every table sheet and the Ringkasan figures equal the DuckDB tables, cell by cell."""
    path = settings.outputs_dir / str(year) / f"monitoring_{year}.xlsx"
    wb = openpyxl.load_workbook(path)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        for spec in TABLE_SHEETS:
            expected = spec.frame(conn, year)
            header, rows = sheet_rows(wb[spec.name], next(iter(spec.columns.values())))
            headers = RoadmapIdentity.load(settings.roadmap_dir).local_time.headers(spec.columns)  # "(WIB)" ...
            assert [c.value for c in wb[spec.name][header]][: len(spec.columns)] == list(headers.values())
            want = [tuple(plain(v) for v in r) for r in expected.itertuples(index=False)]
            got = [tuple(plain(v) for v in r[: len(spec.columns)]) for r in rows]
            assert got == want, (
                f"sheet {spec.name} differs from its table: {[(g, w) for g, w in zip(got, want) if g != w][:3]}"
            )
        figures = headline(conn, year)
    _, rows = sheet_rows(wb["Ringkasan"], "Uraian")
    got = [(label, plain(value)) for label, value, *_ in rows]
    want = [(label, plain(value)) for label, value in zip(figures["label"], figures["value"])]
    assert got == want, (got, want)
    return wb
