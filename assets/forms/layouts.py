"""What a form looks like: its name, sheet, columns, which column holds the answer, and its inbox.

Every form the pipeline sends out and reads back is one layout, declared
here: the units' Realisasi (:data:`REALISASI`) and the Indikator Hasil
(:data:`INDIKATOR_HASIL`); the PMPRB worksheet, whose rows are the
instrument's, is a :class:`WorksheetLayout` (``assets/pmprb/worksheet.py``). The template writer, the file checks (``spec``),
the row reader and the feedback workbook all work from the same object, and
find a column by its header, never by a position in someone else's list. The
inbox folders (``sources/<inbox>/<year>/``) are named here too, the PMPRB
answers' included.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from assets.forms.probe import FormSpec
from assets.forms.sheet import Column

CODE_HEADER = "Kode"
NOTE_HEADER = "Catatan Validasi"
DELETE_HEADER = "Hapus Baris"  # feedback workbooks only: the clerk removes a row by choosing DELETE_MARK here
DELETE_MARK = "HAPUS BARIS INI"  # a row marked so is the clerk's removal: the reader skips it
SUBMISSIONS_INBOX = "submissions"  # the units' Realisasi workbooks
INDIKATOR_HASIL_INBOX = "indikator_hasil"
PMPRB_INBOX = "pmprb"  # the answered PMPRB worksheets
INBOXES = (SUBMISSIONS_INBOX, INDIKATOR_HASIL_INBOX, PMPRB_INBOX)


@dataclass(frozen=True)
class FormLayout:
    form: str  # "Jenis Formulir" in Identitas
    sheet: str
    columns: tuple[Column, ...]
    value_header: str  # the column the clerk answers in
    evidence_header: str  # the column that must back a value up
    inbox: str = ""  # the folder under the inbox root the filled forms come back to

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, header: str) -> int:
        """The position (0-based) of the column headed ``header``."""
        return self.headers.index(header)

    @property
    def required_headers(self) -> tuple[str, ...]:
        """The headers a returned file must still have for its rows to be read."""
        return (CODE_HEADER, self.value_header)

    @property
    def value_index(self) -> int:
        return self.headers.index(self.value_header)

    @property
    def input_headers(self) -> list[str]:
        """The value column and every column after it: what the clerk fills in."""
        return self.headers[self.value_index :]

    @property
    def fields(self) -> dict[str, str]:
        """Input columns other than the value, as field names: 'Bukti Dukung' -> 'bukti_dukung'."""
        return {h: field_name(h) for h in self.input_headers if h != self.value_header}

    @property
    def spec(self) -> FormSpec:
        return FormSpec(form=self.form, sheet=self.sheet, required_headers=self.required_headers)

    def with_notes(self) -> tuple[Column, ...]:
        """The columns of the feedback workbook: the form, the validation note and the removal mark
        (locked, except on the rows the unit must remove)."""
        return (*self.columns, Column(NOTE_HEADER, 60, locked=True), Column(DELETE_HEADER, 18, locked=True))


def field_name(header: str) -> str:
    return header.lower().replace(" ", "_")


REALISASI = FormLayout(
    form="Realisasi Rencana Aksi Reformasi Birokrasi",
    sheet="Realisasi",
    columns=(
        Column(CODE_HEADER, 10, locked=True, wrap=False),
        Column("Rencana Aksi", 40, locked=True),
        Column("Indikator", 50, locked=True),
        Column("Target", 10, locked=True),
        Column("Satuan", 22, locked=True),
        Column("Realisasi", 12),
        Column("Bukti Dukung", 36),
        Column("Kendala", 30),
        Column("Solusi", 30),
        Column("Rencana Tindak Lanjut", 30),
        Column("Keterangan", 24),
    ),
    value_header="Realisasi",
    evidence_header="Bukti Dukung",
    inbox=SUBMISSIONS_INBOX,
)
INDIKATOR_HASIL = FormLayout(
    form="Indikator Hasil Reformasi Birokrasi",
    sheet="Indikator Hasil",
    columns=(
        Column(CODE_HEADER, 28, locked=True, wrap=False, hidden=True),
        Column("Indikator", 55, locked=True),
        Column("Target", 32, locked=True),
        Column("Satuan / Pilihan", 30, locked=True),
        Column("Instansi Penerbit", 24, locked=True),
        Column("Nilai", 12),
        Column("Dokumen Sumber", 40),
        Column("Keterangan", 30),
    ),
    value_header="Nilai",
    evidence_header="Dokumen Sumber",
    inbox=INDIKATOR_HASIL_INBOX,
)


@dataclass(frozen=True)
class WorksheetLayout:
    """A worksheet whose rows are an instrument's own lines (the PMPRB LKE), under a header row.

    Unlike a ``FormLayout`` only some cells of some rows are filled in; writer
    and reader name the columns by these roles, never by position.
    """

    form: str  # "Jenis Formulir" in Identitas
    sheet: str
    header_row: int  # where the writer puts the header (1-based)
    columns: tuple[Column, ...]
    code_header: str  # the line's code (hidden)
    question_header: str  # the question text, which matches a line when its code is lost
    answer_header: str  # the column the team answers in
    note_header: str  # the team's own note
    header_rows: int = 30  # the reader searches the header row in the first rows of the sheet
    inbox: str = PMPRB_INBOX

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def number(self, header: str) -> int:
        """The 1-based column of ``header``."""
        return self.headers.index(header) + 1

    def letter(self, header: str) -> str:
        return get_column_letter(self.number(header))

    @property
    def spec(self) -> FormSpec:
        """What an answered file must hold: the file check and the reader share it."""
        required = (self.code_header, self.question_header, self.answer_header)
        return FormSpec(form=self.form, sheet=self.sheet, required_headers=required, header_rows=self.header_rows)
