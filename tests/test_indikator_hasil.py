"""Indikator Hasil: the form goes out, comes back, and each outcome is compared with its target."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import duckdb
import openpyxl
import pandas as pd
import pytest

from assets.forms import indikator_hasil as outcome_form
from assets.forms.layouts import INDIKATOR_HASIL
from assets.roadmap.catalogue import load_outcomes
from assets.xlsx_files import workbook_bytes
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.workbooks import put

YEAR = 2021  # the sample year with one value missing
VALUE = INDIKATOR_HASIL.value_index
ASSETS = [
    "units",
    "outcome_targets",
    "indikator_hasil_template",
    "indikator_hasil_files",
    "outcome_values",
    "outcome_rejects",
    "outcome_status",
    "indikator_hasil_feedback",
]


def query(settings, sql):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql).df()


@pytest.fixture
def year_settings(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    generate(settings, years=[YEAR])
    assert run_annual(settings, YEAR, ASSETS).success
    return settings


def test_template_lists_every_outcome_and_result_input_with_its_check(year_settings):
    wb = openpyxl.load_workbook(year_settings.outputs_dir / str(YEAR) / f"indikator_hasil_{YEAR}.xlsx")
    ws = wb["Indikator Hasil"]
    codes = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert {"indeks_rb", "nilai_akip", "opini_bpk", "ikm"} <= set(codes)
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert '"WTP,WTP-DPP,WDP,TMP,TW"' in lists and '"AA,A,BB,B,CC,C,D"' in lists
    ranges = {(dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation if dv.type == "decimal"}
    assert ("0", "100") in ranges
    assert {r[0] for r in wb["Identitas"].iter_rows(values_only=True) if r[0]} >= {"Unit Kerja", "Tahun"}
    # What the person filling in reads: no snake_case key (the Kode column is hidden, it is the reader's) and the
    # scale's own values, not its name.
    assert ws.column_dimensions["A"].hidden and ws["A1"].value == "Kode"
    shown = {r[1]: r[3] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert shown["Opini BPK atas Laporan Keuangan Pemerintah Daerah"] == "pilih: WTP, WTP-DPP, WDP, TMP, TW"
    assert not [text for text in shown.values() if "_" in text]


def test_values_status_and_the_missing_value(year_settings):
    values = query(year_settings, f"SELECT * FROM outcome_values WHERE year = {YEAR}")
    rejects = query(year_settings, f"SELECT * FROM outcome_rejects WHERE year = {YEAR}")
    status = query(year_settings, f"SELECT * FROM outcome_status WHERE year = {YEAR}").set_index("outcome")
    assert list(rejects["reason_code"]) == ["VALUE_EMPTY"] and rejects["reason"].iloc[0] == "Nilai belum diisi."
    missing = rejects["code"].iloc[0]
    assert missing not in set(values["outcome"])
    if missing in status.index:
        assert status.at[missing, "status"] == "Belum Dilaporkan"
    assert status.at["opini_bpk", "value_text"] == "WTP" and status.at["opini_bpk", "status"] == "Tercapai"
    akip = status.loc["nilai_akip"]
    assert akip["status"] == ("Tercapai" if akip["value_text"] in ("AA", "A") else "Belum Tercapai")
    assert (year_settings.outputs_dir / str(YEAR) / "feedback" / "indikator_hasil.xlsx").exists()


def test_range_and_list_refusals_then_a_fixed_resend(year_settings):
    path = next((year_settings.inbox_root / "indikator_hasil" / str(YEAR)).glob("*.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb["Indikator Hasil"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    rows["integritas_aparatur"][VALUE].value = 150
    rows["nilai_akip"][VALUE].value = "Baik sekali"
    rows["opini_bpk"][VALUE].value = "wtp."
    put(path.parent / "revisi.xlsx", workbook_bytes(wb), dt.datetime.now() + dt.timedelta(minutes=1))
    assert run_annual(year_settings, YEAR, ASSETS).success
    rejects = query(year_settings, f"SELECT code, reason_code FROM outcome_rejects WHERE year = {YEAR}")
    assert dict(zip(rejects["code"], rejects["reason_code"])) == {
        "integritas_aparatur": "VALUE_ABOVE_RANGE",
        "nilai_akip": "VALUE_NOT_ON_LIST",
    }
    assert query(year_settings, "SELECT value_text FROM outcome_values WHERE outcome = 'opini_bpk'")[
        "value_text"
    ].tolist() == ["WTP"]

    rows["integritas_aparatur"][VALUE].value = 81
    rows["nilai_akip"][VALUE].value = "BB"
    put(path.parent / "revisi 2.xlsx", workbook_bytes(wb), dt.datetime.now() + dt.timedelta(minutes=2))
    assert run_annual(year_settings, YEAR, ASSETS).success
    assert query(year_settings, f"SELECT count(*) AS n FROM outcome_rejects WHERE year = {YEAR}")["n"].iloc[0] == 0
    status = query(year_settings, f"SELECT outcome, status FROM outcome_status WHERE year = {YEAR}").set_index(
        "outcome"
    )["status"]
    assert status["integritas_aparatur"] == "Tercapai" and status["nilai_akip"] == "Belum Tercapai"


def test_each_year_asks_for_the_national_indices_of_its_own_instrument():
    """2019 (14/2014) asks for its survey results, 2021 (26/2020, Hasil entered as subtotals in the
    worksheet) for none, 2023 (9/2023) for the nationally published lines 1026-1041 and 1045-1047,
    each with the agency the instrument names as the line's source."""
    outcomes = load_outcomes(SOURCES / "roadmap")
    roadmap_codes = set(outcomes["outcome"])

    def national(year: int) -> pd.DataFrame:
        rows = outcome_form.form_rows(outcomes, SOURCES, year)
        assert set(rows["code"]) >= roadmap_codes  # the road map's own outcomes every year
        return rows[~rows["code"].isin(roadmap_codes)]

    assert "pmprb_kapasitas_organisasi" in set(national(2019)["code"])
    assert national(2021).empty
    asked = national(2023)
    lines = pd.read_csv(SOURCES / "instrument" / "permenpanrb-9-2023-kabkota" / "lines.csv", dtype=str)
    lines = lines.set_index("code")
    links = pd.read_csv(SOURCES / "roadmap" / "pmprb" / "permenpanrb-9-2023-kabkota" / "hasil_sources.csv", dtype=str)
    line_of = dict(zip(links["outcome"], links["hasil_code"]))
    wanted = [str(n) for n in [*range(1026, 1042), 1045, 1046, 1047]]
    assert sorted(line_of[c] for c in asked["code"]) == wanted
    for row in asked.to_dict("records"):
        line = lines.loc[line_of[row["code"]]]
        assert row["indicator"] == line["name"] and row["agency"] == line["source"]
        assert (row["min_value"], row["max_value"]) == (float(line["min_value"]), float(line["max_value"]))
    # SAKIP is asked by both instruments under one code; the 14/2014 survey results only in 2019.
    assert set(asked["code"]) & set(national(2019)["code"]) == {"pmprb_akuntabilitas_kinerja"}


def test_the_form_shows_the_publishing_agency(year_settings):
    ws = openpyxl.load_workbook(year_settings.outputs_dir / str(YEAR) / f"indikator_hasil_{YEAR}.xlsx")[
        "Indikator Hasil"
    ]
    header = [c.value for c in ws[1]]
    agency = header.index("Instansi Penerbit")
    shown = {r[0]: r[agency] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert shown["opini_bpk"] == "-"  # a road-map outcome names no agency


def _instrument_inputs(version: str) -> list[tuple[str, str]]:
    """(code, agency) of an instrument's hasil_inputs.csv, read here with the csv module."""
    import csv

    from tests.conftest import SOURCES

    path = SOURCES / "instrument" / version / "hasil_inputs.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(r["code"], r["agency"] or "-") for r in csv.DictReader(f)]


@pytest.mark.parametrize(
    ("year", "version"),
    [(2019, "permenpanrb-14-2014"), (2021, "permenpanrb-26-2020"), (2023, "permenpanrb-9-2023-kabkota")],
)
def test_each_years_form_asks_exactly_its_instruments_inputs_with_their_agency(settings, tmp_path, year, version):
    from assets.roadmap.catalogue import load_outcomes
    from tests.conftest import SOURCES

    settings = replace(settings, outputs_dir=tmp_path / "outputs", warehouse_path=tmp_path / "rb.duckdb")
    assert run_annual(settings, year, ["units", "outcome_targets", "indikator_hasil_template"]).success
    ws = openpyxl.load_workbook(settings.outputs_dir / str(year) / f"indikator_hasil_{year}.xlsx")["Indikator Hasil"]
    header = [c.value for c in ws[1]]
    agency = header.index("Instansi Penerbit")
    rows = [(r[0], r[agency]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]]
    roadmap = set(load_outcomes(SOURCES / "roadmap")["outcome"])
    asked = [r for r in rows if r[0] not in roadmap]
    assert asked == _instrument_inputs(version)
    if version == "permenpanrb-9-2023-kabkota":
        assert ("pmprb_maturitas_spip", "BPKP") in asked and ("pmprb_spi", "KPK") in asked
        assert "pmprb_kapasitas_organisasi" not in dict(asked)
    if version == "permenpanrb-26-2020":
        assert asked == []  # 26/2020 enters its Hasil components as subtotals in the worksheet: no index asked
