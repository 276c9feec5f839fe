"""The feedback workbook: a whole submission sent back with a note on every row.

Same Identitas, every row read (accepted rows marked OK), a ``Catatan
Validasi`` column and the offending cells highlighted. It is itself a valid
submission: the clerk fixes the red cells and sends it back. Works for any
form layout (the units' Realisasi, the Indikator Hasil).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from assets.forms.identity import FormIdentity
from assets.forms.layouts import CODE_HEADER, FormLayout
from assets.forms.sheet import ERROR_FILL, OK_FILL, WARNING_FILL, FormRow
from assets.forms.write import build_form

CODE_REASONS = {"CODE_MISSING", "CODE_UNKNOWN", "UNIT_NOT_RESPONSIBLE", "NOT_SCHEDULED", "CODE_REPEATED"}
PETUNJUK = [
    "1. File ini adalah kiriman Anda yang sudah diperiksa. Kolom 'Catatan Validasi' menjelaskan setiap baris: OK berarti baris diterima.",
    "2. Sel berwarna merah perlu diperbaiki; baris tersebut belum dihitung. Sel berwarna kuning adalah peringatan: baris tetap dihitung.",
    "3. Perbaiki sel merah, lalu kirim kembali file ini ke Bagian Organisasi. File yang dikirim kembali menggantikan kiriman sebelumnya secara keseluruhan, jadi jangan menghapus baris yang sudah OK.",
    "4. Baris dengan kode yang muncul lebih dari sekali: sisakan satu baris saja. Baris dengan kode yang bukan milik Anda: hapus barisnya.",
]


@dataclass(frozen=True)
class FeedbackForm:
    """How one form shows a row: its locked cells, its validation and comments, its value."""

    layout: FormLayout
    fixed_values: Callable[[Mapping], list]  # catalogue row -> the locked cells after Kode's
    validation_for: Callable[[Mapping], str]
    comments_for: Callable[[Mapping], dict[int, str]]
    shown_value: Callable[[Mapping, Mapping | None], object]  # accepted record, catalogue row -> cell value
    validations: Callable[[], dict[str, DataValidation]]


def build_feedback(
    form: FeedbackForm,
    identity: FormIdentity,
    accepted: pd.DataFrame,
    refused: pd.DataFrame,
    catalogue: Mapping[str, Mapping],
) -> Workbook:
    """``accepted``/``refused``: this file's rows (accepted with a ``value`` column); ``catalogue``: code -> row."""
    layout = form.layout
    code_at, value_at = layout.column(CODE_HEADER), layout.value_index
    evidence_at = layout.column(layout.evidence_header)
    locked = value_at - 1
    rows = []
    for record in _in_sheet_order(accepted, refused):
        info = catalogue.get(record["code"] or "")
        fixed = form.fixed_values(info)[1:] if info else [None] * locked
        inputs = [record.get(f) for f in layout.fields.values()]
        highlight: dict[int, PatternFill] = {}
        if record["refused"]:
            note = f"DITOLAK: {record['reason']}"
            highlight[code_at if record["reason_code"] in CODE_REASONS else value_at] = ERROR_FILL
            shown = record["raw_value"] or None
        else:
            warning = record.get("warnings")
            note = "OK" + (f" (peringatan: {warning})" if pd.notna(warning) else "")
            highlight[value_at] = OK_FILL
            if pd.notna(warning):
                highlight[evidence_at] = WARNING_FILL
            shown = form.shown_value(record, info)
        rows.append(
            FormRow(
                values=[record["code"], *fixed, shown, *inputs, note],
                validation=form.validation_for(info) if info else None,
                comments=form.comments_for(info) if info else {},
                highlight=highlight,
            )
        )
    return build_form(
        layout, identity, rows, form.validations(), "CATATAN VALIDASI", PETUNJUK, columns=layout.with_notes()
    )


def _in_sheet_order(accepted: pd.DataFrame, refused: pd.DataFrame) -> list[dict]:
    ok = accepted.assign(refused=False).to_dict("records")
    bad = refused.assign(refused=True).to_dict("records")
    return sorted(ok + bad, key=lambda r: int(r["row"]))
