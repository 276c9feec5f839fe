"""Helpers for the intake tests: filling a template as a clerk does, editing its Identitas, breaking its rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import openpyxl
from openpyxl import Workbook

from assets.forms.identity import LABELS
from assets.forms.identity import SHEET as IDENTITY_SHEET
from assets.forms.layouts import REALISASI
from assets.forms.signature import TemplateSigner
from assets.roadmap.identity import RoadmapIdentity
from assets.xlsx_files import workbook_bytes
from tests.conftest import SOURCES
from tests.workbooks import unit_template

SUBMISSIONS_GROUP = [
    "units",
    "roadmap_indicators",
    "roadmap_targets",
    "unit_templates",
    "submissions",
    "progress",
    "progress_rejects",
    "progress_history",
    "feedback_workbooks",
    "submission_timeliness",
    "collection_status",
]


def filled(wb: Workbook, value_of=None) -> Workbook:
    """Every row given a valid Realisasi and a bukti dukung (``value_of(satuan)`` overrides the value)."""
    ws = wb[REALISASI.sheet]
    satuan_at = REALISASI.column("Satuan") + 1
    for row in range(2, ws.max_row + 1):
        satuan = ws.cell(row=row, column=satuan_at).value
        value = "Ya" if satuan == "Ya/Tidak" else (95 if satuan == "persen" else 3)
        ws.cell(row=row, column=REALISASI.value_index + 1, value=value_of(satuan) if value_of else value)
        ws.cell(row=row, column=REALISASI.column("Bukti Dukung") + 1, value="SK Bupati No. 1/2023")
    return wb


def with_identity(wb: Workbook, **values: object) -> Workbook:
    """The Identitas sheet edited as a clerk would (keys of ``LABELS``: unit, unit_code, year ...)."""
    ws = wb[IDENTITY_SHEET]
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    for key, value in values.items():
        ws.cell(row=rows[LABELS[key]], column=2).value = value
    return wb


def signed_template(warehouse: Path, year: int, unit: str) -> Workbook:
    """The unit's template signed as the deployment of the warehouse at ``warehouse`` signs it (its key created
    now when absent, as the first run would), without running the pipeline."""
    signer = TemplateSigner.beside(warehouse, RoadmapIdentity.load(SOURCES / "roadmap").government)
    return unit_template(SOURCES, year, unit, signer=signer)


def load(path: Path) -> Workbook:
    return openpyxl.load_workbook(path)


def rows_unreadable(data: bytes) -> bytes:
    """The workbook with a Realisasi cell whose XML repeats an attribute: python-calamine (and so every
    file-level check) still reads the sheet, but the XML parser that reads the value column refuses it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b'<c r="F2" ' in part
                part = part.replace(b'<c r="F2" ', b'<c r="F2" s="0" s="0" ', 1)
            target.writestr(info.filename, part)
    return out.getvalue()


def as_bytes(wb: Workbook) -> bytes:
    return workbook_bytes(wb)


def query(settings, sql: str, params=None):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).df()
