"""Monitoring on a small hand-built year: every figure below was worked out by hand.

The made-up road map (2025-2026) has units SATU, DUA and TIGA and, for 2025:
- 1.1.a count 4/tahun (SATU): realisasi 40, an outlier of 1000%;
- 1.1.b percent 80 for "Seluruh SKPD" (no joint rule: each unit reports): SATU 80, DUA 60, TIGA never reports;
- 1.2.a range 1-30 (DUA): the row was refused; 1.2.b range 1-30 (SATU): 12;
- 2.1.a qualitative, joint `each` (SATU; DUA): Ya and Tidak;
- 2.1.b count 1 rapat/bulan = 12 a year, joint `lead` (DUA first; SATU supports): DUA 9, SATU 12;
- 2.1.c budget 5 milyar (SATU): 4.55, exactly 91% (floating point gives 90.999...);
- 2.1.d placeholder (SATU): 3; 2.1.e is scheduled in 2026 only.
SATU's file came in at 23:00 WIB on the deadline (on time), DUA's at 01:00 WIB the day after (late),
one file was refused as a whole, TIGA sent nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import textwrap

import dagster as dg
import duckdb
import openpyxl
import pandas as pd
import pytest

from assets.forms.inventory import SCHEMA as SUBMISSIONS_SCHEMA
from assets.forms.receipts import ReceiptBook, close_book, record_receipt
from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from assets.submissions.progress import PROGRESS_SCHEMA, REJECTS_SCHEMA
from assets.warehouse import replace_partition
from tests.conftest import CONTOH
from tests.monitoring_support import assert_workbook_equals_tables, monitoring_definitions, query, sheet_rows

OUTCOMES = (CONTOH / "roadmap" / "outcomes.csv").read_text(encoding="utf-8")  # Kabupaten Contoh's
SCALES = (CONTOH / "roadmap" / "ordinal_scales.csv").read_text(encoding="utf-8")


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


ROADMAP_TOML = """
[roadmap]
id = "uji-perbup-2-2025"
government = "Kabupaten Uji"
regulation = "Peraturan Bupati Uji Nomor 2 Tahun 2025"
title = "Road Map Reformasi Birokrasi Kabupaten Uji 2025-2026"
first_year = 2025
last_year = 2026
catalogue_version = "uji.v1"
"""
RENCANA_AKSI = """
code,area_no,area,sub_no,sub_programme,letter,action,success_criterion,indicator,target_value,target_min,target_max,target_text,target_unit,target_kind,target_period,joint_rule,years,responsible
1.1.a,1,Manajemen Perubahan,1,Tim RB,a,Rapat tim,Rapat terlaksana,Jumlah rapat (4 (empat) kegiatan/tahun),4,,,4 (empat) kegiatan/tahun,kegiatan,count,per_year,,2025;2026,Bagian Satu
1.1.b,1,Manajemen Perubahan,1,Tim RB,b,Banner,Banner terpasang,% unit yang memasang banner (80%),80,,,80%,persen,percent,per_year,,2025;2026,Seluruh SKPD
1.2.a,1,Manajemen Perubahan,2,Budaya Kerja,a,Pemeriksaan,LHP terbit,Jumlah LHP (1-30 laporan/tahun),,1,30,1-30 laporan/tahun,laporan,range,per_year,,2025,Dinas Dua
1.2.b,1,Manajemen Perubahan,2,Budaya Kerja,b,Reviu,LHP terbit,Jumlah LHP reviu (1-30 laporan/tahun),,1,30,1-30 laporan/tahun,laporan,range,per_year,,2025,Bagian Satu
2.1.a,2,Tatalaksana,1,SOP,a,Penetapan SOP,SOP ditetapkan,SOP ditetapkan,,,,,,qualitative,per_year,each,2025,Bagian Satu;Dinas Dua
2.1.b,2,Tatalaksana,1,SOP,b,Rapat SOP,Rapat terlaksana,Jumlah rapat (1 (satu) rapat/bulan),1,,,1 (satu) rapat/bulan,rapat,count,per_month,lead,2025,Dinas Dua;Bagian Satu
2.1.c,2,Tatalaksana,1,SOP,c,Anggaran,Anggaran terserap,Anggaran (5 (lima) milyar/tahun),5,,,5 (lima) milyar/tahun,milyar,budget,per_year,,2025,Bagian Satu
2.1.d,2,Tatalaksana,1,SOP,d,Layanan,Layanan tersedia,Jumlah layanan (... layanan),,,,... (.....) layanan,layanan,placeholder,per_year,,2025,Bagian Satu
2.1.e,2,Tatalaksana,1,SOP,e,Evaluasi,Evaluasi selesai,Jumlah evaluasi (1 kegiatan),1,,,1 kegiatan,kegiatan,count,per_year,,2026,Bagian Satu
"""
UNITS = """
code,name,aliases,active_from,active_to
SATU,Bagian Satu,,,
DUA,Dinas Dua,,,
TIGA,Dinas Tiga,,,
"""
COLLECTION = """
[deadlines]
2025 = 2026-01-31
"""
SATU_FILE = "submissions/2025/satu.xlsx"
DUA_FILE = "submissions/2025/dua.xlsx"
BROKEN_FILE = "submissions/2025/rusak.xlsx"
# (code, unit, realisasi, raw value, file, sheet row)
PROGRESS = [
    ("1.1.a", "SATU", 40.0, "40", SATU_FILE, 2),
    ("1.1.b", "SATU", 80.0, "80", SATU_FILE, 3),
    ("1.2.b", "SATU", 12.0, "12", SATU_FILE, 4),
    ("2.1.a", "SATU", 1.0, "Ya", SATU_FILE, 5),
    ("2.1.b", "SATU", 12.0, "12", SATU_FILE, 6),
    ("2.1.c", "SATU", 4.55, "4,55", SATU_FILE, 7),
    ("2.1.d", "SATU", 3.0, "3", SATU_FILE, 8),
    ("1.1.b", "DUA", 60.0, "60", DUA_FILE, 2),
    ("2.1.a", "DUA", 0.0, "Tidak", DUA_FILE, 4),
    ("2.1.b", "DUA", 9.0, "9", DUA_FILE, 5),
]
REJECT_REASON = 'Tanda "-" bukan angka'
MONITORING = [
    "predikat_bands",
    "submission_timeliness",
    "evidence_files",
    "capaian",
    "indicator_capaian",
    "capaian_rollup",
    "submission_coverage",
    "unit_summary",
    "missing_reports",
    "refused_rows",
    "monitoring_workbook",
    "monitoring_table_files",
    "area_trend",
    "indikator_hasil_files",
    "outcome_values",
    "outcome_rejects",
    "outcome_status",
]


def _rows(settings):
    submissions = [
        {
            "year": 2025,
            "file": SATU_FILE,
            "unit_code": "SATU",
            "unit_name": "Bagian Satu",
            "status": "berlaku",
            "first_seen": dt.datetime(2026, 1, 31, 16, 0),
        },  # 23:00 WIB on the deadline
        {
            "year": 2025,
            "file": DUA_FILE,
            "unit_code": "DUA",
            "unit_name": "Dinas Dua",
            "status": "berlaku",
            "first_seen": dt.datetime(2026, 1, 31, 18, 0),
        },  # 01:00 WIB the day after
        {
            "year": 2025,
            "file": BROKEN_FILE,
            "unit_code": None,
            "status": "ditolak",
            "reason_code": "FILE_CORRUPT",
            "reason": "Berkas rusak",
            "first_seen": dt.datetime(2026, 1, 10, 3, 0),
        },
    ]
    progress = [
        {
            "year": 2025,
            "code": c,
            "unit": u,
            "realisasi": r,
            "raw_value": raw,
            "file": f,
            "row": n,
            "bukti_dukung": f"Bukti {c} {u}",
            "kendala": "Waktu" if u == "DUA" else None,
        }
        for c, u, r, raw, f, n in PROGRESS
    ]
    rejects = [
        {
            "year": 2025,
            "unit": "DUA",
            "file": DUA_FILE,
            "row": 3,
            "code": "1.2.a",
            "raw_value": "-",
            "reason_code": "VALUE_DASH",
            "reason": REJECT_REASON,
            "all_reason_codes": "VALUE_DASH",
        },
    ]
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        for row in submissions:  # each file's receipt, as the inventory records it
            row["sha256"] = f"sha-{row['file']}"
            record_receipt(conn, row["sha256"], row["first_seen"])
        sent = [(r["unit_code"], r["sha256"]) for r in submissions if r["status"] == "berlaku"]
        close_book(conn, ReceiptBook({}, first_scan=False, now=dt.datetime(2026, 2, 1)), "submissions", 2025, sent)
        for table, rows, schema in [
            ("submissions", submissions, SUBMISSIONS_SCHEMA),
            ("progress", progress, PROGRESS_SCHEMA),
            ("progress_rejects", rejects, REJECTS_SCHEMA),
        ]:
            replace_partition(conn, table, pd.DataFrame(rows), column="year", key=2025, schema=schema)


@pytest.fixture(scope="module")
def uji(tmp_path_factory):
    """The made-up regency's year 2025, monitored: returns its settings."""
    return monitored_uji(tmp_path_factory.mktemp("uji"))


def monitored_uji(root):
    """The made-up regency's sources, warehouse and outputs under ``root``, its year 2025 monitored."""
    from pipelines.settings import Settings

    sources = root / "sources"
    _write(sources / "roadmap" / "roadmap.toml", ROADMAP_TOML)
    _write(sources / "roadmap" / "rencana_aksi.csv", RENCANA_AKSI)
    _write(sources / "roadmap" / "outcomes.csv", OUTCOMES)
    _write(sources / "roadmap" / "ordinal_scales.csv", SCALES)
    _write(sources / "units.csv", UNITS)
    _write(sources / "collection.toml", COLLECTION)
    real = Settings.from_env().sources_dir
    for shared in ("predikat_bands.csv", "plausibility_rules.csv"):
        _write(sources / "monitoring" / shared, (real / "monitoring" / shared).read_text())
    shutil.copytree(real / "instrument", sources / "instrument")  # what the Indikator Hasil form asks for
    settings = Settings(
        sources_dir=sources, inbox_root=sources, outputs_dir=root / "outputs", warehouse_path=root / "rb.duckdb"
    )
    defs = monitoring_definitions(settings)
    assert dg.materialize(ROADMAP_ASSETS, resources=defs.resources, raise_on_error=False).success
    _rows(settings)
    job = defs.resolve_job_def("annual")
    result = job.execute_in_process(
        partition_key="2025", asset_selection=[dg.AssetKey(k) for k in MONITORING], raise_on_error=False
    )
    assert result.success
    checks = {(c.asset_key.to_user_string(), c.check_name): c.passed for c in result.get_asset_check_evaluations()}
    assert checks and all(checks.values()), checks
    assert ("capaian", "one_row_per_scheduled_unit") in checks
    return settings


def _records(settings, sql, columns):
    df = query(settings, sql)
    return [
        tuple(None if pd.isna(v) else (round(v, 6) if isinstance(v, float) else v) for v in r)
        for r in df[columns].itertuples(index=False)
    ]


def test_capaian_rows_by_hand(uji):
    got = _records(
        uji,
        "SELECT * FROM capaian WHERE year = 2025 ORDER BY csv_line, unit_order, unit",
        [
            "code",
            "unit",
            "role",
            "counts_for_indicator",
            "target_label",
            "realisasi",
            "capaian_pct",
            "predikat",
            "status",
        ],
    )
    assert got == [
        ("1.1.a", "SATU", "Tunggal", True, "4", 40.0, 1000.0, "Sangat Tinggi", "Tercapai"),  # raw, never capped
        ("1.1.b", "DUA", "Bersama", True, "80", 60.0, 75.0, "Sedang", "Belum Tercapai"),
        ("1.1.b", "SATU", "Bersama", True, "80", 80.0, 100.0, "Sangat Tinggi", "Tercapai"),
        ("1.1.b", "TIGA", "Bersama", True, "80", None, None, None, "Belum Dilaporkan"),  # never reported: not zero
        ("1.2.a", "DUA", "Tunggal", True, "1 - 30", None, None, None, "Belum Dilaporkan"),  # its row was refused
        ("1.2.b", "SATU", "Tunggal", True, "1 - 30", 12.0, None, None, "Tercapai"),  # range: no percentage
        ("2.1.a", "SATU", "Bersama", True, "Ya", 1.0, None, None, "Tercapai"),
        ("2.1.a", "DUA", "Bersama", True, "Ya", 0.0, None, None, "Belum Tercapai"),
        ("2.1.b", "DUA", "Utama", True, "12", 9.0, 75.0, "Sedang", "Belum Tercapai"),  # 1 rapat/bulan = 12
        ("2.1.b", "SATU", "Pendukung", False, "12", 12.0, 100.0, "Sangat Tinggi", "Tercapai"),
        ("2.1.c", "SATU", "Tunggal", True, "5", 4.55, 91.0, "Sangat Tinggi", "Belum Tercapai"),  # 91% is the band edge
        ("2.1.d", "SATU", "Tunggal", True, "... (.....) layanan", 3.0, None, None, "Target Tidak Terukur"),
    ]
    assert query(uji, "SELECT count(*) AS n FROM capaian WHERE code = '2.1.e'")["n"][0] == 0  # 2026 only


def test_indicator_level_follows_the_joint_rule(uji):
    got = _records(
        uji,
        "SELECT * FROM indicator_capaian WHERE year = 2025 ORDER BY csv_line",
        [
            "code",
            "lead_unit",
            "units_scheduled",
            "units_reported",
            "units_achieved",
            "capaian_pct",
            "capaian_capped",
            "predikat",
            "status",
        ],
    )
    assert got == [
        ("1.1.a", None, 1, 1, 1, 1000.0, 100.0, "Sangat Tinggi", "Tercapai"),
        ("1.1.b", None, 3, 2, 1, 87.5, 87.5, "Tinggi", "Belum Tercapai"),  # each: mean of the reporting units
        ("1.2.a", None, 1, 0, 0, None, None, None, "Belum Dilaporkan"),
        ("1.2.b", None, 1, 1, 1, None, None, None, "Tercapai"),
        ("2.1.a", None, 2, 2, 1, None, None, None, "Belum Tercapai"),  # each: every unit must reach it
        ("2.1.b", "DUA", 1, 1, 0, 75.0, 75.0, "Sedang", "Belum Tercapai"),  # lead: DUA's row alone
        ("2.1.c", None, 1, 1, 0, 91.0, 91.0, "Sangat Tinggi", "Belum Tercapai"),
        ("2.1.d", None, 1, 1, 0, None, None, None, "Target Tidak Terukur"),
        ("2.1.e", None, 0, 0, 0, None, None, None, "Tidak Dijadwalkan"),
    ]
    detail = query(
        uji, "SELECT units_detail FROM indicator_capaian WHERE year = 2025 AND code IN ('1.1.b', '2.1.b') ORDER BY code"
    )
    assert detail["units_detail"].tolist() == [
        "DUA: 60 - Belum Tercapai; SATU: 80 - Tercapai; TIGA: belum melapor",
        "DUA: 9 - Belum Tercapai; SATU (pendukung): 12 - Tercapai",
    ]


def test_rollups_average_over_indicators_capped(uji):
    got = _records(
        uji,
        "SELECT * FROM capaian_rollup WHERE year = 2025 ORDER BY level = 'tahun' DESC, sort_order, level = 'area' DESC",
        [
            "level",
            "area_no",
            "sub_no",
            "scheduled",
            "reported",
            "achieved",
            "achieved_pct",
            "not_achieved",
            "unmeasured",
            "not_reported",
            "not_scheduled",
            "mean_capaian_pct",
            "predikat",
        ],
    )
    assert got == [
        # mean of 100 (1000 capped), 87.5, 75, 91; over indicator x unit rows it would differ
        ("tahun", None, None, 8, 7, 2, 33.333333, 4, 1, 1, 1, 88.375, "Tinggi"),
        ("area", "1", None, 4, 3, 2, 66.666667, 1, 0, 1, 0, 93.75, "Sangat Tinggi"),
        ("subprogram", "1", "1", 2, 2, 1, 50.0, 1, 0, 0, 0, 93.75, "Sangat Tinggi"),
        ("subprogram", "1", "2", 2, 1, 1, 100.0, 0, 0, 1, 0, None, None),
        ("area", "2", None, 4, 4, 0, 0.0, 3, 1, 0, 1, 83.0, "Tinggi"),
        ("subprogram", "2", "1", 4, 4, 0, 0.0, 3, 1, 0, 1, 83.0, "Tinggi"),
    ]
    trend = _records(
        uji, "SELECT * FROM area_trend ORDER BY area_no = '-', area_no, year", ["year", "area_no", "mean_capaian_pct"]
    )
    assert trend == [(2025, "1", 93.75), (2025, "2", 83.0), (2025, "-", 88.375)]


def test_units_and_submission_coverage(uji):
    coverage = _records(
        uji,
        "SELECT * FROM submission_coverage WHERE year = 2025 ORDER BY unit",
        [
            "unit",
            "submission_status",
            "files_received",
            "indicators_scheduled",
            "indicators_reported",
            "rows_accepted",
            "rows_refused",
        ],
    )
    assert coverage == [
        ("DUA", "Terlambat", 1, 4, 3, 3, 1),  # 01:00 WIB on 1 February
        ("SATU", "Tepat Waktu", 1, 7, 7, 7, 0),  # 23:00 WIB on 31 January
        ("TIGA", "Belum Mengirim", 0, 1, 0, 0, 0),
    ]
    units = _records(
        uji,
        "SELECT * FROM unit_summary WHERE year = 2025 ORDER BY unit",
        [
            "unit",
            "scheduled",
            "reported",
            "achieved",
            "achieved_pct",
            "not_achieved",
            "unmeasured",
            "not_reported",
            "not_scheduled",
            "supporting",
            "mean_capaian_pct",
            "predikat",
        ],
    )
    assert units == [
        ("DUA", 4, 3, 0, 0.0, 3, 0, 1, 0, 0, 75.0, "Sedang"),
        ("SATU", 6, 6, 4, 80.0, 1, 1, 0, 1, 1, 97.0, "Sangat Tinggi"),  # 2.1.b supported, not scored
        ("TIGA", 1, 0, 0, None, 0, 0, 1, 0, 0, None, None),
    ]


def test_missing_and_refused(uji):
    missing = _records(
        uji, "SELECT * FROM missing_reports WHERE year = 2025 ORDER BY unit, code", ["unit", "code", "cause"]
    )
    assert missing == [
        ("DUA", "1.2.a", f"Baris ditolak: {REJECT_REASON}"),
        ("TIGA", "1.1.b", "Unit belum mengirim berkas yang berlaku"),
    ]
    refused = _records(
        uji,
        "SELECT * FROM refused_rows WHERE year = 2025 ORDER BY level, file",
        ["level", "unit", "file", "row", "code", "reason"],
    )
    assert refused == [
        ("Baris", "DUA", DUA_FILE, 3, "1.2.a", REJECT_REASON),
        ("Berkas", None, BROKEN_FILE, None, None, "Berkas rusak"),
    ]


def test_workbook_equals_the_tables_cell_by_cell(uji):
    wb = assert_workbook_equals_tables(uji, 2025)
    assert wb.sheetnames == [
        "Ringkasan",
        "Per Area",
        "Per Sub-Program",
        "Per Unit",
        "Rincian Indikator",
        "Indikator Hasil",
        "Belum Melapor",
        "Ditolak",
        "File Bukti",
    ]
    detail = wb["Rincian Indikator"]
    header = next(r for r in range(1, 20) if detail.cell(row=r, column=1).value == "Kode")
    headers = [c.value for c in detail[header]]
    capaian_col = headers.index("Capaian (%)") + 1
    first = detail.cell(row=header + 1, column=capaian_col)
    assert first.value == 1000.0 and first.number_format == '0.0"%"'
    assert first.fill.fgColor.rgb.endswith("00B050")  # Sangat Tinggi
    assert detail.freeze_panes == f"A{header + 1}"
    assert detail.auto_filter.ref.startswith(f"A{header}:")
    assert detail.page_setup.orientation == "landscape" and detail.page_setup.fitToWidth == 1
    for ws in wb.worksheets:
        assert str(ws["A2"].value).strip(), f"{ws.title} has no note"
    assert len(wb["Ringkasan"]._charts) == 1


def test_table_files_equal_the_tables(uji):
    folder = uji.outputs_dir / "2025" / "tables"
    with duckdb.connect() as conn:
        parquet = conn.execute(f"SELECT code, unit, capaian_pct FROM '{folder / 'capaian.parquet'}'").fetchall()
        csv = conn.execute(f"SELECT count(*) FROM read_csv('{folder / 'capaian.csv'}')").fetchone()[0]
    stored = query(uji, "SELECT code, unit, capaian_pct FROM capaian ORDER BY csv_line, unit_order, unit")
    assert parquet == [tuple(None if pd.isna(v) else v for v in r) for r in stored.itertuples(index=False)]
    assert csv == len(stored)
    assert not list(folder.glob(".*.tmp"))


def test_a_second_run_rewrites_nothing(uji):
    folder = uji.outputs_dir / "2025"
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    job = monitoring_definitions(uji).resolve_job_def("annual")
    keys = [dg.AssetKey(k) for k in ("monitoring_workbook", "monitoring_table_files")]
    assert job.execute_in_process(partition_key="2025", asset_selection=keys).success
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before


def test_workbook_sheets_in_order_with_indikator_hasil_after_the_detail(uji):
    wb = openpyxl.load_workbook(uji.outputs_dir / "2025" / "monitoring_2025.xlsx")
    assert wb.sheetnames == [
        "Ringkasan",
        "Per Area",
        "Per Sub-Program",
        "Per Unit",
        "Rincian Indikator",
        "Indikator Hasil",
        "Belum Melapor",
        "Ditolak",
        "File Bukti",
    ]
    with duckdb.connect(str(uji.warehouse_path), read_only=True) as conn:
        outcomes = conn.execute("SELECT count(*) FROM outcome_status WHERE year = 2025").fetchone()[0]
    header, rows = sheet_rows(wb["Indikator Hasil"], "Area")
    assert outcomes > 0 and len(rows) == outcomes
