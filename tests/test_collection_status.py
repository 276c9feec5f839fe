"""The collection status: on time, late or missing against the year's deadline, in WIB."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import openpyxl

from tests.conftest import SOURCES, run_annual
from tests.workbooks import put, unit_template

YEAR = 2021  # deadline 2022-01-31 in sources/collection.toml
UTC = dt.timezone.utc


def test_on_time_late_and_missing(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    # 31 Jan 23:30 WIB is 16:30 UTC: still on time; 1 Feb 06:00 WIB is 31 Jan 23:00 UTC: late.
    put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2022, 1, 31, 16, 30, tzinfo=UTC))
    put(folder / "hukum.xlsx", unit_template(SOURCES, YEAR, "HUKUM"), dt.datetime(2022, 1, 31, 23, 0, tzinfo=UTC))
    assert run_annual(settings, YEAR).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        status = dict(conn.execute("SELECT unit_code, status FROM collection_status WHERE year = ?", [YEAR]).fetchall())
        expected_units = {r[0] for r in conn.execute("SELECT DISTINCT unit_code FROM roadmap_targets WHERE year = ?", [YEAR]).fetchall()}
    assert status["ORG"] == "Tepat waktu"
    assert status["HUKUM"] == "Terlambat"
    assert set(status) == expected_units
    assert {u for u, s in status.items() if s == "Belum mengirim"} == expected_units - {"ORG", "HUKUM"}
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert "Belum mengirim" in values and "Terlambat" in values and "Tepat waktu" in values
