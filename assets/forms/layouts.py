"""What a form looks like: its name, sheet, columns, and which column holds the answer.

Every form the pipeline sends out and reads back (the units' Realisasi, the
Indikator Hasil) is one layout; templates, the row reader and the feedback
workbook work from it, so the forms share one code path.
"""

from __future__ import annotations

from dataclasses import dataclass

from assets.forms.sheet import Column
from assets.forms.probe import FormSpec

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
