"""A second regency adopts the pipeline with its own sources only (``tests/fixtures/contoh``, as docs/adopting.md lays
them out): its road map group materializes, and a whole year runs through the README's main commands."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from dataclasses import replace

import dagster as dg
import duckdb
import openpyxl

from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from pipelines.definitions import build_definitions
from pipelines.settings import PROJECT_DIR

OTHER_GOVERNMENT = "Magetan"


def test_a_made_up_road_map_materializes(settings, contoh):
    defs = build_definitions(replace(settings, sources_dir=contoh, inbox_root=contoh))
    result = dg.materialize(ROADMAP_ASSETS, resources=defs.resources, raise_on_error=False)
    assert result.success

    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT code, year, unit_code, coalesce(target_value, -1) FROM roadmap_targets ORDER BY code, year, unit_code"
        ).fetchall()
        areas = conn.execute("SELECT DISTINCT area FROM roadmap_indicators ORDER BY 1").fetchall()
    assert rows == [
        ("1.1.a", 2025, "SATU", 2.0),
        ("1.1.a", 2026, "SATU", 2.0),
        ("1.1.b", 2025, "DUA", 80.0),
        ("1.1.b", 2025, "SATU", 80.0),
        ("1.1.b", 2025, "TIGA", 80.0),  # active until 2025 only
        ("1.1.b", 2026, "DUA", 80.0),
        ("1.1.b", 2026, "SATU", 80.0),
        ("1.1.b", 2027, "DUA", 80.0),
        ("1.1.b", 2027, "SATU", 80.0),
        ("2.1.a", 2027, "DUA", 12.0),  # 1 rapat/bulan is 12 a year
        ("2.1.b", 2026, "DUA", -1),  # qualitative: no number
        ("2.1.b", 2026, "SATU", -1),
    ]
    assert areas == [("Manajemen Perubahan",), ("Tatalaksana",)]


def output_texts(outputs):
    """(file, text) for every published file: each xlsx part, each CSV/JSON/HTML, each Parquet table's values."""
    for path in sorted(p for p in outputs.rglob("*") if p.is_file()):
        name = str(path.relative_to(outputs))
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as z:
                yield from ((f"{name}:{part}", z.read(part).decode("utf-8", "replace")) for part in z.namelist())
        elif path.suffix == ".parquet":
            with duckdb.connect() as conn:
                yield name, repr(conn.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall())
        else:
            yield name, path.read_bytes().decode("utf-8", "replace")


def test_a_second_government_runs_a_whole_year_through_the_main_commands(contoh, tmp_path):
    """``python -m samples`` then ``python -m pipelines.cli --year Y``, as ``make run`` does, with the environment
    pointing at the second government's own sources: its outputs name no other government."""
    outputs = tmp_path / "outputs"
    env = {
        **os.environ,
        "RB_SOURCES_DIR": str(contoh),
        "RB_INBOX_ROOT": str(contoh),
        "RB_OUTPUTS_DIR": str(outputs),
        "RB_WAREHOUSE": str(tmp_path / "warehouse" / "rb.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster_home"),
    }
    for command in (["-m", "pipelines.cli", "--check"], ["-m", "samples"], ["-m", "pipelines.cli", "--year", "2026"]):
        done = subprocess.run(
            [sys.executable, *command], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
    assert "annual 2026: ok" in done.stdout
    with duckdb.connect(env["RB_WAREHOUSE"], read_only=True) as conn:
        units, in_force, refused = conn.execute(
            "SELECT count(*), count(file_in_force), sum(rows_refused) FROM collection_status WHERE year = 2026"
        ).fetchone()
        warned = conn.execute("SELECT sum(warned_values) FROM unit_summary WHERE year = 2026").fetchone()[0]
    # The command line tells the analyst the year's figures, as the rekap has them.
    assert f"  berkas berlaku: {in_force} dari {units} unit; terlambat: " in done.stdout
    assert f"; baris ditolak: {refused} (" in done.stdout
    assert f"; nilai berperingatan: {warned} (tetap dihitung, periksa)" in done.stdout

    year = outputs / "2026"
    for made in ("monitoring_2026.xlsx", "rekap_pengumpulan.xlsx", "indikator_hasil_2026.xlsx", "pmprb_2026.xlsx"):
        assert (year / made).is_file(), made
    assert sorted(p.name for p in (year / "templates").iterdir()) == ["DUA.xlsx", "SATU.xlsx"]  # TIGA ended in 2025
    texts = dict(output_texts(outputs))
    assert [name for name, text in texts.items() if OTHER_GOVERNMENT.lower() in text.lower()] == []
    assert any("Kabupaten Contoh" in text for name, text in texts.items() if name.startswith("2026/monitoring"))
    # Kabupaten Contoh keeps WITA (roadmap.toml): no workbook speaks of WIB.
    assert [name for name, text in texts.items() if "(WIB)" in text] == []
    assert [name for name, text in texts.items() if "_wib" in text] == []  # nor do the published tables' columns
    assert any("Kiriman Pertama (WITA)" in text for name, text in texts.items() if name.startswith("2026/rekap"))
    # Kabupaten Contoh has not linked the LKE to its road map (no roadmap/pmprb/): no suggested answers, and the
    # worksheet says why instead of borrowing another road map's links.
    identity = {
        row[0].value: row[1].value for row in openpyxl.load_workbook(year / "pmprb_2026.xlsx")["Identitas"].iter_rows()
    }
    assert identity["Saran jawaban"].startswith("Tidak ada saran jawaban: road map ini belum memetakan butir LKE")
    with duckdb.connect(env["RB_WAREHOUSE"], read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM pmprb_suggestions WHERE answer IS NOT NULL").fetchone() == (0,)
