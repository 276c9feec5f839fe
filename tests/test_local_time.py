"""The road map's time zone everywhere: deadlines and on-time verdicts, the times and labels on every workbook
and page, the samples and the schedule follow roadmap.toml's ``timezone`` (WIB, WITA, WIT)."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from assets.local_time import LocalTime
from assets.monitoring.sheets import PER_UNIT
from assets.monitoring.workbook import table_spec
from assets.roadmap.identity import RoadmapIdentity
from pipelines.definitions import build_definitions
from pipelines.portal.accounts import DEFAULT_POLICY
from pipelines.portal.app import Portal
from samples.generator import generate
from tests.conftest import run_annual
from tests.workbooks import put, unit_template

UTC = dt.UTC
ZONES = [("Asia/Jakarta", "WIB", 7), ("Asia/Makassar", "WITA", 8), ("Asia/Jayapura", "WIT", 9)]
YEAR = 2025  # Kabupaten Contoh's deadline: 2026-01-31
# SATU sends at 15:30 UTC on the deadline, DUA at 16:30 UTC: 22:30 / 23:30 WIB, 23:30 / 00:30 WITA, 00:30 / 01:30 WIT.
VERDICTS = {
    "WIB": {"SATU": "Tepat Waktu", "DUA": "Tepat Waktu"},
    "WITA": {"SATU": "Tepat Waktu", "DUA": "Terlambat"},
    "WIT": {"SATU": "Terlambat", "DUA": "Terlambat"},
}
TIMELINESS = ["units", "roadmap_indicators", "roadmap_targets", "submissions", "submission_timeliness"]


def _set_zone(sources, zone):
    path = sources / "roadmap" / "roadmap.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"Asia/Makassar"', f'"{zone}"'), encoding="utf-8")


@pytest.mark.parametrize(("zone", "label", "hours"), ZONES)
def test_the_zone_gives_its_label_offset_and_wall_clock(zone, label, hours):
    clock = LocalTime(zone)
    moment = dt.datetime(2026, 1, 31, 16, 30, tzinfo=UTC)
    assert (clock.label, clock.utc_offset_hours) == (label, hours)
    assert clock.wall(moment) == dt.datetime(2026, 1, 31, 16, 30) + dt.timedelta(hours=hours)
    assert clock.stamp(moment) == (moment + dt.timedelta(hours=hours)).strftime("%d-%m-%Y %H:%M ") + label
    assert clock.at(dt.date(2026, 1, 31), dt.time(9)).astimezone(UTC).hour == 9 - hours


def test_an_unknown_zone_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="Asia/Makassar, Asia/Jayapura"):
        LocalTime("Asia/Tokyo")


@pytest.mark.parametrize(("zone", "label", "hours"), ZONES)
def test_on_time_verdicts_and_the_rekap_follow_the_road_maps_zone(settings, contoh, zone, label, hours):
    _set_zone(contoh, zone)
    settings = replace(settings, sources_dir=contoh, inbox_root=contoh)
    folder = contoh / "submissions" / str(YEAR)
    for code, utc_hour in (("SATU", 15), ("DUA", 16)):
        sent = dt.datetime(2026, 1, 31, utc_hour, 30, tzinfo=UTC)
        put(folder / f"{code}.xlsx", unit_template(contoh, YEAR, code), sent)

    assert run_annual(
        settings, YEAR, selection=[*TIMELINESS, "progress", "progress_rejects", "progress_history", "collection_status"]
    ).success

    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Kode Unit")
    columns = list(rows[header])
    assert f"Kiriman Pertama ({label})" in columns and not any("WIB" in str(c) for c in columns if label != "WIB")
    table = {r[0]: dict(zip(columns, r)) for r in rows[header + 1 :] if r[0] in ("SATU", "DUA")}
    assert {code: r["Status"] for code, r in table.items()} == VERDICTS[label]
    assert table["SATU"][f"Kiriman Pertama ({label})"] == dt.datetime(2026, 1, 31, 15, 30) + dt.timedelta(hours=hours)
    files = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Semua File"]
    assert any(f"Diterima ({label})" == c for r in files.iter_rows(values_only=True) for c in r)


@pytest.mark.parametrize(("zone", "label", "hours"), ZONES)
def test_the_monitoring_sheet_the_portal_and_the_schedule_carry_the_zone(settings, contoh, zone, label, hours):
    _set_zone(contoh, zone)
    clock = RoadmapIdentity.load(contoh / "roadmap").local_time
    assert table_spec(PER_UNIT, {}, clock).headers["submitted_at_local"] == f"Waktu Berkas ({label})"

    moment = dt.datetime(2026, 2, 1, 1, 0, tzinfo=UTC)
    portal = Portal.start(replace(settings, sources_dir=contoh), DEFAULT_POLICY)
    assert (
        portal.pages.filters["stamp"](moment)
        == (moment + dt.timedelta(hours=hours)).strftime("%d-%m-%Y %H:%M ") + label
    )

    defs = build_definitions(replace(settings, sources_dir=contoh, inbox_root=contoh))
    schedule = defs.resolve_schedule_def("annual_schedule")
    assert schedule.execution_timezone == zone and f"00:00 {label}" in schedule.description


@pytest.mark.parametrize(("zone", "label", "hours"), ZONES)
def test_sample_files_are_sent_in_office_hours_of_the_road_maps_zone(settings, contoh, zone, label, hours):
    _set_zone(contoh, zone)
    written = generate(replace(settings, sources_dir=contoh, inbox_root=contoh), years=[YEAR])
    local_hours = {
        dt.datetime.fromtimestamp(os.stat(p).st_mtime, UTC).astimezone(ZoneInfo(zone)).hour
        for p in written
        if p.name.startswith("Realisasi")
    }
    assert local_hours and local_hours <= set(range(8, 16)), local_hours
