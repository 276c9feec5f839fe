"""The feedback workbook: the unit's whole submission with a note on every row.

Same Identitas, every row read (accepted rows marked OK), a ``Catatan
Validasi`` column and the offending cells highlighted. It is itself a valid
submission: the clerk fixes the red cells and sends it back.
"""

from __future__ import annotations

from typing import Mapping

import pandas as pd
from openpyxl import Workbook

from assets.forms.identity import FormIdentity, write_identity
from openpyxl.styles import PatternFill

from assets.forms.sheet import ERROR_FILL, OK_FILL, Column, FormRow, instructions_sheet, write_form_sheet
from assets.submissions import template

NOTE = "Catatan Validasi"
COLUMNS = [*template.COLUMNS, Column(NOTE, 60, locked=True)]
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
CODE_REASONS = {"CODE_MISSING", "CODE_UNKNOWN", "UNIT_NOT_RESPONSIBLE", "NOT_SCHEDULED", "CODE_REPEATED"}
KODE, REALISASI, BUKTI = 0, template.REALISASI, template.HEADERS.index("Bukti Dukung")
PETUNJUK = [
    "1. File ini adalah kiriman Anda yang sudah diperiksa. Kolom 'Catatan Validasi' menjelaskan setiap baris: OK berarti baris diterima.",
    "2. Sel berwarna merah perlu diperbaiki; baris tersebut belum dihitung. Sel berwarna kuning adalah peringatan: baris tetap dihitung.",
    "3. Perbaiki sel merah, lalu kirim kembali file ini ke Bagian Organisasi. File yang dikirim kembali menggantikan kiriman sebelumnya secara keseluruhan, jadi jangan menghapus baris yang sudah OK.",
    "4. Baris dengan kode yang muncul lebih dari sekali: sisakan satu baris saja. Baris dengan kode yang bukan milik unit Anda: hapus barisnya.",
]


def build_feedback(
    identity: FormIdentity,
    accepted: pd.DataFrame,
    refused: pd.DataFrame,
    catalogue: Mapping[str, Mapping],
) -> Workbook:
    """``accepted``/``refused``: this file's rows; ``catalogue``: code -> target row (unit_targets)."""
    rows = []
    for record in _in_sheet_order(accepted, refused):
        info = catalogue.get(record["code"] or "")
        fixed = [
            record["code"],
            info["action"] if info else None,
            info["indicator"] if info else None,
            template.target_cell(info) if info else None,
            template.unit_cell(info) if info else None,
        ]
        inputs = [record.get(f) for f in ("bukti_dukung", "kendala", "solusi", "rencana_tindak_lanjut", "keterangan")]
        highlight: dict[int, PatternFill] = {}
        if record["refused"]:
            note = f"DITOLAK: {record['reason']}"
            highlight[KODE if record["reason_code"] in CODE_REASONS else REALISASI] = ERROR_FILL
            shown = record["raw_value"] or None
        else:
            note = "OK" + (f" (peringatan: {record['warnings']})" if pd.notna(record.get("warnings")) else "")
            highlight[REALISASI] = OK_FILL
            if pd.notna(record.get("warnings")):
                highlight[BUKTI] = WARNING_FILL
            shown = _shown(record, info)
        rows.append(
            FormRow(
                values=[*fixed, shown, *inputs, note],
                validation=template.VALIDATION_BY_KIND.get(info["target_kind"], "number") if info else "number",
                comments={template.HEADERS.index("Target"): template.target_comment(info)} if info else {},
                highlight=highlight,
            )
        )
    wb = Workbook()
    ws = wb.active
    ws.title = template.SHEET
    write_form_sheet(ws, COLUMNS, rows, input_column=REALISASI, validations=template.realisasi_validations())
    write_identity(wb, identity)
    instructions_sheet(wb.create_sheet("Petunjuk"), "CATATAN VALIDASI", PETUNJUK)
    return wb


def _in_sheet_order(accepted: pd.DataFrame, refused: pd.DataFrame) -> list[dict]:
    ok = accepted.assign(refused=False).to_dict("records")
    bad = refused.assign(refused=True).to_dict("records")
    return sorted(ok + bad, key=lambda r: int(r["row"]))


def _shown(record: Mapping, info: Mapping | None) -> object:
    value = record.get("realisasi")
    if value is None or pd.isna(value):
        return None
    if info and info["target_kind"] == "qualitative":
        return "Ya" if value == 1 else "Tidak"
    return int(value) if float(value).is_integer() else float(value)
