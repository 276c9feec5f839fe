"""The Indikator Hasil sheet of the monitoring workbook: each outcome against its target."""

from __future__ import annotations

import duckdb
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.sheet import ERROR_FILL, OK_FILL, WARNING_FILL
from assets.monitoring.workbook import ExtraSheet
from assets.reports.table_sheet import TableSpec, write_table_sheet

SHEET = "Indikator Hasil"
FILLS = {"Tercapai": OK_FILL, "Belum Tercapai": ERROR_FILL, "Belum Dilaporkan": WARNING_FILL}
SPEC = TableSpec(
    headers={
        "area_no": "Area", "indicator": "Indikator Hasil", "target_text": "Target (Road Map)", "target": "Target",
        "shown": "Nilai", "gap": "Selisih", "status": "Status", "source_document": "Dokumen Sumber",
    },
    widths={"indicator": 45, "target_text": 40, "source_document": 40, "status": 18},
    formats={"gap": "0.00"},
    fill=lambda r: {"status": FILLS[r["status"]]} if r["status"] in FILLS else {},
)  # fmt: skip
NOTES = [
    "Nilai diambil dari formulir Indikator Hasil yang diisi Bagian Organisasi berdasarkan dokumen resmi.",
    "Target predikat (AKIP, Opini BPK) dibandingkan menurut peringkat; selisih predikat dihitung dalam jumlah tingkat.",
    "Indeks RB di sini adalah hasil resmi KemenPAN-RB, bukan hasil penilaian mandiri PMPRB.",
]


def indikator_hasil_sheets(conn: duckdb.DuckDBPyConnection, year: int) -> list[ExtraSheet]:
    """The sheet, empty (with its header) before any outcome status exists."""
    exists = conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'outcome_status'").fetchone()[0]
    sql = "SELECT *, coalesce(value_text, CAST(value AS VARCHAR)) AS shown FROM outcome_status WHERE year = ?"
    status = conn.execute(sql, [year]).df() if exists else pd.DataFrame(columns=list(SPEC.headers))

    def write(ws: Worksheet) -> None:
        write_table_sheet(ws, status, SPEC, title=f"INDIKATOR HASIL TAHUN {year}", notes=NOTES)

    return [ExtraSheet(SHEET, write)]
