"""Every unit gets its yearly rapor, refused rows or not: its own rows of the monitoring detail, its standing, its
warnings; the same bytes on a re-run; a rapor of a unit no longer responsible is removed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import openpyxl
import pytest

from assets.published import UNIT_RAPOR
from samples.generator import generate
from tests.conftest import run_annual
from tests.monitoring_support import plain, sheet_rows
from tests.workbooks import put

YEAR = 2021


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    from pipelines.settings import PROJECT_DIR, Settings

    root = tmp_path_factory.mktemp("rapor")
    settings = replace(
        Settings.from_env(),
        sources_dir=PROJECT_DIR / "sources",
        inbox_root=root / "inbox",
        outputs_dir=root / "outputs",
        warehouse_path=root / "rb.duckdb",
    )
    generate(settings, years=[YEAR])
    assert run_annual(settings, YEAR).success
    return settings


def query(settings, sql, params=()):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, list(params)).df()


def test_every_responsible_unit_has_a_rapor_with_its_own_rows(year):
    units = query(year, "SELECT unit, unit_name, scheduled, warned_values FROM unit_summary WHERE year = ?", [YEAR])
    folder = UNIT_RAPOR.folder(year.outputs_dir, YEAR)
    assert sorted(p.stem for p in folder.glob("*.xlsx")) == sorted(units["unit"])
    refused_units = set(query(year, "SELECT DISTINCT unit FROM refused_rows WHERE year = ?", [YEAR])["unit"])
    assert set(units["unit"]) - refused_units, "the sample has units with nothing refused: they get a rapor too"
    for unit in units.itertuples():
        wb = openpyxl.load_workbook(UNIT_RAPOR.path(year.outputs_dir, YEAR, unit=unit.unit))
        assert wb.sheetnames == ["Rapor", "Baris Ditolak"]
        ws = wb["Rapor"]
        assert unit.unit_name in ws["A1"].value and str(YEAR) in ws["A1"].value
        _, rows = sheet_rows(ws, "Kode")
        mine = query(
            year,
            "SELECT code, realisasi, capaian_pct, status, plausibility_warning FROM capaian "
            "WHERE year = ? AND unit = ? ORDER BY csv_line, unit_order, unit",
            [YEAR, unit.unit],
        )
        got = [(r[0], plain(r[5]), plain(r[6]), r[8], r[9]) for r in rows]
        want = [tuple(plain(v) for v in r) for r in mine.itertuples(index=False)]
        assert got == want, unit.unit
        notes = " ".join(str(ws.cell(row=r, column=1).value) for r in range(2, 8))
        assert f"Nilai berperingatan: {unit.warned_values}" in notes
        refused_note = wb["Baris Ditolak"]["A2"].value
        assert (refused_note == "Tidak ada berkas atau baris unit ini yang ditolak tahun ini.") == (
            unit.unit not in refused_units
        )
        footer = ws.oddFooter
        assert "&P" in "".join(part.text or "" for part in (footer.left, footer.center, footer.right))


def test_a_warned_value_is_shown_with_what_to_check(year):
    """A clerk resends with "100%" on a count target of 1 (10.000%): the value counts, and the rapor says what to
    check beside it and in its notes."""
    candidates = query(
        year,
        "SELECT c.unit, c.code, s.file_in_force FROM capaian c JOIN collection_status s "
        "ON s.year = c.year AND s.unit_code = c.unit WHERE c.year = ? AND c.target_kind = 'count' "
        "AND c.target_value = 1 AND c.reported AND NOT c.warned ORDER BY c.unit, c.code",
        [YEAR],
    )
    unit, code, file = candidates.iloc[0]
    sent = next(p for p in (year.inbox_root / "submissions" / str(YEAR)).rglob("*.xlsx") if p.name == Path(file).name)
    wb = openpyxl.load_workbook(sent)
    ws = next(s for s in wb if s.cell(row=1, column=1).value == "Kode")
    headers = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == code)
    ws.cell(row=row, column=headers.index("Realisasi") + 1).value = "100%"
    put(sent.with_name(f"{unit} perbaikan.xlsx"), wb)
    assert run_annual(year, YEAR).success

    warning = query(
        year, "SELECT plausibility_warning FROM capaian WHERE year = ? AND unit = ? AND code = ?", [YEAR, unit, code]
    ).iloc[0, 0]
    assert isinstance(warning, str) and warning
    ws = openpyxl.load_workbook(UNIT_RAPOR.path(year.outputs_dir, YEAR, unit=unit))["Rapor"]
    _, rows = sheet_rows(ws, "Kode")
    assert [r[9] for r in rows if r[0] == code] == [warning]
    notes = " ".join(str(ws.cell(row=r, column=1).value) for r in range(2, 8))
    warned = query(year, "SELECT warned_values FROM unit_summary WHERE year = ? AND unit = ?", [YEAR, unit]).iloc[0, 0]
    assert warned >= 1 and f"Nilai berperingatan: {warned}." in notes
    assert "Periksa setiap nilai berwarna kuning" in notes


def test_a_rerun_writes_the_same_bytes_and_drops_a_stale_rapor(year):
    folder = UNIT_RAPOR.folder(year.outputs_dir, YEAR)
    before = {p.name: p.read_bytes() for p in folder.glob("*.xlsx")}
    times = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")}
    stale = folder / "LAMA.xlsx"  # a unit that is no longer responsible this year
    stale.write_bytes(next(iter(before.values())))
    assert run_annual(year, YEAR, ["unit_rapor"]).success
    assert not stale.exists()
    assert {p.name: p.read_bytes() for p in folder.glob("*.xlsx")} == before
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.xlsx")} == times
