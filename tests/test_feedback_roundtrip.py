"""The feedback workbook keeps everything the clerk wrote, and following its own instructions gives an accepted resend.

The clerk's steps are only those the workbook asks for, on cells the protected sheet leaves open: fix the red
cell, choose HAPUS BARIS INI on each row to remove, send it back.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from assets.forms.layouts import DELETE_HEADER, DELETE_MARK, NOTE_HEADER, REALISASI
from pipelines.settings import Settings
from samples.fill import append_row
from tests.conftest import SOURCES, run_annual
from tests.intake_support import SUBMISSIONS_GROUP, as_bytes, filled, load, query
from tests.workbooks import put, unit_rows

YEAR = 2023
T0 = dt.datetime(2024, 1, 10, 9, 0)
LINK = "https://jdih.magetan.example/sk-188-12-2023.pdf"
WRITTEN = {
    "Bukti Dukung": "SK Bupati No. 188/12/2023",
    "Kendala": "Anggaran terlambat cair",
    "Solusi": "Koordinasi dengan BPPKAD",
    "Rencana Tindak Lanjut": "Jadwal ulang triwulan I",
    "Keterangan": "Lihat lampiran",
}


def _header(ws) -> dict[str, int]:
    return {c.value: c.column for c in ws[1] if c.value}


def _clerk_types(ws, row: int, header: str, value: object) -> None:
    """What a clerk can do on the protected sheet: type into a cell the sheet leaves open."""
    cell = ws.cell(row=row, column=_header(ws)[header])
    assert ws.protection.sheet and not cell.protection.locked, (header, row)
    cell.value = value


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    root = tmp_path_factory.mktemp("umpan_balik")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    inbox = settings.inbox_root / "submissions" / str(YEAR)
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    wb = filled(load(settings.outputs_dir / str(YEAR) / "templates" / "ORG.xlsx"))
    ws = wb[REALISASI.sheet]
    codes = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    columns = {h: REALISASI.column(h) + 1 for h in REALISASI.headers}
    ws.cell(row=2, column=columns["Realisasi"], value="sudah")  # refused: not a number
    for header, text in WRITTEN.items():
        ws.cell(row=2, column=columns[header], value=text)
    ws.cell(row=2, column=columns["Bukti Dukung"]).hyperlink = LINK
    ws.cell(row=3, column=columns["Bukti Dukung"]).hyperlink = LINK + "#halaman-2"  # an accepted row's link
    append_row(wb, {"Kode": codes[3], "Realisasi": 1, "Bukti Dukung": "Baris dobel"})  # a repeated code
    foreign = next(c for c in unit_rows(SOURCES, YEAR, "HUKUM")["code"] if c not in codes)
    append_row(wb, {"Kode": foreign, "Realisasi": 1, "Bukti Dukung": "Dokumen unit lain"})  # another unit's row
    put(inbox / "org.xlsx", as_bytes(wb), T0)
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    feedback = settings.outputs_dir / str(YEAR) / "feedback" / "ORG.xlsx"
    return settings, inbox, feedback, codes


def test_the_feedback_keeps_every_column_and_link_of_refused_and_accepted_rows(round_trip):
    settings, _, feedback, codes = round_trip
    ws = openpyxl.load_workbook(feedback)[REALISASI.sheet]
    at = _header(ws)
    refused = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == codes[0])
    assert str(ws.cell(row=refused, column=at[NOTE_HEADER]).value).startswith("DITOLAK")
    assert ws.cell(row=refused, column=at["Realisasi"]).value == "sudah"
    assert {h: ws.cell(row=refused, column=at[h]).value for h in WRITTEN} == WRITTEN
    assert ws.cell(row=refused, column=at["Bukti Dukung"]).hyperlink.target == LINK
    accepted = next(r for r in range(2, ws.max_row + 1) if ws.cell(row=r, column=1).value == codes[1])
    assert ws.cell(row=accepted, column=at[NOTE_HEADER]).value.startswith("OK")
    assert ws.cell(row=accepted, column=at["Bukti Dukung"]).hyperlink.target == LINK + "#halaman-2"
    stored = query(settings, "SELECT kendala, solusi, links FROM progress_rejects WHERE unit = 'ORG' AND row = 2")
    assert stored.iloc[0]["kendala"] == WRITTEN["Kendala"] and LINK in stored.iloc[0]["links"]


def test_following_the_workbooks_instructions_gives_an_accepted_resend_that_keeps_the_evidence(round_trip):
    settings, inbox, feedback, codes = round_trip
    wb = openpyxl.load_workbook(feedback)
    petunjuk = " ".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert DELETE_MARK in petunjuk and DELETE_HEADER in petunjuk
    ws = wb[REALISASI.sheet]
    at = _header(ws)
    removable = 0
    for row in range(2, ws.max_row + 1):
        note = str(ws.cell(row=row, column=at[NOTE_HEADER]).value or "")
        delete = ws.cell(row=row, column=at[DELETE_HEADER])
        if DELETE_MARK in note:
            assert any(
                delete.coordinate in dv.sqref and f'"{DELETE_MARK}"' == dv.formula1
                for dv in ws.data_validations.dataValidation
            )
            if "Sisakan satu baris" in note and ws.cell(row=row, column=at["Bukti Dukung"]).value != "Baris dobel":
                continue  # the repeated code: keep the row with the evidence, remove the other
            _clerk_types(ws, row, DELETE_HEADER, DELETE_MARK)
            removable += 1
        else:
            assert delete.protection.locked  # a row that is not to be removed cannot be removed
        if note.startswith("DITOLAK") and DELETE_MARK not in note:
            _clerk_types(ws, row, "Realisasi", 3)  # the red cell, fixed
    assert removable == 2  # the extra copy of the repeated code and the other unit's row
    (inbox / "perbaikan").mkdir()
    wb.save(inbox / "perbaikan" / "org.xlsx")
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success

    files = query(settings, "SELECT file, status FROM submissions WHERE year = ?", [YEAR]).set_index("file")
    assert files.loc[f"submissions/{YEAR}/perbaikan/org.xlsx", "status"] == "berlaku"
    assert len(query(settings, "SELECT * FROM progress_rejects WHERE unit = 'ORG'")) == 0
    rows = query(settings, "SELECT * FROM progress WHERE unit = 'ORG'").set_index("code")
    assert len(rows) == len(unit_rows(SOURCES, YEAR, "ORG"))
    fixed = rows.loc[codes[0]]
    assert fixed["realisasi"] == 3
    assert {h: fixed[h.lower().replace(" ", "_")] for h in WRITTEN} == WRITTEN  # the evidence survived the resend
    assert LINK in fixed["links"] and LINK + "#halaman-2" in rows.loc[codes[1], "links"]
    assert not feedback.exists()  # nothing refused any more: no stale DITOLAK workbook on offer
