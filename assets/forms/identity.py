"""The Identitas sheet of every form workbook, and the same identity in its properties.

The Identitas sheet is authoritative; the workbook's custom properties are
used only when the sheet is missing; a file with neither has no identity.
The pipeline never trusts a file name. A signed form (``signature.py``) keeps
its template signature in a hidden, locked row of the Identitas sheet and in
the properties.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, Protection

from assets.forms.cell_styles import CellStyles
from assets.forms.cell_text import set_text, xml_safe
from assets.forms.sheet import INPUT_FILL
from assets.reports.print_layout import TEXT, print_sheet

if TYPE_CHECKING:
    from assets.forms.layouts import FormLayout
    from assets.forms.signature import TemplateSigner
    from assets.forms.submitted import SubmittedWorkbook
    from assets.roadmap.identity import RoadmapIdentity

SHEET = "Identitas"
PROPERTY_PREFIX = "rb_"


@dataclass(frozen=True)
class FormIdentity:
    form: str = ""
    unit: str = ""
    unit_code: str = ""
    year: str = ""
    government: str = ""
    catalogue_version: str = ""
    clerk_name: str = ""
    clerk_nip: str = ""
    clerk_phone: str = ""
    signature: str = ""  # the template signature (assets/forms/signature.py), empty on unsigned forms
    source: str = ""  # where it was read: "Identitas" or "properti workbook"

    @classmethod
    def for_unit(
        cls,
        layout: FormLayout,
        roadmap: RoadmapIdentity,
        unit_code: str,
        unit_name: str,
        year: int | str,
        *,
        clerk: Mapping[str, object] | None = None,
        signer: TemplateSigner | None = None,
    ) -> FormIdentity:
        """The identity of ``layout``'s form for one unit and year: every form the pipeline writes is made by this.

        ``clerk`` carries ``clerk_name``/``clerk_nip``/``clerk_phone`` (a feedback workbook keeps the
        clerk of the file it answers); with a ``signer`` the form is signed for the unit and year.
        """
        clerks = {key: _text(value) for key in EDITABLE if not _missing(value := (clerk or {}).get(key))}
        return cls(
            form=layout.form,
            unit=unit_name,
            unit_code=unit_code,
            year=str(year),
            government=roadmap.government,
            catalogue_version=roadmap.catalogue_version,
            **clerks,
            signature=signer.signature(layout.form, unit_code, year) if signer is not None else "",
        )


LABELS = {
    "form": "Jenis Formulir",
    "unit": "Unit Kerja",
    "unit_code": "Kode Unit",
    "year": "Tahun",
    "government": "Pemerintah Daerah",
    "catalogue_version": "Versi Katalog",
    "clerk_name": "Nama Petugas",
    "clerk_nip": "NIP Petugas",
    "clerk_phone": "Nomor Telepon Petugas",
}
EDITABLE = ("clerk_name", "clerk_nip", "clerk_phone")
SIGNATURE_LABEL = "Tanda Template"
PROPERTIES = ("form", "unit", "unit_code", "year", "catalogue_version")


def write_identity(wb: Workbook, identity: FormIdentity) -> None:
    """Add the Identitas sheet (label in A, value in B) and the same values as properties."""
    ws = wb.create_sheet(SHEET)
    ws["A1"] = "IDENTITAS LAPORAN"
    ws["A1"].font = Font(bold=True, size=12)
    styles = CellStyles()
    for row, (key, label) in enumerate(LABELS.items(), start=3):
        styles.apply(ws.cell(row=row, column=1, value=label), "label", font=Font(bold=True))
        value = getattr(identity, key)
        cell = ws.cell(row=row, column=2)
        if key == "year" and str(value).isdigit():
            cell.value = int(value)
        else:
            set_text(cell, value)
        if key in EDITABLE:
            styles.apply(cell, "editable", protection=Protection(locked=False), fill=INPUT_FILL)
    note = len(LABELS) + 4
    ws.cell(
        row=note,
        column=1,
        value="Isi nama, NIP dan nomor telepon petugas agar Bagian Organisasi dapat menghubungi bila ada catatan.",
    )
    ws.cell(row=note, column=1).alignment = Alignment(wrap_text=False)
    if identity.signature:  # hidden and locked: the clerk never needs it
        row = note + 2
        ws.cell(row=row, column=1, value=SIGNATURE_LABEL)
        set_text(ws.cell(row=row, column=2), identity.signature)
        ws.row_dimensions[row].hidden = True
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 48
    ws.protection.sheet = True
    print_sheet(ws, TEXT)
    for key in PROPERTIES + (("signature",) if identity.signature else ()):
        wb.custom_doc_props.append(
            StringProperty(name=PROPERTY_PREFIX + key, value=xml_safe(str(getattr(identity, key))))
        )
    wb.properties.title = xml_safe(f"{identity.form} {identity.unit} {identity.year}".strip())


def read_identity(wb: SubmittedWorkbook) -> FormIdentity | None:
    """Identity from the Identitas sheet, else from the properties, else None."""
    if SHEET in wb.sheet_names:
        found = _from_sheet(wb.rows(SHEET))
        if found.unit or found.year:
            if not found.signature:  # a hidden row deleted: the signature is in the properties too
                found = replace(
                    found, signature=str(wb.custom_properties().get(PROPERTY_PREFIX + "signature", "") or "").strip()
                )
            return found
    props = wb.custom_properties()
    values = {k: str(props.get(PROPERTY_PREFIX + k, "") or "").strip() for k in (*PROPERTIES, "signature")}
    if values["unit"] or values["unit_code"]:
        return FormIdentity(**values, source="properti workbook")
    return None


def _from_sheet(rows: list[list[object]]) -> FormIdentity:
    by_label = {label.lower(): key for key, label in LABELS.items()}
    by_label.update(
        {"unit": "unit", "tahun laporan": "year", "nama unit kerja": "unit", SIGNATURE_LABEL.lower(): "signature"}
    )
    values: dict[str, str] = {}
    for row in rows[:60]:
        label, value = (list(row) + [None, None])[:2]
        key = by_label.get(str(label or "").strip().rstrip(":").strip().lower())
        if key and value is not None:
            values[key] = _text(value)
    return FormIdentity(
        **{f.name: values.get(f.name, "") for f in fields(FormIdentity) if f.name != "source"}, source=SHEET
    )


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
