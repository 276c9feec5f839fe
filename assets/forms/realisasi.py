"""The unit's yearly template: exactly its own indicators, ready to fill in.

Sheet ``Realisasi`` lists one row per indicator the unit answers for that
year, with the annual target (12 for "1 rapat/bulan") and what is counted in
the year; sheet ``Identitas`` says who and which year; sheet ``Petunjuk``
explains how to fill it in.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from assets import xlsx_files
from assets.files import source_digest
from assets.forms.feedback import FeedbackForm
from assets.forms.identity import FormIdentity
from assets.forms.layouts import REALISASI
from assets.forms.sheet import FormRow
from assets.forms.write import build_form
from assets.xlsx_files import save_built_workbook

LAYOUT = REALISASI
PERIOD_WORDS = {"per_month": "bulan", "per_quarter": "triwulan"}

PETUNJUK = [
    "1. Lembar 'Realisasi' memuat indikator Rencana Aksi Road Map Reformasi Birokrasi yang menjadi tanggung jawab unit Anda pada tahun ini. Kolom Kode sampai Satuan dikunci; jangan menambah, menghapus atau mengubah kode.",
    "2. Target adalah target SATU TAHUN. Untuk target per bulan atau per triwulan, target sudah dikalikan menjadi target tahunan (misalnya 1 rapat/bulan = 12 rapat per tahun). Isi Realisasi dengan jumlah selama satu tahun, bukan per bulan.",
    "3. Realisasi diisi dengan angka saja (misalnya 12, 80,5 atau 1.250). Untuk target persen, isi angka persennya (misalnya 95 untuk 95%). Untuk indikator Ya/Tidak, pilih Ya atau Tidak dari daftar.",
    "4. Bukti Dukung: sebutkan nomor dokumen atau tautan (misalnya SK Bupati No. 188/45/403.013/2021). Bukti dukung wajib diisi bila realisasi lebih dari nol.",
    "5. Kendala, Solusi dan Rencana Tindak Lanjut diisi bila target belum tercapai atau ada hambatan.",
    "6. Lengkapi lembar 'Identitas' (nama, NIP dan nomor telepon petugas). Jangan mengubah Unit Kerja dan Tahun.",
    "7. Simpan sebagai file Excel (.xlsx) dan kirimkan ke Bagian Organisasi. Nama file bebas. Bila mengirim ulang, file terbaru menggantikan file sebelumnya secara keseluruhan.",
    "8. Bila ada baris yang ditolak, Anda akan menerima file umpan balik dengan kolom 'Catatan Validasi'. Perbaiki sel yang diberi warna merah lalu kirimkan kembali file tersebut.",
]


def realisasi_validations() -> dict[str, DataValidation]:
    """Excel's own check on the Realisasi cell, by target kind."""

    def number(formula1: str, formula2: str | None, message: str) -> DataValidation:
        operator = "between" if formula2 is not None else "greaterThanOrEqual"
        return DataValidation(
            type="decimal",
            operator=operator,
            formula1=formula1,
            formula2=formula2,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Realisasi tidak valid",
            error=message,
        )

    yes_no = DataValidation(
        type="list",
        formula1='"Ya,Tidak"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Realisasi tidak valid",
        error="Pilih Ya atau Tidak.",
    )
    return {
        "number": number("0", None, "Isi dengan angka 0 atau lebih."),
        "percent": number("0", "100", "Isi dengan angka persen antara 0 dan 100 (misalnya 95)."),
        "yes_no": yes_no,
    }


VALIDATION_BY_KIND = {"percent": "percent", "qualitative": "yes_no"}


def template_rows(targets: pd.DataFrame | Sequence[Mapping]) -> list[FormRow]:
    """One form row per target row (columns of roadmap_targets joined with roadmap_indicators), in road-map order."""
    records = targets.to_dict("records") if isinstance(targets, pd.DataFrame) else list(targets)
    return [
        FormRow(
            values=[*fixed_values(t), *([None] * len(LAYOUT.input_headers))],
            validation=validation_for(t),
            comments=comments_for(t),
        )
        for t in sorted(records, key=lambda t: t["csv_line"])
    ]


def fixed_values(t: Mapping) -> list[object]:
    """The locked columns of a row: Kode, Rencana Aksi, Indikator, Target, Satuan."""
    return [t["code"], t["action"], t["indicator"], target_cell(t), unit_cell(t)]


def validation_for(t: Mapping) -> str:
    return VALIDATION_BY_KIND.get(t["target_kind"], "number")


def comments_for(t: Mapping) -> dict[int, str]:
    return {LAYOUT.column("Target"): target_comment(t)}


def target_cell(t: Mapping) -> object:
    kind = t["target_kind"]
    if kind == "qualitative":
        return "Ya"
    if kind == "range":
        return f"{_num(t['target_min'])} - {_num(t['target_max'])}"
    if kind == "placeholder" or pd.isna(t["target_value"]):
        return "-"
    return _num(t["target_value"])


def unit_cell(t: Mapping) -> str:
    kind, unit = t["target_kind"], t["target_unit"] if pd.notna(t["target_unit"]) else ""
    if kind == "qualitative":
        return "Ya/Tidak"
    if kind == "percent":
        return "persen"
    return f"{unit} per tahun".strip()


def target_comment(t: Mapping) -> str:
    lines = [
        f"Target tertulis di Road Map: {t['target_text'] if pd.notna(t['target_text']) else '(tidak ada angka target)'}"
    ]
    word = PERIOD_WORDS.get(t["target_period"])
    if word and t["period_factor"] > 1:
        lines.append(f"Target per {word} x {int(t['period_factor'])} = target tahunan.")
    if t["target_kind"] == "placeholder":
        lines.append("Target belum ditetapkan di Road Map; isi realisasi apa adanya.")
    if t.get("joint_rule") == "lead" and t.get("unit_order", 1) > 1:
        lines.append(f"Indikator bersama: dilaporkan oleh {t['lead_unit']}; baris ini menjadi bukti pendukung.")
    return "\n".join(lines)


def build_template(identity: FormIdentity, rows: Iterable[FormRow]) -> Workbook:
    return build_form(LAYOUT, identity, list(rows), realisasi_validations(), "PETUNJUK PENGISIAN", PETUNJUK)


def template_version() -> str:
    """A digest of the code that builds a template: this module and every module the workbook is written through."""
    from assets.forms import cell_styles, cell_text, identity, layouts, sheet, signature, write
    from assets.reports import print_layout

    return source_digest(
        sys.modules[__name__],
        sheet,
        cell_text,
        cell_styles,
        identity,
        signature,
        write,
        layouts,
        print_layout,
        xlsx_files,
    )


@dataclass(frozen=True)
class TemplateFile:
    """One unit's template to write: where, for whom, its rows, and the version of the code that builds it."""

    path: Path
    identity: FormIdentity
    rows: tuple[dict, ...]  # the unit's rows of ``unit_targets`` for the year, as records
    code_version: str


def write_template(job: TemplateFile) -> bool:
    """Build and save a unit's template unless its file was saved from the same content; True when built."""
    digest = hashlib.sha256((job.code_version + repr(job.identity) + repr(job.rows)).encode()).hexdigest()
    return save_built_workbook(job.path, digest, lambda: build_template(job.identity, template_rows(job.rows)))


def _num(value: float) -> int | float:
    return int(value) if float(value).is_integer() else float(value)


def shown_value(record: Mapping, info: Mapping | None) -> object:
    """An accepted Realisasi as it is written back into a feedback workbook."""
    value = record.get("value")
    if value is None or pd.isna(value):
        return None
    if info and info["target_kind"] == "qualitative":
        return "Ya" if value == 1 else "Tidak"
    return int(value) if float(value).is_integer() else float(value)


FEEDBACK = FeedbackForm(
    layout=LAYOUT,
    fixed_values=fixed_values,
    validation_for=validation_for,
    comments_for=comments_for,
    shown_value=shown_value,
    validations=realisasi_validations,
)
