"""The source check speaks before anything runs: each problem once, in Bahasa Indonesia, file, line and column."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import dagster as dg
import duckdb

from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from assets.source_files.check import ERROR, check_sources
from pipelines.cli import failure_lines
from pipelines.resources import build_resources
from pipelines.settings import PROJECT_DIR
from samples.generator import generate
from tests.conftest import run_annual


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _run(module, sources, *args, tmp_path):
    env = {
        **os.environ,
        "RB_SOURCES_DIR": str(sources),
        "RB_INBOX_ROOT": str(sources),
        "RB_OUTPUTS_DIR": str(tmp_path / "outputs"),
        "RB_WAREHOUSE": str(tmp_path / "warehouse" / "rb.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_shipped_sources_and_the_made_up_regency_pass(contoh):
    assert [p for p in check_sources(PROJECT_DIR / "sources") if p.severity == ERROR] == []
    assert [str(p) for p in check_sources(contoh) if p.severity == ERROR] == []


def test_the_check_command_says_each_problem_once_with_what_to_write_instead(contoh, tmp_path):
    _edit(contoh / "roadmap" / "rencana_aksi.csv", "2025;2026;2027,Seluruh SKPD", "2025;2026;2028,Seluruh SKPD")
    _edit(contoh / "roadmap" / "rencana_aksi.csv", "2027,Dinas Dua", "2027,Dinas Duaa")
    _edit(contoh / "collection.toml", "2026 = 2027-01-29", "2026 = 2026-12-15")
    _edit(contoh / "instrument" / "instrument_years.csv", "2027,permenpanrb-14-2014", "2027,permenpanrb-14-2041")
    _edit(contoh / "roadmap" / "roadmap.toml", 'timezone = "Asia/Makassar"', 'timezone = "Asia/Makasar"')
    (contoh / "units.csv").write_text("code,name,aliases\nSATU,Bagian Satu,Bag. Satu\nDUA,Dinas Dua,\n")

    done = _run("pipelines.cli", contoh, "--check", tmp_path=tmp_path)

    assert done.returncode == 2
    said = done.stderr.splitlines()
    expected = [
        "GALAT roadmap/roadmap.toml baris 10: Zona waktu 'Asia/Makasar' tidak dikenal. Tulis salah satu: "
        "Asia/Jakarta (WIB), Asia/Pontianak (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT).",
        "CATATAN units.csv baris 1: Kolom active_from tidak ada: dipakai nilai bawaan kosong "
        "(aktif sejak awal periode road map).",
        "GALAT roadmap/rencana_aksi.csv baris 3 kolom 18 (years): Tahun 2028 di luar periode road map 2025-2027 "
        "(roadmap.toml). Tulis tahun 2025 sampai 2027, atau ubah first_year/last_year.",
        "GALAT roadmap/rencana_aksi.csv baris 4 kolom 19 (responsible): Unit 'Dinas Duaa' tidak ada di units.csv. "
        'Mungkin maksudnya: "Dinas Dua". Perbaiki ejaannya, tambahkan sebagai alias di units.csv, '
        "atau tambahkan unitnya.",
        "GALAT collection.toml baris 7: Batas waktu 2026 (15-12-2026) jatuh sebelum tahun 2026 berakhir: laporan "
        "tahunan baru bisa dikirim sesudah 31-12-2026. Tulis tanggal sesudahnya, mis. 2027-01-31.",
        "CATATAN instrument/instrument_years.csv baris 4 kolom 2 (instrument_version): Instrumen "
        "'permenpanrb-14-2041' tidak ada (folder instrument/permenpanrb-14-2041/ dengan instrument.csv): "
        'tahun 2027 tanpa lembar kerja PMPRB. Mungkin maksudnya: "permenpanrb-14-2014", "permenpanrb-26-2020", '
        '"permenpanrb-9-2023-kabkota".',
    ]
    for line in expected:
        assert said.count(line) == 1, (line, said)
    assert said[-1].startswith("4 galat di ")
    assert len(said) == len(set(said))  # each once
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_a_road_maps_links_to_an_instrument_name_its_own_codes_and_the_instruments(contoh):
    links = contoh / "roadmap" / "pmprb" / "permenpanrb-14-2014"
    links.mkdir(parents=True)
    (links / "lke_links.csv").write_text(
        "lke_code,roadmap_code,level,basis\n"
        "A.I.1.a,1.1.a,item,Tim RB dibentuk\n"
        "A.I.1.z,1.1.a,item,\n"
        "A.I.1,1.1.q,sub_component,\n"
        "A.I.1,1.1.b,itme,\n",
        encoding="utf-8",
    )
    (links / "hasil_sources.csv").write_text(
        "hasil_code,outcome,outcome_value,answer\nB.I.1,pmprb_akuntabilitas_kinerja,,\nB.II.1,integritass,,\n",
        encoding="utf-8",
    )
    (contoh / "roadmap" / "pmprb" / "permenpanrb-14-2041").mkdir()

    said = [str(p) for p in check_sources(contoh) if p.severity == ERROR]

    lke = "roadmap/pmprb/permenpanrb-14-2014/lke_links.csv"
    assert said == [
        f"GALAT {lke} baris 3 kolom 1 (lke_code): 'A.I.1.z' tidak dikenal: bukan kode butir atau sub-komponen "
        'instrumen permenpanrb-14-2014. Mungkin maksudnya: "A.I.1.c", "A.I.1.b", "A.I.1.a".',
        f"GALAT {lke} baris 4 kolom 2 (roadmap_code): '1.1.q' tidak dikenal: bukan kode di roadmap/rencana_aksi.csv. "
        'Mungkin maksudnya: "1.1.b", "1.1.a", "2.1.b".',
        f"GALAT {lke} baris 5 kolom 3 (level): 'itme' tidak dikenal. Mungkin maksudnya: \"item\". "
        "Pilihan: sub_component, item.",
        "GALAT roadmap/pmprb/permenpanrb-14-2014/hasil_sources.csv baris 3 kolom 2 (outcome): 'integritass' tidak "
        "dikenal: bukan kode di roadmap/outcomes.csv atau instrument/permenpanrb-14-2014/hasil_inputs.csv. "
        'Mungkin maksudnya: "integritas".',
        "GALAT roadmap/pmprb/permenpanrb-14-2041/: Instrumen 'permenpanrb-14-2041' tidak ada (folder "
        "instrument/permenpanrb-14-2041/ dengan instrument.csv): pemetaan di folder ini tidak dipakai. "
        'Beri folder ini nama versi instrumen. Mungkin maksudnya: "permenpanrb-14-2014", "permenpanrb-26-2020", '
        '"permenpanrb-9-2023-kabkota".',
    ]


def test_a_registry_with_only_code_name_aliases_works(settings, contoh):
    """It used to fail 'active_period_ordered: 0 rows. active_to lebih awal dari active_from'."""
    (contoh / "units.csv").write_text(
        "code,name,aliases\nSATU,Bagian Satu,Bag. Satu\nDUA,Dinas Dua,\nTIGA,Dinas Tiga,\n"
    )
    assert [p for p in check_sources(contoh) if p.severity == ERROR] == []
    result = dg.materialize(
        ROADMAP_ASSETS, resources=build_resources(replace(settings, sources_dir=contoh)), raise_on_error=False
    )
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        tiga = conn.execute("SELECT DISTINCT year FROM roadmap_targets WHERE unit_code = 'TIGA' ORDER BY 1").fetchall()
    assert tiga == [(2025,), (2026,), (2027,)]  # no active_to: active the whole period


def _minimal_roadmap(contoh, sop_year: int) -> None:
    """A catalogue, outcomes and scales with only their required columns (no ordinal target: scales header only)."""
    (contoh / "roadmap" / "rencana_aksi.csv").write_text(
        "code,area_no,area,indicator,target_value,target_kind,years,responsible\n"
        "1.1.a,1,Manajemen Perubahan,Jumlah rapat tim,2,count,2025;2026,Bagian Satu\n"
        f"1.1.b,1,Manajemen Perubahan,SOP ditetapkan,,qualitative,{sop_year},Dinas Dua\n"
    )
    (contoh / "roadmap" / "outcomes.csv").write_text(
        "area_no,outcome,indicator,comparator,target_value\n1,integritas,Persentase aparatur berintegritas,>=,75\n"
    )
    (contoh / "roadmap" / "ordinal_scales.csv").write_text("scale,value,rank\n")


def test_a_catalogue_with_only_its_required_columns_works(settings, contoh):
    _minimal_roadmap(contoh, sop_year=2026)
    assert [str(p) for p in check_sources(contoh) if p.severity == ERROR] == []
    result = dg.materialize(
        ROADMAP_ASSETS, resources=build_resources(replace(settings, sources_dir=contoh)), raise_on_error=False
    )
    assert result.success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT code, year, unit_code, target_period, period_factor, coalesce(target_value, -1) "
            "FROM roadmap_targets ORDER BY code, year"
        ).fetchall()
    assert rows == [
        ("1.1.a", 2025, "SATU", "per_year", 1, 2.0),  # target_period absent: per_year
        ("1.1.a", 2026, "SATU", "per_year", 1, 2.0),
        ("1.1.b", 2026, "DUA", "per_year", 1, -1),
    ]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        outcome = conn.execute("SELECT outcome, value_kind, target_number FROM outcome_targets").fetchall()
    assert outcome == [("integritas", "number", 75.0)]  # value_kind absent: number


def test_a_typo_in_a_responsible_unit_stops_the_sample_generator_with_the_closest_names(contoh, tmp_path):
    """It used to crash: TypeError: '<' not supported between instances of 'float' and 'str'."""
    _edit(contoh / "roadmap" / "rencana_aksi.csv", "2025;2026,Bagian Satu", "2025;2026,Bagian Satuu")

    done = _run("samples", contoh, tmp_path=tmp_path)

    assert done.returncode == 2, done.stderr
    assert (
        "GALAT roadmap/rencana_aksi.csv baris 2 kolom 19 (responsible): Unit 'Bagian Satuu' tidak ada di units.csv. "
        'Mungkin maksudnya: "Bagian Satu"'
    ) in done.stderr
    assert "Traceback" not in done.stderr
    assert not (contoh / "submissions").exists()  # nothing written


def test_the_annual_run_stops_at_the_check_before_any_step(settings, contoh):
    _edit(contoh / "collection.toml", "2025 = 2026-01-31", "2025 = 2025-06-30")
    result = run_annual(replace(settings, sources_dir=contoh, inbox_root=contoh), 2025)
    assert not result.success
    assert not settings.outputs_dir.exists() and not settings.warehouse_path.exists()
    assert failure_lines(result) == [
        "run: GALAT collection.toml baris 6: Batas waktu 2025 (30-06-2025) jatuh sebelum tahun 2025 berakhir: "
        "laporan tahunan baru bisa dikirim sesudah 31-12-2025. Tulis tanggal sesudahnya, mis. 2026-01-31."
    ]


def test_a_failing_step_is_one_line_without_a_stack_trace(contoh, tmp_path):
    """A data error the check leaves to the table's suite (a percent target above 100)."""
    _edit(contoh / "roadmap" / "rencana_aksi.csv", "80,,,80%", "180,,,180%")

    done = _run("pipelines.cli", contoh, "--year", "2025", tmp_path=tmp_path)

    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Stack Trace" not in done.stderr
    assert "  roadmap_indicators: Table roadmap_indicators failed validation" in done.stderr
    assert (
        '    - percent_at_most_100: 1 rows. Target persen di atas 100. {"target_value": 180.0, "csv_line": 3'
        in done.stderr
    )
    assert len(done.stderr.splitlines()) < 10, done.stderr


def test_a_whole_year_runs_on_the_minimal_files(settings, contoh):
    """Only the required columns everywhere: the samples and the annual run go through, with the defaults."""
    (contoh / "units.csv").write_text("code,name\nSATU,Bagian Satu\nDUA,Dinas Dua\n")
    _minimal_roadmap(contoh, sop_year=2025)
    contoh_settings = replace(settings, sources_dir=contoh, inbox_root=contoh)
    assert generate(contoh_settings, years=[2025])
    assert run_annual(contoh_settings, 2025).success
    for made in ("monitoring_2025.xlsx", "rekap_pengumpulan.xlsx", "templates/SATU.xlsx", "templates/DUA.xlsx"):
        assert (settings.outputs_dir / "2025" / made).is_file(), made
