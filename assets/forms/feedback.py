"""The feedback workbook: a whole submission sent back with a note on every row.

Same Identitas, every row read with everything the clerk wrote in it (every
input column and its hyperlinks, refused rows too), a ``Catatan Validasi``
column and the offending cells highlighted. It is itself a valid submission:
the clerk fixes the red cells and sends it back. A row the unit must remove
(a repeated code, another unit's or an unknown code) has its ``Hapus Baris``
cell open, with the single choice "HAPUS BARIS INI"; the reader skips a row so
marked. Works for any form layout (the units' Realisasi, the Indikator Hasil).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from assets.forms.identity import FormIdentity
from assets.forms.layouts import CODE_HEADER, DELETE_HEADER, DELETE_MARK, FormLayout
from assets.forms.parsing import links_of
from assets.forms.sheet import ERROR_FILL, OK_FILL, WARNING_FILL, FormRow
from assets.forms.write import build_form

CODE_REASONS = {
    "CODE_MISSING",
    "CODE_UNKNOWN",
    "UNIT_NOT_RESPONSIBLE",
    "NOT_SCHEDULED",
    "CODE_REPEATED",
}  # remove the row
REMOVE_NOTES = {  # what the clerk does with a row to remove, by reason
    "CODE_REPEATED": f"Sisakan satu baris untuk kode ini dan pilih {DELETE_MARK} di kolom {DELETE_HEADER} pada baris lainnya.",
    "": f"Baris ini tidak dapat diperbaiki: pilih {DELETE_MARK} di kolom {DELETE_HEADER}.",
}
PETUNJUK = [
    "1. File ini adalah kiriman Anda yang sudah diperiksa, lengkap dengan semua isian Anda (termasuk tautan bukti dukung). Kolom 'Catatan Validasi' menjelaskan setiap baris: OK berarti baris diterima.",
    "2. Sel berwarna merah perlu diperbaiki; baris tersebut belum dihitung. Sel berwarna kuning adalah peringatan: baris tetap dihitung.",
    "3. Perbaiki sel merah, lalu kirim kembali file ini ke Bagian Organisasi. File yang dikirim kembali menggantikan kiriman sebelumnya secara keseluruhan, jadi jangan menghapus baris yang sudah OK.",
    f"4. Baris dengan kode yang bukan milik Anda, kode yang tidak dikenal atau tanpa kode: pilih '{DELETE_MARK}' di kolom '{DELETE_HEADER}' pada baris itu (sel putih). Kode yang muncul lebih dari sekali: sisakan satu baris yang benar dan pilih '{DELETE_MARK}' pada baris lainnya. Baris yang ditandai dianggap dihapus saat file dikirim kembali; baris lain tidak berubah.",
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
    columns = layout.with_notes()
    delete_at = len(columns) - 1
    locked = value_at - 1
    at = {f: layout.column(h) for h, f in layout.fields.items()}
    rows = []
    for record in _in_sheet_order(accepted, refused):
        info = catalogue.get(record["code"] or "")
        fixed = form.fixed_values(info)[1:] if info else [None] * locked
        inputs = [_written(record.get(f)) for f in layout.fields.values()]
        highlight: dict[int, PatternFill] = {}
        unlocked: frozenset[int] = frozenset()
        if record["refused"]:
            note = f"DITOLAK: {record['reason']}"
            remove = record["reason_code"] in CODE_REASONS
            highlight[code_at if remove else value_at] = ERROR_FILL
            if remove:
                how = REMOVE_NOTES.get(record["reason_code"], REMOVE_NOTES[""])
                note, unlocked = f"{note} {how}", frozenset({delete_at})
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
                values=[record["code"], *fixed, shown, *inputs, note, None],
                validation=form.validation_for(info) if info else None,
                comments=form.comments_for(info) if info else {},
                highlight=highlight,
                links={at[f]: target for f, target in links_of(record).items() if f in at},
                unlocked=unlocked,
            )
        )
    wb = build_form(layout, identity, rows, form.validations(), "CATATAN VALIDASI", PETUNJUK, columns=columns)
    _removal_choice(wb[layout.sheet], rows, delete_at)
    return wb


def _removal_choice(ws, rows: list[FormRow], delete_at: int) -> None:
    """The single choice DELETE_MARK on every open Hapus Baris cell."""
    cells = [ws.cell(row=i, column=delete_at + 1).coordinate for i, r in enumerate(rows, start=2) if r.unlocked]
    if not cells:
        return
    choice = DataValidation(
        type="list",
        formula1=f'"{DELETE_MARK}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Pilihan tidak valid",
        error=f"Pilih {DELETE_MARK} untuk menghapus baris ini, atau biarkan kosong.",
    )
    ws.add_data_validation(choice)
    for cell in cells:
        choice.add(cell)


def _written(value: object) -> object:
    """What the clerk wrote, as it is written back: missing stays empty."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def _in_sheet_order(accepted: pd.DataFrame, refused: pd.DataFrame) -> list[dict]:
    ok = accepted.assign(refused=False).to_dict("records")
    bad = refused.assign(refused=True).to_dict("records")
    return sorted(ok + bad, key=lambda r: int(r["row"]))
