"""The collection status workbook Bagian Organisasi uses to chase units while collection is open."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import Workbook

from assets.forms.receipts import BASIS_LABELS, SAMPLE
from assets.forms.sheet import ERROR_FILL, OK_FILL, WARNING_FILL
from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.reports.print_layout import print_workbook
from assets.reports.table_sheet import DATETIME, TableSpec, write_table_sheet

SQL_DIR = Path(__file__).resolve().parent
SQL = (SQL_DIR / "collection_status.sql").read_text(encoding="utf-8")
TIMELINESS_SQL = (SQL_DIR / "submission_timeliness.sql").read_text(encoding="utf-8")
ON_TIME, LATE, NOT_SENT = "Tepat Waktu", "Terlambat", "Belum Mengirim"  # submission_timeliness.sql
SCHEMA = {
    "year": "INTEGER",
    "unit_code": "VARCHAR",
    "unit_name": "VARCHAR",
    "indicators": "INTEGER",
    "status": "VARCHAR",
    "first_sent_local": "TIMESTAMP",
    "in_force_sent_local": "TIMESTAMP",
    "file_in_force": "VARCHAR",
    "time_note": "VARCHAR",
    "versions": "INTEGER",
    "rejected_files": "INTEGER",
    "last_rejection": "VARCHAR",
    "rows_accepted": "INTEGER",
    "rows_refused": "INTEGER",
    "deadline": "DATE",
    "clerk_name": "VARCHAR",
    "clerk_phone": "VARCHAR",
}
STATUS_FILLS = {NOT_SENT: ERROR_FILL, LATE: WARNING_FILL, ON_TIME: OK_FILL}
UNITS = TableSpec(
    headers={
        "unit_code": "Kode Unit",
        "unit_name": "Unit Kerja",
        "indicators": "Jumlah Indikator",
        "status": "Status",
        "first_sent_local": "Kiriman Pertama ({zone})",
        "in_force_sent_local": "Kiriman Berlaku ({zone})",
        "file_in_force": "File Berlaku",
        "time_note": "Catatan Waktu Kirim",
        "versions": "Jumlah Versi",
        "rejected_files": "File Ditolak",
        "last_rejection": "Alasan Penolakan File Terakhir",
        "rows_accepted": "Baris Diterima",
        "rows_refused": "Baris Ditolak",
        "clerk_name": "Petugas",
        "clerk_phone": "Telepon",
    },
    widths={
        "unit_name": 30,
        "status": 16,
        "file_in_force": 40,
        "time_note": 40,
        "last_rejection": 40,
        "first_sent_local": 18,
        "in_force_sent_local": 18,
    },
    formats={"first_sent_local": DATETIME, "in_force_sent_local": DATETIME},
    fill=lambda r: {"status": STATUS_FILLS[r["status"]]} if r["status"] in STATUS_FILLS else {},
)
FILES = TableSpec(
    headers={
        "file": "File",
        "unit_code": "Kode Unit",
        "received_local": "Diterima ({zone})",
        "received_basis": "Dasar Waktu Diterima",
        "status": "Status",
        "reason": "Alasan",
    },
    widths={"file": 50, "reason": 60, "received_local": 18, "received_basis": 28, "status": 12},
    formats={"received_local": DATETIME},
)
SENT_RULE = (  # the rule for "when a unit sent", as the rekap states it (README says the same)
    "Waktu kirim sebuah file = saat pipeline pertama kali menerima atau melihat isinya (sidik sha256), dicatat sekali "
    "di gudang data dan tidak berubah lagi:",
    "menyalin, menyentuh (touch), memulihkan cadangan, menimpa dengan isi yang sama atau memindahkan file ke subfolder "
    "lain tidak mengubahnya.",
    "File yang sudah ada saat kotak masuk tahun itu pertama kali diperiksa memakai waktu filenya saat itu (lihat "
    "Catatan Waktu Kirim). Masa pengumpulan dibuka 1 Januari tahun berikutnya.",
    "Ketepatan waktu dinilai dari kiriman pertama yang dapat dibaca; kiriman ulang yang lebih baru menggantikan isinya "
    "tetapi tidak mengubah ketepatan waktu. Aturan yang sama dipakai di workbook monitoring.",
)


def timeliness_description() -> str:
    """The rule for being on time, as the SQL file's header states it."""
    lines = [line[2:].removeprefix(" ") for line in TIMELINESS_SQL.splitlines() if line.startswith("--")]
    return "\n".join(lines).strip()


def sample_note(files: pd.DataFrame) -> str:
    """Whether any file in force is sample data (written by samples/generator.py), as the rekap says it."""
    samples = int(((files["status"] == "berlaku") & (files["received_basis"] == SAMPLE)).sum())
    if not samples:
        return "Tidak ada berkas data contoh yang berlaku: semua angka berasal dari kiriman unit."
    return (
        f"PERHATIAN: {samples} berkas yang berlaku adalah DATA CONTOH (samples/generator.py), bukan laporan unit; "
        "jangan dipakai sebagai data pemda."
    )


def collection_status(conn: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    return conn.execute(SQL, {"year": year}).df()


def build_workbook(
    status: pd.DataFrame,
    files: pd.DataFrame,
    year: int,
    deadline: dt.date | None,
    government: str,
    clock: LocalTime = DEFAULT_CLOCK,
) -> Workbook:
    """The rekap; ``clock`` is the road map's local time (the times' zone and its label in the headers)."""
    wb = Workbook()
    counts = status["status"].value_counts()
    due = deadline.strftime("%d/%m/%Y") if deadline else "belum ditetapkan"
    notes = [
        f"Batas waktu: {due}. Tepat waktu: {counts.get(ON_TIME, 0)}, terlambat: {counts.get(LATE, 0)}, "
        f"belum mengirim: {counts.get(NOT_SENT, 0)} dari {len(status)} unit.",
        *SENT_RULE,
        sample_note(files),
    ]
    write_table_sheet(
        wb.active,
        status,
        replace(UNITS, headers=clock.headers(UNITS.headers)),
        title=f"REKAP PENGUMPULAN REALISASI TAHUN {year}",
        notes=notes,
    )
    wb.active.title = "Rekap Pengumpulan"
    shown = files.assign(
        received_local=files["first_seen"] + pd.Timedelta(hours=clock.utc_offset_hours),
        received_basis=files["received_basis"].map(BASIS_LABELS),
    )
    write_table_sheet(
        wb.create_sheet("Semua File"),
        shown,
        replace(FILES, headers=clock.headers(FILES.headers)),
        title=f"SEMUA FILE DI KOTAK MASUK {year}",
        notes=["Status: berlaku, digantikan, ditolak, duplikat, diabaikan."],
    )
    print_workbook(wb, government, year)
    return wb
