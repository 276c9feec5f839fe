"""A second regency adopts the pipeline by swapping its road map and unit registry in."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import dagster as dg
import duckdb

from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from pipelines.definitions import build_definitions

ROADMAP_TOML = """
[roadmap]
id = "contoh-perbup-1-2025"
government = "Kabupaten Contoh"
regulation = "Peraturan Bupati Contoh Nomor 1 Tahun 2025"
title = "Road Map Reformasi Birokrasi Kabupaten Contoh 2025-2027"
first_year = 2025
last_year = 2027
catalogue_version = "contoh.v1"
"""

RENCANA_AKSI = """
code,area_no,area,sub_no,sub_programme,letter,action,success_criterion,indicator,target_value,target_min,target_max,target_text,target_unit,target_kind,target_period,joint_rule,years,responsible
1.1.a,1,Manajemen Perubahan,1,Tim RB,a,Rapat tim,Rapat terlaksana,Jumlah rapat (2 (dua) kegiatan/tahun),2,,,2 (dua) kegiatan/tahun,kegiatan,count,per_year,,2025;2026,Bagian Satu
1.1.b,1,Manajemen Perubahan,1,Tim RB,b,Pemasangan banner,Banner terpasang,% unit yang memasang banner (80%),80,,,80%,persen,percent,per_year,,2025;2026;2027,Seluruh SKPD
2.1.a,2,Tatalaksana,1,SOP,a,Rapat SOP,Rapat terlaksana,Jumlah rapat (1 (satu) rapat/bulan),1,,,1 (satu) rapat/bulan,rapat,count,per_month,,2027,Dinas Dua
2.1.b,2,Tatalaksana,1,SOP,b,Penetapan SOP,SOP ditetapkan,SOP ditetapkan,,,,,,qualitative,per_year,each,2026,Bagian Satu;Dinas Dua
"""

UNITS = """
code,name,aliases,active_from,active_to
SATU,Bagian Satu,Bag. Satu,,
DUA,Dinas Dua,,,
TIGA,Dinas Tiga,,,2025
"""

OUTCOMES = """
area_no,outcome,indicator,comparator,target_value,target_unit,target_text,value_kind,scale,min_value,max_value
1,integritas,Persentase aparatur berintegritas,>=,75,persen,75 %,number,,0,100
"""

SCALES = """
scale,value,rank,label
akip,A,2,Memuaskan
akip,B,1,Baik
"""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


def test_a_made_up_road_map_materializes(settings, tmp_path):
    sources = tmp_path / "contoh"
    _write(sources / "roadmap" / "roadmap.toml", ROADMAP_TOML)
    _write(sources / "roadmap" / "rencana_aksi.csv", RENCANA_AKSI)
    _write(sources / "roadmap" / "outcomes.csv", OUTCOMES)
    _write(sources / "roadmap" / "ordinal_scales.csv", SCALES)
    _write(sources / "units.csv", UNITS)
    contoh = replace(settings, sources_dir=sources, inbox_root=sources)

    defs = build_definitions(contoh)
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
