"""What a form looks like: its name, sheet, columns, and which column holds the answer.

Every form the pipeline sends out and reads back (the units' Realisasi, the
Indikator Hasil) is one layout; templates, the row reader and the feedback
workbook work from it, so the forms share one code path. The PMPRB worksheet,
whose rows are the instrument's, is a ``WorksheetLayout``.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from assets.forms.sheet import Column
from assets.intake.probe import FormSpec

CODE_HEADER = "Kode"
NOTE_HEADER = "Catatan Validasi"


@dataclass(frozen=True)
class FormLayout:
    form: str  # "Jenis Formulir" in Identitas
    sheet: str
    columns: tuple[Column, ...]
    value_header: str  # the column the clerk answers in
    evidence_header: str  # the column that must back a value up

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

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
        return FormSpec(form=self.form, sheet=self.sheet, required_headers=(CODE_HEADER, self.value_header))

    def with_notes(self) -> tuple[Column, ...]:
        """The columns of the feedback workbook: the form plus the validation note."""
        return (*self.columns, Column(NOTE_HEADER, 60, locked=True))


def field_name(header: str) -> str:
    return header.lower().replace(" ", "_")


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
