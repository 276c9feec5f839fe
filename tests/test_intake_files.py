"""Every file in an inbox is accounted for: accepted, superseded, duplicated, ignored or refused with a reason."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import msoffcrypto.format.ooxml
import pandas as pd
import pytest
import xlwt

from assets.forms.inventory import inventory
from assets.forms.layouts import REALISASI
from assets.forms.probe import Limits
from assets.roadmap.catalogue import load_units
from assets.xlsx_files import workbook_bytes
from tests.conftest import SOURCES
from tests.workbooks import put, unit_template

YEAR = 2021
T0 = dt.datetime(2022, 1, 10, 9, 0)


@pytest.fixture
def inbox(tmp_path):
    return tmp_path / "inbox"


def run(inbox, limits: Limits | None = None):
    return inventory(
        year=YEAR,
        folder=inbox / "submissions" / str(YEAR),
        root=inbox,
        spec=REALISASI.spec,
        limits=limits or Limits(),
        units=load_units(SOURCES),
        now=dt.datetime(2022, 2, 1),
    )


def status_of(table, name):
    row = table[table["file"].str.rsplit("/", n=1).str[-1] == name]
    assert len(row) == 1, (name, list(table["file"]))
    code = row.iloc[0]["reason_code"]
    return row.iloc[0]["status"], None if pd.isna(code) else code


def folder(inbox):
    return inbox / "submissions" / str(YEAR)


def good(unit="ORG"):
    return workbook_bytes(unit_template(SOURCES, YEAR, unit))


def test_each_kind_of_bad_file_is_refused_with_its_own_reason(inbox):
    plain = good()
    encrypted = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(plain)).encrypt("rahasia", encrypted)
    legacy = io.BytesIO()
    book = xlwt.Workbook()
    book.add_sheet("Realisasi").write(0, 0, "Kode")
    book.save(legacy)
    f = folder(inbox)
    put(f / "terkunci.xlsx", encrypted.getvalue())
    put(f / "lama.xlsx", legacy.getvalue())
    put(f / "terpotong.xlsx", plain[: len(plain) // 2])
    put(f / "csv.xlsx", b"Kode;Realisasi\n1.1.a;1\n")
    put(f / "kosong.xlsx", b"")
    put(f / "sub/folder/baik.xlsx", plain)
    table = run(inbox)
    assert status_of(table, "terkunci.xlsx") == ("ditolak", "FILE_ENCRYPTED")
    assert status_of(table, "lama.xlsx") == ("ditolak", "FILE_LEGACY_XLS")
    assert status_of(table, "terpotong.xlsx") == ("ditolak", "FILE_CORRUPT")
    assert status_of(table, "csv.xlsx") == ("ditolak", "FILE_NOT_XLSX")
    assert status_of(table, "kosong.xlsx") == ("ditolak", "FILE_EMPTY")
    assert status_of(table, "baik.xlsx") == ("berlaku", None)
    refused = table[table["status"] == "ditolak"]
    assert refused["reason"].str.len().min() > 20  # a sentence a clerk can act on


def test_structure_and_identity_rejects(inbox):
    f = folder(inbox)
    wb = unit_template(SOURCES, YEAR, "ORG")
    wb["Realisasi"].title = "Lembar1"
    put(f / "tanpa_lembar.xlsx", wb)
    wb = unit_template(SOURCES, YEAR, "ORG")
    wb["Realisasi"]["F1"] = "Capaian"
    put(f / "tanpa_judul.xlsx", wb)
    wb = unit_template(SOURCES, YEAR, "ORG")
    del wb["Identitas"]
    wb.custom_doc_props.props.clear()
    put(f / "tanpa_identitas.xlsx", wb)
    wb = unit_template(SOURCES, YEAR, "HUKUM")
    wb["Identitas"]["B4"] = "Dinas Antah Berantah"
    put(f / "unit_asing.xlsx", wb)
    wb = unit_template(SOURCES, YEAR, "BKD")
    wb["Identitas"]["B6"] = 2020
    put(f / "tahun_lain.xlsx", wb)
    table = run(inbox)
    assert status_of(table, "tanpa_lembar.xlsx") == ("ditolak", "SHEET_MISSING")
    assert status_of(table, "tanpa_judul.xlsx") == ("ditolak", "HEADER_MISSING")
    assert status_of(table, "tanpa_identitas.xlsx") == ("ditolak", "IDENTITY_MISSING")
    assert status_of(table, "unit_asing.xlsx") == ("ditolak", "UNIT_UNKNOWN")
    assert status_of(table, "tahun_lain.xlsx") == ("ditolak", "YEAR_MISMATCH")
    assert "Dinas Antah Berantah" in table[table["file"].str.endswith("unit_asing.xlsx")].iloc[0]["reason"]


def test_identity_from_properties_when_the_sheet_is_gone_and_never_from_the_name(inbox):
    wb = unit_template(SOURCES, YEAR, "INSPEKTORAT")
    del wb["Identitas"]
    put(folder(inbox) / "BKD 2020.xlsx", wb)
    row = run(inbox).iloc[0]
    assert (row["status"], row["unit_code"], row["identity_source"]) == ("berlaku", "INSPEKTORAT", "properti workbook")


def test_limits_refuse_large_files_zip_bombs_and_long_sheets(inbox):
    f = folder(inbox)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (3 * 1024 * 1024))
    put(f / "bom.xlsx", bomb.getvalue())
    wb = unit_template(SOURCES, YEAR, "ORG")
    for i in range(60):
        wb["Realisasi"].append([f"9.9.{i}", None, None, None, None, 1])
    put(f / "panjang.xlsx", wb)
    table = run(inbox, Limits(max_file_mb=10, max_unpacked_mb=1, max_rows=50))
    assert status_of(table, "bom.xlsx") == ("ditolak", "FILE_UNPACKED_TOO_LARGE")
    assert status_of(table, "panjang.xlsx") == ("ditolak", "TOO_MANY_ROWS")
    table = run(inbox, Limits(max_file_mb=0.001))
    assert status_of(table, "panjang.xlsx") == ("ditolak", "FILE_TOO_LARGE")


def test_newest_supersedes_a_broken_resend_supersedes_nothing_and_copies_count_once(inbox):
    f = folder(inbox)
    first, second = good("ORG"), good("ORG")
    wb = unit_template(SOURCES, YEAR, "ORG")
    wb["Realisasi"]["F2"] = 5
    revised = workbook_bytes(wb)
    put(f / "a_lama.xlsx", first, T0)
    put(f / "b_revisi.xlsx", revised, T0 + dt.timedelta(days=1))
    put(f / "c_rusak.xlsx", revised[:500], T0 + dt.timedelta(days=2))
    put(f / "lain/salinan.xlsx", revised, T0 + dt.timedelta(days=3))
    put(f / "~$b_revisi.xlsx", b"lock", T0)
    put(f / ".~lock.b_revisi.xlsx#", b"lock", T0)
    put(f / ".tersembunyi.xlsx", second, T0)
    table = run(inbox)
    assert status_of(table, "a_lama.xlsx")[0] == "digantikan"
    assert status_of(table, "b_revisi.xlsx") == ("berlaku", None)
    assert status_of(table, "c_rusak.xlsx")[0] == "ditolak"
    assert status_of(table, "salinan.xlsx") == ("duplikat", "DUPLICATE_CONTENT")
    assert status_of(table, "~$b_revisi.xlsx") == ("diabaikan", "IGNORED_LOCK_FILE")
    assert status_of(table, ".~lock.b_revisi.xlsx#") == ("diabaikan", "IGNORED_LOCK_FILE")
    assert status_of(table, ".tersembunyi.xlsx") == ("diabaikan", "IGNORED_HIDDEN_FILE")
    assert len(table) == 7 and table["status"].notna().all()
    assert (table["status"] == "berlaku").sum() == 1
