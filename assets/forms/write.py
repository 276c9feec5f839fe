"""A form workbook: the form sheet, the Identitas sheet and the instructions."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from assets.forms.identity import FormIdentity, write_identity
from assets.forms.layouts import FormLayout
from assets.forms.sheet import Column, FormRow, instructions_sheet, write_form_sheet
from assets.reports.print_layout import print_workbook


def build_form(
    layout: FormLayout,
    identity: FormIdentity,
    rows: Sequence[FormRow],
    validations: dict[str, DataValidation],
    instructions_title: str,
    instructions: Sequence[str],
    columns: Sequence[Column] | None = None,
) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = layout.sheet
    write_form_sheet(ws, columns or layout.columns, rows, input_column=layout.value_index, validations=validations)
    write_identity(wb, identity)
    instructions_sheet(wb.create_sheet("Petunjuk"), instructions_title, instructions)
    print_workbook(wb, identity.government, identity.year)
    return wb
