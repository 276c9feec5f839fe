"""File-level checks on a submitted workbook, before any row is read.

Each refusal has a stable reason code and a reason in Bahasa Indonesia. The
zip directory is read before anything is inflated, so a zip bomb is refused
without being expanded; a broken file never raises out of here.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from assets.forms.identity import FormIdentity, read_identity
from assets.forms.inbox import REFUSED_REASONS, UNREADABLE
from assets.forms.submitted import SubmittedWorkbook

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
MB = 1024 * 1024
ROWS_UNREADABLE = "FILE_ROWS_UNREADABLE"  # the file checks pass, but its rows cannot be read (``inventory``)
SIGNATURE_MISMATCH = "UNIT_SIGNATURE_MISMATCH"  # signed for another unit, year or deployment (``inventory``)
ROWS_OF_OTHER_UNIT = "ROWS_OF_OTHER_UNIT"  # most rows are another unit's indicators (``inventory``)

REASONS = {
    "FILE_EMPTY": "File kosong (0 byte). Kirim ulang file laporan yang benar.",
    "FILE_TOO_LARGE": "Ukuran file {size} MB melebihi batas {limit} MB.",
    "FILE_UNPACKED_TOO_LARGE": "Isi file setelah diekstrak {size} MB, melebihi batas {limit} MB; file ditolak tanpa dibuka.",
    "FILE_ENCRYPTED": "File dilindungi kata sandi. Buka di Excel, hapus kata sandinya (File > Info > Protect Workbook), simpan, lalu kirim ulang.",
    "FILE_LEGACY_XLS": "File berformat Excel lama (.xls). Buka di Excel lalu simpan sebagai 'Excel Workbook (.xlsx)'.",
    "FILE_NOT_XLSX": "File bukan workbook Excel (.xlsx); mungkin file CSV atau dokumen lain yang diganti namanya. Gunakan template yang dikirim Bagian Organisasi.",
    "FILE_CORRUPT": "File .xlsx rusak atau tidak lengkap dan tidak dapat dibuka. Simpan ulang dari Excel lalu kirim ulang.",
    "IDENTITY_MISSING": "Identitas laporan tidak ditemukan: lembar 'Identitas' tidak ada dan properti workbook kosong. Gunakan template yang dikirim Bagian Organisasi.",
    "FORM_MISMATCH": "Jenis formulir '{found}' bukan '{expected}'; file dikirim ke kotak masuk yang salah.",
    "SHEET_MISSING": "Lembar '{sheet}' tidak ditemukan. Jangan mengganti nama atau menghapus lembar template.",
    "HEADER_MISSING": "Judul kolom {headers} tidak ditemukan di baris pertama lembar '{sheet}'.",
    "TOO_MANY_ROWS": "Lembar '{sheet}' berisi lebih dari {limit} baris.",
    "UNIT_MISSING": "Unit Kerja di lembar Identitas kosong.",
    "UNIT_UNKNOWN": "Unit Kerja '{unit}' tidak dikenal dalam daftar unit. Periksa penulisan nama unit di lembar Identitas.",
    "YEAR_MISMATCH": "Tahun di lembar Identitas ({found}) tidak sama dengan tahun laporan {year}.",
    UNREADABLE: REFUSED_REASONS[UNREADABLE],
    ROWS_UNREADABLE: "Isi lembar '{sheet}' tidak dapat dibaca; simpan ulang file dari Excel lalu kirim ulang. Kiriman sebelumnya tetap berlaku.",
    SIGNATURE_MISMATCH: (
        "File ini dibuat dari template untuk {made_for}, bukan untuk {unit} seperti tertulis di lembar Identitas. "
        "Setiap unit harus memakai template unitnya sendiri: unduh template {unit} tahun {year}, salin isiannya, lalu kirim ulang. "
        "Kiriman sebelumnya tetap berlaku."
    ),
    ROWS_OF_OTHER_UNIT: (
        "{foreign} dari {total} kode indikator dalam file ini adalah tanggung jawab {other}, bukan {unit} seperti tertulis di "
        "lembar Identitas; file ini tampaknya dibuat dari template unit lain. Gunakan template {unit} sendiri lalu kirim ulang. "
        "Kiriman sebelumnya tetap berlaku."
    ),
}
MADE_FOR_OTHER = "unit lain, tahun lain atau instalasi lain"  # {made_for} when no unit of this deployment matches


@dataclass(frozen=True)
class Limits:
    max_file_mb: float = 10
    max_unpacked_mb: float = 50
    max_rows: int = 2000


@dataclass(frozen=True)
class FormSpec:
    """What a file of one form must hold."""

    form: str
    sheet: str
    required_headers: tuple[str, ...]
    header_rows: int = 1  # the header row is searched in the first rows of the sheet


@dataclass(frozen=True)
class Probe:
    reason_code: str | None = None
    reason: str | None = None
    identity: FormIdentity | None = None

    @property
    def ok(self) -> bool:
        return self.reason_code is None


def refuse(code: str, identity: FormIdentity | None = None, **values: object) -> Probe:
    return Probe(code, REASONS[code].format(**values), identity)


def probe(path: Path, spec: FormSpec, limits: Limits) -> Probe:
    try:
        return _probe_file(path, spec, limits)
    except OSError:  # gone or unreadable since the inbox was listed
        return refuse(UNREADABLE)


def _probe_file(path: Path, spec: FormSpec, limits: Limits) -> Probe:
    size = path.stat().st_size
    if size == 0:
        return refuse("FILE_EMPTY")
    if size > limits.max_file_mb * MB:
        return refuse("FILE_TOO_LARGE", size=_mb(size), limit=limits.max_file_mb)
    with open(path, "rb") as f:
        head = f.read(8)
    if head == OLE_MAGIC:
        data = path.read_bytes()
        return refuse("FILE_ENCRYPTED" if ENCRYPTED_STREAM in data else "FILE_LEGACY_XLS")
    if not zipfile.is_zipfile(path):
        return refuse("FILE_CORRUPT" if head.startswith(b"PK\x03\x04") else "FILE_NOT_XLSX")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return refuse("FILE_CORRUPT")
    if unpacked > limits.max_unpacked_mb * MB:
        return refuse("FILE_UNPACKED_TOO_LARGE", size=_mb(unpacked), limit=limits.max_unpacked_mb)
    if "xl/workbook.xml" not in names:
        return refuse("FILE_NOT_XLSX")
    try:
        with SubmittedWorkbook(path) as wb:
            return _probe_workbook(wb, spec, limits)
    except Exception:  # the readers raise many kinds on broken parts
        return refuse("FILE_CORRUPT")


def _probe_workbook(wb: SubmittedWorkbook, spec: FormSpec, limits: Limits) -> Probe:
    identity = read_identity(wb)
    if identity is None:
        return refuse("IDENTITY_MISSING")
    if identity.form and identity.form.strip().lower() != spec.form.lower():
        return refuse("FORM_MISMATCH", identity, found=identity.form, expected=spec.form)
    if spec.sheet not in wb.sheet_names:
        return refuse("SHEET_MISSING", identity, sheet=spec.sheet)
    rows = wb.rows(spec.sheet)
    _, missing = header_row(rows, spec)
    if missing:
        return refuse("HEADER_MISSING", identity, headers=", ".join(f"'{h}'" for h in missing), sheet=spec.sheet)
    if len(rows) - 1 > limits.max_rows:
        return refuse("TOO_MANY_ROWS", identity, sheet=spec.sheet, limit=limits.max_rows)
    return Probe(identity=identity)


def header_row(rows: list, spec: FormSpec) -> tuple[int | None, list[str]]:
    """(index of the first of the sheet's first ``spec.header_rows`` rows holding every required header, []),
    or (None, the headers missing from the closest row). Headers compare in any case, spaces around ignored;
    the readers of a form find their header row with this, so a file accepted here is read the same way."""
    wanted = [h.strip().lower() for h in spec.required_headers]
    closest = list(spec.required_headers)
    for index, header in enumerate(rows[: spec.header_rows]):
        present = {str(h).strip().lower() for h in header if h is not None}
        missing = [h for h, w in zip(spec.required_headers, wanted) if w not in present]
        if not missing:
            return index, []
        if len(missing) < len(closest):
            closest = missing
    return None, closest


def _mb(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",")
