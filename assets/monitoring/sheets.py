"""What each sheet of the monitoring workbook shows: table, columns, headers, notes.

One :class:`SheetSpec` per table sheet, in workbook order. Headers and notes
are Bahasa Indonesia; each note states the rules behind the figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb
import pandas as pd
from openpyxl.styles import PatternFill

from assets.forms.sheet import ERROR_FILL, OK_FILL, WARNING_FILL
from assets.monitoring.models import MODELS, model_query
from assets.reports.table_sheet import DATETIME, NUMBER
from assets.warehouse import read_table

PERCENT = '0.0"%"'  # capaian is stored as a percentage number (95.0) and shown as 95.0%
DATE = "dd/mm/yyyy"

ROLLUP_RULES = (
    'Setiap indikator dihitung satu kali, berapa pun jumlah unit penanggung jawabnya (indikator "Seluruh SKPD" '
    "tidak lebih berat dari indikator lain).",
    "Rata-rata capaian: rata-rata capaian indikator yang memiliki persentase, tiap indikator dibatasi 100% "
    "hanya untuk rata-rata ini (nilai aslinya ada di Rincian Indikator).",
    "% Tercapai = Tercapai / (Tercapai + Belum Tercapai). Belum Dilaporkan, Target Tidak Terukur dan "
    "Tidak Dijadwalkan dihitung terpisah dan tidak masuk rata-rata.",
    "Predikat menurut Permendagri 86/2017: {bands}.",
    "Nilai Berperingatan: realisasi yang diterima tetapi diberi peringatan kewajaran (sources/monitoring/"
    "plausibility_rules.csv, misalnya tanda persen pada target jumlah atau capaian lebih dari 3 kali target); "
    "nilai itu tetap dihitung dalam angka di atas. Peringatannya ada di Rincian Indikator.",
)

COUNTS = {
    "scheduled": "Indikator Dijadwalkan",
    "reported": "Dilaporkan",
    "achieved": "Tercapai",
    "achieved_pct": "% Tercapai",
    "not_achieved": "Belum Tercapai",
    "unmeasured": "Target Tidak Terukur",
    "not_reported": "Belum Dilaporkan",
    "not_scheduled": "Tidak Dijadwalkan",
    "warned_values": "Nilai Berperingatan",
}
MEAN = {"mean_capaian_pct": "Rata-rata Capaian (%)", "predikat": "Predikat"}
PERCENTS = {"achieved_pct": PERCENT, "mean_capaian_pct": PERCENT, "capaian_pct": PERCENT}


@dataclass(frozen=True)
class SheetSpec:
    name: str  # the sheet's title (tab)
    title: str  # heading, with {year}
    model: str  # a monitoring model (models.py), or any year-partitioned table when ``sql`` is given
    columns: Mapping[str, str]  # column -> header
    notes: tuple[str, ...]
    where: str = ""
    widths: Mapping[str, float] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    sql: str = ""  # a SELECT of another domain's table, with {year}
    status_fills: Mapping[str, PatternFill] = field(default_factory=dict)  # status -> fill of the Status cell
    warned_fill: PatternFill | None = None  # fill of the realisasi and warnings of a row whose value is warned
    # Numbers are written as numbers: a shown text column -> the numeric column whose value, where it has one,
    # is written instead (a target of 12 is the number 12; "80 - 100" or "Ya" stay text) ...
    numbers: Mapping[str, str] = field(default_factory=dict)
    # ... and code columns whose all-digit values are whole numbers (area 1 is 1; QW stays QW).
    whole_numbers: tuple[str, ...] = ()
    # A shown column -> the column holding its cell's hyperlink: a URL, or "#<n>" for the n-th row of the
    # File Bukti sheet (the workbook resolves it to that row's cell)
    links: Mapping[str, str] = field(default_factory=dict)

    def query(self, year: int) -> str:
        return self.sql.format(year=int(year)) if self.sql else model_query(self.model, year, self.where)

    def frame(self, conn: duckdb.DuckDBPyConnection, year: int, keep: tuple[str, ...] = ()) -> pd.DataFrame:
        """The sheet's rows of ``year``, its columns in order (then ``keep``, columns of the table not shown)."""
        df = read_table(conn, self.query(year))
        for shown, number in self.numbers.items():
            df[shown] = df[number].astype(object).where(df[number].notna(), df[shown])
        for column in self.whole_numbers:
            digits = df[column].astype("str").str.fullmatch(r"\d+") & df[column].notna()
            df[column] = df[column].astype(object).where(~digits, pd.to_numeric(df[column], errors="coerce"))
        return df[[*self.columns, *(c for c in keep if c not in self.columns)]]


PER_AREA = SheetSpec(
    name="Per Area",
    title="Capaian Rencana Aksi per Area, Tahun {year}",
    model="capaian_rollup",
    where="level = 'area'",
    columns={"area_no": "No", "area": "Area", **COUNTS, **MEAN},
    widths={"area_no": 6, "area": 40},
    formats=PERCENTS,
    whole_numbers=("area_no",),
    notes=ROLLUP_RULES,
)
PER_SUBPROGRAMME = SheetSpec(
    name="Per Sub-Program",
    title="Capaian Rencana Aksi per Sub-Program, Tahun {year}",
    model="capaian_rollup",
    where="level = 'subprogram'",
    columns={"area_no": "No", "area": "Area", "sub_no": "Sub", "sub_programme": "Sub-Program", **COUNTS, **MEAN},
    widths={"area_no": 6, "area": 30, "sub_no": 6, "sub_programme": 40},
    formats=PERCENTS,
    whole_numbers=("area_no", "sub_no"),
    notes=ROLLUP_RULES,
)
PER_UNIT = SheetSpec(
    name="Per Unit",
    title="Capaian dan Pengiriman Laporan per Unit, Tahun {year}",
    model="unit_summary",
    columns={
        "unit": "Kode Unit",
        "unit_name": "Unit",
        "submission_status": "Status Pengiriman",
        "submitted_at_local": "Waktu Berkas ({zone})",
        **COUNTS,
        "supporting": "Pendukung (tidak dinilai)",
        **MEAN,
        "rows_accepted": "Baris Diterima",
        "rows_refused": "Baris Ditolak",
    },
    widths={"unit": 13, "unit_name": 32, "submission_status": 16, "submitted_at_local": 17},
    formats={**PERCENTS, "submitted_at_local": DATETIME},
    notes=(
        "Status pengiriman dibandingkan dengan batas waktu (hari terakhir, {zone}) di sources/collection.toml: "
        "Tepat Waktu, Terlambat, atau Belum Mengirim (tidak ada berkas yang berlaku).",
        "Setiap baris unit adalah satu indikator unit itu. Pada indikator bersama dengan aturan 'lead', hanya unit "
        "yang disebut pertama yang dinilai; unit lain tercatat sebagai Pendukung dan tidak dinilai.",
        *ROLLUP_RULES[1:],
    ),
)
EVIDENCE_ORDER = "unit, code, id"  # the File Bukti sheet's rows; the detail's "<n> file" links to a row by it
# The detail's rows with their evidence files: one file by its name (linked to the portal), several as "<n> file"
# (linked to the first of them in the File Bukti sheet).
DETAIL_SQL = (
    "SELECT c.*, e.files AS evidence_count, "
    "CASE WHEN e.files = 1 THEN e.first_name WHEN e.files > 1 THEN CAST(e.files AS VARCHAR) || ' file' END AS evidence_label, "
    "CASE WHEN e.files = 1 THEN e.first_url WHEN e.files > 1 THEN '#' || CAST(e.first_position AS VARCHAR) END AS evidence_link "
    "FROM capaian AS c LEFT JOIN ("
    "SELECT unit, code, count(*) AS files, arg_min(original_name, id) AS first_name, arg_min(url, id) AS first_url, "
    "min(position) AS first_position FROM ("
    f"SELECT *, row_number() OVER (ORDER BY {EVIDENCE_ORDER}) AS position FROM evidence_files WHERE year = {{year}}"
    ") GROUP BY unit, code) AS e USING (unit, code) "
    f"WHERE c.year = {{year}} ORDER BY {MODELS['capaian'].order_by}"
)
DETAIL = SheetSpec(
    name="Rincian Indikator",
    title="Rincian Capaian Indikator per Unit Penanggung Jawab, Tahun {year}",
    model="capaian",
    sql=DETAIL_SQL,
    columns={
        "code": "Kode",
        "area": "Area",
        "indicator": "Indikator",
        "unit_name": "Penanggung Jawab",
        "role": "Peran",
        "target_label": "Target",
        "target_unit": "Satuan",
        "realisasi": "Realisasi",
        "capaian_pct": "Capaian (%)",
        "predikat": "Predikat",
        "status": "Status",
        "bukti_dukung": "Bukti Dukung",
        "evidence_label": "File Bukti Dukung",
        "kendala": "Kendala",
        "solusi": "Solusi",
        "rencana_tindak_lanjut": "Rencana Tindak Lanjut",
        "plausibility_warning": "Peringatan Kewajaran",
    },
    links={"evidence_label": "evidence_link"},
    widths={
        "code": 9,
        "area": 22,
        "indicator": 45,
        "unit_name": 24,
        "role": 11,
        "target_label": 12,
        "realisasi": 11,
        "status": 16,
        "bukti_dukung": 30,
        "evidence_label": 24,
        "kendala": 30,
        "solusi": 30,
        "rencana_tindak_lanjut": 30,
        "plausibility_warning": 45,
    },
    formats={**PERCENTS, "realisasi": NUMBER, "target_label": NUMBER},
    numbers={"target_label": "target_number"},
    warned_fill=WARNING_FILL,
    notes=(
        "Satu baris per indikator yang dijadwalkan tahun ini dan per unit penanggung jawab; target adalah target tahunan.",
        "Jumlah, persen, anggaran: capaian = realisasi / target x 100, tidak dibatasi; Tercapai bila capaian >= 100%. "
        "Rentang: Tercapai bila realisasi di antara batas bawah dan atas, tanpa persen. Kualitatif: 1 = Ya (Tercapai), "
        "0 = Tidak (Belum Tercapai), tanpa persen. Target tidak terukur: realisasi ditampilkan, tidak dinilai.",
        "Belum Dilaporkan: dijadwalkan tetapi tidak ada baris yang berlaku (bukan nol). Peran: Tunggal, Bersama "
        "(aturan 'each': setiap unit melapor sendiri), Utama dan Pendukung (aturan 'lead': unit pertama yang dinilai).",
        ROLLUP_RULES[3],
        "Peringatan Kewajaran (kuning): nilai yang diragukan menurut sources/monitoring/plausibility_rules.csv; nilai "
        "tetap dihitung. Periksa dengan unitnya; unit menerima peringatan yang sama di berkas umpan baliknya.",
        "File Bukti Dukung: file yang dilampirkan unit pada baris itu melalui portal. Satu file: namanya, tertaut ke "
        "portal (perlu login analis, Tim PMPRB atau unitnya). Beberapa file: jumlahnya, tertaut ke sheet File Bukti.",
    ),
)
OUTCOMES = SheetSpec(
    name="Indikator Hasil",
    title="Indikator Hasil Road Map terhadap Targetnya, Tahun {year}",
    model="outcome_status",
    sql="SELECT *, coalesce(value_text, CAST(value AS VARCHAR)) AS shown, "
    "CASE WHEN value_text IS NULL THEN value END AS value_number, TRY_CAST(target AS DOUBLE) AS target_number "
    "FROM outcome_status WHERE year = {year} ORDER BY rowid",
    columns={
        "area_no": "Area",
        "indicator": "Indikator Hasil",
        "target_text": "Target (Road Map)",
        "target": "Target",
        "shown": "Nilai",
        "gap": "Selisih",
        "status": "Status",
        "source_document": "Dokumen Sumber",
    },
    widths={"indicator": 45, "target_text": 40, "source_document": 40, "status": 18},
    formats={"gap": NUMBER, "target": NUMBER, "shown": NUMBER},
    numbers={"target": "target_number", "shown": "value_number"},
    whole_numbers=("area_no",),
    status_fills={"Tercapai": OK_FILL, "Belum Tercapai": ERROR_FILL, "Belum Dilaporkan": WARNING_FILL},
    notes=(
        "Nilai diambil dari formulir Indikator Hasil yang diisi Bagian Organisasi berdasarkan dokumen resmi.",
        "Target predikat (AKIP, Opini BPK) dibandingkan menurut peringkat; selisih predikat dihitung dalam jumlah tingkat.",
        "Indeks RB di sini adalah hasil resmi KemenPAN-RB, bukan hasil penilaian mandiri PMPRB.",
    ),
)
MISSING = SheetSpec(
    name="Belum Melapor",
    title="Indikator yang Belum Dilaporkan, Tahun {year}",
    model="missing_reports",
    columns={
        "unit": "Kode Unit",
        "unit_name": "Unit",
        "code": "Kode",
        "indicator": "Indikator",
        "role": "Peran",
        "target_label": "Target",
        "target_unit": "Satuan",
        "cause": "Penyebab",
    },
    widths={"unit": 13, "unit_name": 30, "indicator": 50, "cause": 50},
    formats={"target_label": NUMBER},
    numbers={"target_label": "target_number"},
    notes=(
        "Setiap indikator yang dijadwalkan untuk unit tetapi tidak memiliki baris realisasi yang berlaku.",
        "Penyebab: unit belum mengirim berkas yang berlaku, baris ditolak (lihat sheet Ditolak), atau indikator "
        "tidak diisi dalam berkas unit. Belum dilaporkan tidak sama dengan nol dan tidak masuk rata-rata.",
    ),
)
REFUSED = SheetSpec(
    name="Ditolak",
    title="Berkas dan Baris yang Ditolak, Tahun {year}",
    model="refused_rows",
    columns={
        "level": "Jenis",
        "unit": "Kode Unit",
        "unit_name": "Unit",
        "file": "Berkas",
        "row": "Baris",
        "code": "Kode",
        "raw_value": "Nilai Diisi",
        "reason": "Alasan",
    },
    widths={"level": 9, "unit": 13, "unit_name": 26, "file": 50, "row": 7, "raw_value": 14, "reason": 60},
    notes=(
        "Berkas: seluruh berkas ditolak (misalnya rusak atau bukan formulir yang benar). Baris: satu baris dari "
        "berkas yang berlaku ditolak; baris lain dari berkas itu tetap diterima.",
        "Unit memperbaiki berkasnya dan mengirim ulang; berkas umpan balik ada di outputs/<tahun>/feedback/.",
    ),
)
EVIDENCE = SheetSpec(
    name="File Bukti",
    title="File Bukti Dukung yang Dilampirkan Unit melalui Portal, Tahun {year}",
    model="evidence_files",
    sql="SELECT e.*, coalesce(u.name, e.unit) AS unit_name, i.indicator, round(e.size_bytes / 1024, 1) AS size_kb "
    "FROM evidence_files AS e LEFT JOIN units AS u ON u.code = e.unit "
    "LEFT JOIN roadmap_indicators AS i ON i.code = e.code "
    f"WHERE e.year = {{year}} ORDER BY {EVIDENCE_ORDER}",
    columns={
        "unit": "Kode Unit",
        "unit_name": "Unit",
        "code": "Kode",
        "indicator": "Indikator",
        "original_name": "Nama File",
        "size_kb": "Ukuran (KB)",
        "attached_at_local": "Waktu Unggah ({zone})",
    },
    widths={
        "unit": 13,
        "unit_name": 28,
        "code": 9,
        "indicator": 45,
        "original_name": 40,
        "size_kb": 11,
        "attached_at_local": 17,
    },
    formats={"size_kb": "#,##0.0", "attached_at_local": DATETIME},
    links={"original_name": "url"},
    notes=(
        "Setiap file bukti dukung yang dilampirkan unit pada barisnya melalui portal, per unit dan kode indikator.",
        "Nama file tertaut ke portal: file dibuka setelah login sebagai analis, Tim PMPRB atau unit pemiliknya.",
        "File yang dilampirkan pada kode yang bukan indikator unit tahun ini, atau yang filenya tidak ditemukan, "
        "tidak dicantumkan (lihat metadata aset evidence_files di Dagster).",
    ),
)
TABLE_SHEETS = [PER_AREA, PER_SUBPROGRAMME, PER_UNIT, DETAIL, OUTCOMES, MISSING, REFUSED, EVIDENCE]

SUMMARY_NOTES = (
    "Ringkasan pemantauan Rencana Aksi Road Map Reformasi Birokrasi (BAB IV: pemantauan tahunan per area dan "
    "program, evaluasi per unit penanggung jawab).",
    *ROLLUP_RULES,
)


def headline(conn: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The Ringkasan figures as rows (Uraian, Nilai): the year's roll-up and the units' submissions."""
    total = read_table(conn, model_query("capaian_rollup", year, "level = 'tahun'"))
    coverage = read_table(conn, model_query("submission_coverage", year))
    refused = read_table(conn, model_query("refused_rows", year))["level"].value_counts()
    t = total.iloc[0] if len(total) else pd.Series(dtype=object)
    status = coverage["submission_status"].value_counts()
    rows = [
        ("Tahun", year, None),
        ("Indikator dijadwalkan", t.get("scheduled"), None),
        ("Indikator dilaporkan", t.get("reported"), None),
        ("Indikator tercapai", t.get("achieved"), None),
        ("Indikator tercapai (% dari yang dinilai)", t.get("achieved_pct"), PERCENT),
        ("Rata-rata capaian (tiap indikator dibatasi 100%)", t.get("mean_capaian_pct"), PERCENT),
        ("Predikat", t.get("predikat"), None),
        ("Indikator belum tercapai", t.get("not_achieved"), None),
        ("Indikator target tidak terukur", t.get("unmeasured"), None),
        ("Indikator belum dilaporkan", t.get("not_reported"), None),
        ("Indikator tidak dijadwalkan tahun ini", t.get("not_scheduled"), None),
        ("Nilai berperingatan kewajaran (sudah termasuk dalam angka di atas)", t.get("warned_values"), None),
        ("Batas waktu pengiriman", coverage["deadline"].iloc[0] if len(coverage) else None, DATE),
        ("Unit penanggung jawab", len(coverage), None),
        ("Unit melapor tepat waktu", int(status.get("Tepat Waktu", 0)), None),
        ("Unit melapor terlambat", int(status.get("Terlambat", 0)), None),
        ("Unit belum mengirim", int(status.get("Belum Mengirim", 0)), None),
        ("Baris diterima", int(coverage["rows_accepted"].sum()), None),
        ("Baris ditolak", int(refused.get("Baris", 0)), None),
        ("Berkas ditolak seluruhnya", int(refused.get("Berkas", 0)), None),
    ]
    return pd.DataFrame(rows, columns=["label", "value", "format"])
