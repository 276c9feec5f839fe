"""Sample data never mixes with real data: one real file anywhere in the inbox and the generator writes nothing."""

from __future__ import annotations

import datetime as dt

import openpyxl

from assets.submissions.year_summary import year_summary
from pipelines.settings import Settings
from samples.generator import MARKER, generate
from tests.conftest import SOURCES, run_annual
from tests.intake_support import filled, query
from tests.workbooks import put, unit_template

YEAR = 2021


def _every_file(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_one_real_file_in_one_year_and_the_generator_writes_nothing_anywhere(tmp_path):
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "outputs", tmp_path / "warehouse" / "rb.duckdb")
    real = put(
        settings.inbox_root / "submissions" / str(YEAR) / "org.xlsx",
        filled(unit_template(SOURCES, YEAR, "ORG")),
        dt.datetime(2022, 1, 20, 3, 0, tzinfo=dt.UTC),
    )
    assert generate(settings) == []
    assert _every_file(settings.inbox_root) == [real.relative_to(settings.inbox_root).as_posix()]
    assert not settings.warehouse_path.exists()  # nor a receipt of a sample file

    assert run_annual(settings, YEAR).success
    files = query(settings, "SELECT file, received_basis FROM submissions WHERE year = ?", [YEAR])
    assert list(files["file"]) == [f"submissions/{YEAR}/org.xlsx"]
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    notes = [str(c) for row in ws.iter_rows(max_row=12, values_only=True) for c in row if c]
    assert "Tidak ada berkas data contoh yang berlaku: semua angka berasal dari kiriman unit." in notes
    lines = year_summary(settings.warehouse_path, settings.outputs_dir, YEAR)
    assert "data contoh: tidak ada berkas contoh yang berlaku" in lines


def test_the_sample_says_it_is_sample_and_its_marker_is_no_submission(tmp_path):
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "outputs", tmp_path / "warehouse" / "rb.duckdb")
    assert generate(settings, years=[YEAR])
    assert (settings.inbox_root / "submissions" / str(YEAR) / MARKER).exists()
    assert run_annual(settings, YEAR).success
    files = query(settings, "SELECT file FROM submissions WHERE year = ?", [YEAR])
    assert not any(f.endswith(MARKER) for f in files["file"])
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    notes = [str(c) for row in ws.iter_rows(max_row=12, values_only=True) for c in row if c]
    assert any(n.startswith("PERHATIAN:") and "DATA CONTOH" in n for n in notes)
    assert any("data contoh" in line for line in year_summary(settings.warehouse_path, settings.outputs_dir, YEAR))
