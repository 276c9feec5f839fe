"""Each unit's template lists exactly its own indicators, with annual targets, locked and validated."""

from __future__ import annotations

import duckdb
import openpyxl
import pytest

from pipelines.settings import Settings
from tests.conftest import SOURCES, run_annual

YEAR = "2021"


@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("templates")
    settings = Settings(SOURCES, tmp / "inbox", tmp / "outputs", tmp / "rb.duckdb")
    result = run_annual(settings, YEAR, ["units", "roadmap_indicators", "roadmap_targets", "unit_templates"])
    assert result.success
    return settings, result


def test_one_template_per_unit_with_exactly_its_indicators(materialized):
    settings, _ = materialized
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        expected = conn.execute(
            "SELECT unit_code, list(code ORDER BY csv_line) FROM roadmap_targets WHERE year = ? GROUP BY 1", [int(YEAR)]
        ).fetchall()
    folder = settings.outputs_dir / YEAR / "templates"
    assert sorted(p.stem for p in folder.glob("*.xlsx")) == sorted(u for u, _ in expected)
    for unit, codes in expected:
        ws = openpyxl.load_workbook(folder / f"{unit}.xlsx")["Realisasi"]
        assert [r[0] for r in ws.iter_rows(min_row=2, max_col=1, values_only=True)] == codes, unit


def test_header_locks_validation_and_annual_target(materialized):
    settings, _ = materialized
    wb = openpyxl.load_workbook(settings.outputs_dir / YEAR / "templates" / "INSPEKTORAT.xlsx")
    ws = wb["Realisasi"]
    header = [c.value for c in ws[1]]
    assert header == [
        "Kode",
        "Rencana Aksi",
        "Indikator",
        "Target",
        "Satuan",
        "Realisasi",
        "Bukti Dukung",
        "Kendala",
        "Solusi",
        "Rencana Tindak Lanjut",
        "Keterangan",
    ]
    assert ws.protection.sheet and ws.freeze_panes == "B2"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    monthly = rows["6.8.b"]  # "minimal 1(satu) kegiatan rapat/bulan"
    assert monthly[3].value == 12 and monthly[4].value == "kegiatan rapat per tahun"
    assert "rapat/bulan" in monthly[3].comment.text and "x 12" in monthly[3].comment.text
    for cell in monthly[:5]:
        assert cell.protection.locked
    for cell in monthly[5:]:
        assert not cell.protection.locked
    kinds = {dv.type + (dv.formula2 or ""): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert monthly[5].coordinate in kinds["decimal"].split()
    budget = rows["6.7.d"]  # "5 (lima) milyar/tahun"
    assert (budget[3].value, budget[4].value) == (5, "miliar rupiah per tahun")
    ranged = rows["6.3.d"]
    assert ranged[3].value == "1 - 30"


def test_percent_and_yes_no_validation(materialized):
    settings, _ = materialized
    ws = openpyxl.load_workbook(settings.outputs_dir / YEAR / "templates" / "KOMINFO.xlsx")["Realisasi"]
    by_type = {}
    for dv in ws.data_validations.dataValidation:
        by_type[(dv.type, dv.formula1, dv.formula2)] = str(dv.sqref).split()
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["4.2.b"][5].coordinate in by_type[("list", '"Ya,Tidak"', None)]
    percent_cells = by_type[("decimal", "0", "100")]
    percent_codes = {r[0].value for r in ws.iter_rows(min_row=2) if r[5].coordinate in percent_cells}
    assert percent_codes and all(rows[c][4].value == "persen" for c in percent_codes)


def test_identitas_and_properties(materialized):
    settings, result = materialized
    wb = openpyxl.load_workbook(settings.outputs_dir / YEAR / "templates" / "BKD.xlsx")
    ident = {r[0]: r[1] for r in wb["Identitas"].iter_rows(values_only=True) if r[0]}
    assert ident["Unit Kerja"] == "BKD" and ident["Tahun"] == int(YEAR)
    assert ident["Versi Katalog"] == "perbup-14-2020.v1"
    assert {"Nama Petugas", "NIP Petugas", "Nomor Telepon Petugas"} <= set(ident)
    props = {p.name: p.value for p in wb.custom_doc_props}
    assert props["rb_unit"] == "BKD" and props["rb_year"] == YEAR
    assert "Petunjuk" in wb.sheetnames
    md = result.asset_materializations_for_node("unit_templates")[0].metadata
    assert md["dagster/row_count"].value == len(list((settings.outputs_dir / YEAR / "templates").glob("*.xlsx")))


def test_unchanged_templates_are_not_built_again_and_a_changed_target_rebuilds_one(materialized):
    settings, _ = materialized
    folder = settings.outputs_dir / YEAR / "templates"
    before = {p.name: p.read_bytes() for p in folder.glob("*.xlsx")}
    again = run_annual(settings, YEAR, ["unit_templates"])
    assert again.asset_materializations_for_node("unit_templates")[0].metadata["templates_built"].value == 0
    assert {p.name: p.read_bytes() for p in folder.glob("*.xlsx")} == before
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        conn.execute(
            "UPDATE roadmap_targets SET target_value = target_value + 1 WHERE code = '6.7.d' AND year = ?", [int(YEAR)]
        )
    changed = run_annual(settings, YEAR, ["unit_templates"])
    assert changed.asset_materializations_for_node("unit_templates")[0].metadata["templates_built"].value == 1
    ws = openpyxl.load_workbook(folder / "INSPEKTORAT.xlsx")["Realisasi"]
    assert {r[0].value: r[3].value for r in ws.iter_rows(min_row=2)}["6.7.d"] == 6
