"""The bundled sample data, run end to end: the monitoring tables equal an independent computation.

The computation below works from ``progress``, ``roadmap_targets`` and
``roadmap_indicators`` alone, in pandas, following the issue's rules, not the SQL.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import openpyxl
import pandas as pd
import pytest

from assets.roadmap.identity import RoadmapIdentity
from pipelines.settings import PROJECT_DIR
from samples.generator import generate
from tests.monitoring_support import assert_workbook_equals_tables, query, run_year, sheet_rows

YEARS = RoadmapIdentity.load(PROJECT_DIR / "sources" / "roadmap").years  # every sample year
PERCENT_KINDS = {"count", "percent", "budget"}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("sample")
    project = Settings.from_env()
    settings = replace(
        project,
        sources_dir=PROJECT_DIR / "sources",
        inbox_root=root / "inbox",
        outputs_dir=root / "outputs",
        warehouse_path=root / "rb.duckdb",
    )
    generate(settings, years=YEARS)
    for year in YEARS:
        result = run_year(settings, year)
        assert result.success, year
        failed = [
            c.check_name
            for c in result.get_asset_check_evaluations()
            if not c.passed and c.asset_key.path[0] in MONITORING_TABLES
        ]
        assert not failed, failed
    return settings


MONITORING_TABLES = {"capaian", "indicator_capaian", "capaian_rollup", "unit_summary"}


def expected_capaian(settings, year: int) -> pd.DataFrame:
    targets = query(settings, "SELECT * FROM roadmap_targets WHERE year = ?", [year])
    progress = query(settings, "SELECT code, unit AS unit_code, realisasi FROM progress WHERE year = ?", [year])
    df = targets.merge(progress, on=["code", "unit_code"], how="left", indicator=True)
    df["reported"] = df["_merge"] == "both"
    units = df.groupby("code")["unit_code"].transform("size")
    df["counts"] = ~((units > 1) & (df["joint_rule"] == "lead") & (df["unit_order"] > 1))
    ratio = df["realisasi"] / df["target_value"].where(df["target_value"] != 0) * 100
    df["pct"] = ratio.where(df["reported"] & df["target_kind"].isin(PERCENT_KINDS))
    achieved = np.select(
        [df["target_kind"].isin(PERCENT_KINDS), df["target_kind"] == "range", df["target_kind"] == "qualitative"],
        [
            df["realisasi"] >= df["target_value"],
            df["realisasi"].between(df["target_min"], df["target_max"]),
            df["realisasi"] == 1,
        ],
        default=False,
    )
    df["status"] = np.where(
        ~df["reported"],
        "Belum Dilaporkan",
        np.where(
            df["target_kind"] == "placeholder", "Target Tidak Terukur", np.where(achieved, "Tercapai", "Belum Tercapai")
        ),
    )
    return df


def expected_indicators(settings, year: int, rows: pd.DataFrame) -> pd.DataFrame:
    catalogue = query(settings, "SELECT code, area_no, target_kind FROM roadmap_indicators")
    counted = rows[rows["counts"]].assign(capped=lambda d: d["pct"].clip(upper=100))
    per = counted.groupby("code").agg(
        scheduled=("unit_code", "size"),
        reported=("reported", "sum"),
        achieved=("status", lambda s: (s == "Tercapai").sum()),
        pct=("pct", "mean"),
        capped=("capped", "mean"),
    )
    out = catalogue.merge(per, left_on="code", right_index=True, how="left")
    out["status"] = [
        "Tidak Dijadwalkan"
        if pd.isna(r.scheduled)
        else "Belum Dilaporkan"
        if r.reported == 0
        else "Target Tidak Terukur"
        if r.target_kind == "placeholder"
        else "Tercapai"
        if r.achieved == r.scheduled
        else "Belum Tercapai"
        for r in out.itertuples()
    ]
    return out


def _close(a: pd.Series, b: pd.Series) -> bool:
    return bool(
        np.allclose(a.astype(float).to_numpy(), b.astype(float).to_numpy(), equal_nan=True, rtol=1e-12, atol=1e-9)
    )


@pytest.mark.parametrize("year", YEARS)
def test_capaian_equals_an_independent_computation(sample, year):
    want = expected_capaian(sample, year).sort_values(["code", "unit_code"]).reset_index(drop=True)
    got = query(sample, "SELECT * FROM capaian WHERE year = ? ORDER BY code, unit", [year])
    assert got["code"].tolist() == want["code"].tolist() and got["unit"].tolist() == want["unit_code"].tolist()
    assert got["status"].tolist() == want["status"].tolist()
    assert got["counts_for_indicator"].tolist() == want["counts"].tolist()
    assert _close(got["capaian_pct"], want["pct"])


@pytest.mark.parametrize("year", YEARS)
def test_indicators_and_area_means_equal_an_independent_computation(sample, year):
    indicators = (
        expected_indicators(sample, year, expected_capaian(sample, year)).sort_values("code").reset_index(drop=True)
    )
    got = query(sample, "SELECT * FROM indicator_capaian WHERE year = ? ORDER BY code", [year])
    assert got["status"].tolist() == indicators["status"].tolist()
    assert _close(got["capaian_pct"], indicators["pct"]) and _close(got["capaian_capped"], indicators["capped"])

    areas = indicators.groupby("area_no").agg(
        scheduled=("status", lambda s: (s != "Tidak Dijadwalkan").sum()),
        achieved=("status", lambda s: (s == "Tercapai").sum()),
        not_reported=("status", lambda s: (s == "Belum Dilaporkan").sum()),
        mean=("capped", "mean"),
    )
    stored = query(
        sample, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'area' ORDER BY area_no", [year]
    ).set_index("area_no")
    assert stored.index.tolist() == areas.index.tolist()
    assert stored["scheduled"].tolist() == areas["scheduled"].tolist()
    assert stored["achieved"].tolist() == areas["achieved"].tolist()
    assert stored["not_reported"].tolist() == areas["not_reported"].tolist()
    assert _close(stored["mean_capaian_pct"], areas["mean"])
    total = query(sample, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'tahun'", [year]).iloc[0]
    assert np.isclose(total["mean_capaian_pct"], indicators["capped"].mean())


@pytest.mark.parametrize("year", YEARS)
def test_published_files_match_the_tables(sample, year):
    assert_workbook_equals_tables(sample, year)
    folder = sample.outputs_dir / str(year) / "tables"
    for table in [
        "capaian",
        "indicator_capaian",
        "capaian_rollup",
        "submission_coverage",
        "unit_summary",
        "missing_reports",
        "refused_rows",
    ]:
        stored = query(sample, f"SELECT count(*) AS n FROM {table} WHERE year = ?", [year])["n"][0]
        assert query(sample, f"SELECT count(*) AS n FROM '{folder / (table + '.parquet')}'")["n"][0] == stored
        assert query(sample, f"SELECT count(*) AS n FROM read_csv('{folder / (table + '.csv')}')")["n"][0] == stored


def test_area_trend_covers_every_year_in_the_warehouse(sample):
    trend = query(sample, "SELECT DISTINCT year FROM area_trend ORDER BY year")
    assert trend["year"].tolist() == YEARS
    assert (sample.outputs_dir / "tables" / "area_trend.parquet").exists()


def test_the_silent_unit_is_missing_in_coverage_and_belum_melapor(sample):
    for year in YEARS:
        coverage = query(sample, "SELECT unit, submission_status FROM submission_coverage WHERE year = ?", [year])
        silent = coverage[coverage["submission_status"] == "Belum Mengirim"]["unit"].tolist()
        assert len(silent) == 1  # the sample generator keeps one unit silent each year
        missing = query(
            sample, "SELECT DISTINCT cause FROM missing_reports WHERE year = ? AND unit = ?", [year, silent[0]]
        )
        assert missing["cause"].tolist() == ["Unit belum mengirim berkas yang berlaku"]


@pytest.mark.parametrize("year", YEARS)
def test_the_rekap_and_the_monitoring_workbook_give_every_unit_the_same_on_time_verdict(sample, year):
    rekap = sheet_rows(
        openpyxl.load_workbook(sample.outputs_dir / str(year) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"],
        "Kode Unit",
    )
    per_unit = sheet_rows(
        openpyxl.load_workbook(sample.outputs_dir / str(year) / f"monitoring_{year}.xlsx")["Per Unit"], "Kode Unit"
    )
    rekap_status = {r[0]: r[3] for r in rekap[1]}  # Kode Unit, Unit Kerja, Jumlah Indikator, Status
    monitoring_status = {r[0]: r[2] for r in per_unit[1]}  # Kode Unit, Unit, Status Pengiriman
    assert rekap_status == monitoring_status
    assert set(rekap_status.values()) <= {"Tepat Waktu", "Terlambat", "Belum Mengirim"}
    assert "Terlambat" in rekap_status.values() and "Tepat Waktu" in rekap_status.values()


def test_not_scheduled_counts_the_indicators_a_unit_answers_for_without_a_target_this_year(sample):
    """Independently of the SQL: from the catalogue CSV, the unit's codes that have no tick in the year."""
    catalogue = pd.read_csv(sample.sources_dir / "roadmap" / "rencana_aksi.csv", dtype=str, keep_default_na=False)
    registry = pd.read_csv(sample.sources_dir / "units.csv", dtype=str, keep_default_na=False)
    for year in YEARS:
        summary = query(sample, "SELECT unit, not_scheduled FROM unit_summary WHERE year = ?", [year])
        for unit, got in zip(summary["unit"], summary["not_scheduled"]):
            spellings = _spellings(registry, unit)
            names = catalogue["responsible"].str.split(";").map(lambda parts: {p.strip().casefold() for p in parts})
            mine = catalogue[names.map(lambda n: bool(n & spellings) or "seluruh skpd" in n)]
            expected = int((~mine["years"].str.split(";").map(lambda ys: str(year) in ys)).sum())
            assert got == expected, (year, unit)
    pemerintahan = query(sample, "SELECT not_scheduled FROM unit_summary WHERE year = 2020 AND unit = 'PEMERINTAHAN'")
    assert pemerintahan["not_scheduled"].tolist() == [1]  # QW.4: no tick in any year


def _spellings(registry: pd.DataFrame, code: str) -> set[str]:
    row = registry[registry["code"] == code].iloc[0]
    return {row["name"].casefold(), *(a.strip().casefold() for a in row["aliases"].split(";") if a.strip())}


def test_every_published_file_is_a_declared_output(sample):
    """The portal names every file a year's run writes from the one declared layout (none is 'Berkas lain')."""
    from assets.published import OTHER
    from pipelines.portal import listing

    for section in listing.sections(sample.outputs_dir):
        kinds = {e.relative: e.kind for e in listing.entries(sample.outputs_dir, section)}
        assert kinds and OTHER not in kinds.values(), {r: k for r, k in kinds.items() if k == OTHER}
    labels = {e.kind for e in listing.entries(sample.outputs_dir, str(YEARS[0]))}
    assert {"Formulir Indikator Hasil", "Templat unit", "Monitoring Road Map", "Rekap pengumpulan"} <= labels


@pytest.mark.parametrize("year", YEARS)
def test_every_capaian_far_above_target_in_the_sample_is_warned_and_counted(sample, year):
    """The sample's 8.050% (80,5 on a count target of 1) and its kind: warned beside the value, counted in the headline."""
    settings = sample
    capaian = query(settings, "SELECT * FROM capaian WHERE year = ?", [year])
    far = capaian[capaian["capaian_pct"] > 300]
    assert far["warned"].all() and far["plausibility_warning"].str.contains("kali target").all()
    wb = openpyxl.load_workbook(settings.outputs_dir / str(year) / f"monitoring_{year}.xlsx")
    _, figures = sheet_rows(wb["Ringkasan"], "Uraian")
    counted = capaian[capaian["warned"] & capaian["counts_for_indicator"]]
    headline = dict((label, value) for label, value, *_ in figures)
    assert headline["Nilai berperingatan kewajaran (sudah termasuk dalam angka di atas)"] == len(counted)


def test_numbers_in_the_monitoring_workbook_are_numbers(sample):
    """A target of 12 or a value of 80,93 is a number Excel can sum and sort, shown the Indonesian way by Excel;
    only what is text stays text (a range "80 - 100", "Ya", an ordinal WTP, area QW) and what a unit typed and was
    refused for (Ditolak: Nilai Diisi, kept as written)."""
    year = YEARS[-1]
    wb = openpyxl.load_workbook(sample.outputs_dir / str(year) / f"monitoring_{year}.xlsx")
    numeral = re.compile(r"-?\d+([.,]\d+)*")
    for ws in wb:
        if ws.title == "Ditolak":
            continue
        text_numbers = [c.coordinate for row in ws.iter_rows() for c in row if numeral.fullmatch(str(c.value or "x"))]
        assert [c for c in text_numbers if isinstance(ws[c].value, str)] == [], ws.title
    capaian = query(
        sample,
        "SELECT target_kind, target_value, target_label FROM capaian WHERE year = ? "
        "ORDER BY csv_line, unit_order, unit",
        [year],
    )
    header, rows = sheet_rows(wb["Rincian Indikator"], "Kode")
    target = [c.value for c in wb["Rincian Indikator"][header]].index("Target")
    shown = [r[target] for r in rows]
    for kind, value, label, cell in zip(
        capaian["target_kind"], capaian["target_value"], capaian["target_label"], shown
    ):
        if kind in PERCENT_KINDS:
            assert isinstance(cell, (int, float)) and cell == value
        else:
            assert cell == label and isinstance(cell, str)
    _, areas = sheet_rows(wb["Per Area"], "No")
    assert [r[0] for r in areas if isinstance(r[0], int)] == list(range(1, 9))
    outcomes = query(sample, "SELECT value, value_text FROM outcome_status WHERE year = ? ORDER BY rowid", [year])
    header, rows = sheet_rows(wb["Indikator Hasil"], "Area")
    value = [c.value for c in wb["Indikator Hasil"][header]].index("Nilai")
    for (number, text), row in zip(outcomes.itertuples(index=False), rows):
        assert row[value] == (text if isinstance(text, str) else (None if pd.isna(number) else number))
