"""The collection status: on time, late or missing against the year's deadline, in WIB."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import openpyxl

from tests.conftest import SOURCES, run_annual
from tests.workbooks import put, unit_template

YEAR = 2021  # deadline 2022-01-31 in sources/collection.toml
UTC = dt.UTC


def test_on_time_late_and_missing(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    # 31 Jan 23:30 WIB is 16:30 UTC: still on time; 1 Feb 06:00 WIB is 31 Jan 23:00 UTC: late.
    put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2022, 1, 31, 16, 30, tzinfo=UTC))
    put(folder / "hukum.xlsx", unit_template(SOURCES, YEAR, "HUKUM"), dt.datetime(2022, 1, 31, 23, 0, tzinfo=UTC))
    assert run_annual(settings, YEAR).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        status = dict(conn.execute("SELECT unit_code, status FROM collection_status WHERE year = ?", [YEAR]).fetchall())
        expected_units = {
            r[0]
            for r in conn.execute("SELECT DISTINCT unit_code FROM roadmap_targets WHERE year = ?", [YEAR]).fetchall()
        }
    assert status["ORG"] == "Tepat Waktu"
    assert status["HUKUM"] == "Terlambat"
    assert set(status) == expected_units
    assert {u for u, s in status.items() if s == "Belum Mengirim"} == expected_units - {"ORG", "HUKUM"}
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    values = [c for row in ws.iter_rows(values_only=True) for c in row]
    assert "Belum Mengirim" in values and "Terlambat" in values and "Tepat Waktu" in values


def test_a_late_correction_keeps_an_on_time_unit_on_time_in_both_workbooks(settings, tmp_path):
    """The rekap and the monitoring workbook give the same verdict: on time is decided by the first readable file."""
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2022, 1, 20, 3, 0, tzinfo=UTC))
    correction = unit_template(SOURCES, YEAR, "ORG")
    correction.properties.title = "Perbaikan"  # other content: a new version of the unit's report
    put(folder / "org_perbaikan.xlsx", correction, dt.datetime(2022, 2, 10, 3, 0, tzinfo=UTC))
    put(folder / "hukum.xlsx", unit_template(SOURCES, YEAR, "HUKUM"), dt.datetime(2022, 2, 3, 3, 0, tzinfo=UTC))
    assert run_annual(settings, YEAR).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        in_force = conn.execute(
            "SELECT file FROM submissions WHERE year = ? AND status = 'berlaku' AND unit_code = 'ORG'", [YEAR]
        ).fetchone()
    assert in_force == ("submissions/2021/org_perbaikan.xlsx",)
    rekap = _verdicts(
        settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx", "Rekap Pengumpulan", "Kode Unit", "Status"
    )
    monitoring = _verdicts(
        settings.outputs_dir / str(YEAR) / f"monitoring_{YEAR}.xlsx", "Per Unit", "Kode Unit", "Status Pengiriman"
    )
    assert rekap["ORG"] == monitoring["ORG"] == "Tepat Waktu"
    assert rekap["HUKUM"] == monitoring["HUKUM"] == "Terlambat"
    assert rekap == monitoring


def _verdicts(path, sheet: str, code_header: str, status_header: str) -> dict[str, str]:
    """Unit code -> on-time verdict, read from a published workbook's table sheet."""
    rows = list(openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if code_header in row and status_header in row)
    code, status = rows[header].index(code_header), rows[header].index(status_header)
    return {row[code]: row[status] for row in rows[header + 1 :] if row[code]}
