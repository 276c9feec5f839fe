"""The Tim's Catatan and Identitas fields survive a regeneration of the worksheet, for every instrument version.

The generated worksheet is filled in as the Tim would (a note on an answerable row, the Tim's block on
Identitas, the petugas fields), dropped into sources/pmprb/<year>/, and the year is run again: the notes
and fields are stored by year and code/field, and the regenerated worksheet carries them in the same cells.
A third run on the same inputs writes the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace

import duckdb
import openpyxl
import pytest

from assets.pmprb.carry_over import TEAM_LABELS
from assets.pmprb.worksheet import LAYOUT, LINE_LAYOUT
from tests.conftest import run_annual
from tests.pmprb_support import ROUND_TRIP_ASSETS
from tests.workbooks import put

ASSETS = ROUND_TRIP_ASSETS
VERSIONS = {2019: LAYOUT, 2021: LAYOUT, 2023: LINE_LAYOUT}  # 14/2014, 26/2020, 9/2023
NIP = "198001012005011002"  # 18 digits: kept as text, never rounded as a number


def worksheet(settings, year: int):
    return settings.outputs_dir / str(year) / f"pmprb_{year}.xlsx"


def labelled(ws) -> dict[str, openpyxl.cell.Cell]:
    return {str(ws.cell(r, 1).value): ws.cell(r, 2) for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(cell) -> tuple:
    return cell.fill.patternType, cell.fill.fgColor.rgb


def answerable_rows(ws, layout, count: int) -> list[tuple[str, int]]:
    """The first ``count`` rows whose Catatan cell the Tim may write in: (code, row)."""
    note = layout.number(layout.note_header)
    found = [
        (str(ws.cell(r, 1).value), r)
        for r in range(layout.header_row + 1, ws.max_row + 1)
        if not ws.cell(r, note).protection.locked
    ]
    assert len(found) >= count
    return found[:count]


@pytest.mark.parametrize("year", sorted(VERSIONS))
def test_notes_and_identity_survive_a_regeneration(settings, tmp_path, year):
    layout = VERSIONS[year]
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert run_annual(settings, year, ASSETS).success
    wb = openpyxl.load_workbook(worksheet(settings, year))
    identitas, lke = wb["Identitas"], wb[layout.sheet]
    cells = labelled(identitas)
    for label in TEAM_LABELS.values():  # input cells, styled like the petugas cells
        assert not cells[label].protection.locked and fill(cells[label]) == fill(cells["Nama Petugas"])
        assert cells[label].value is None
    cells["Ketua Tim PMPRB"].value = "Dra. Siti Aminah, M.Si."
    cells["NIP Ketua Tim"].value = NIP
    cells["Tanggal penilaian"].value = dt.datetime(2024, 2, 15)
    cells["Nama Petugas"].value = "Budi"
    (first, r1), (second, r2) = answerable_rows(lke, layout, 2)
    note = layout.number(layout.note_header)
    lke.cell(r1, note).value = "Bukti SK tim belum ada; minta ke Bagian Organisasi"
    lke.cell(r2, note).value = "=bukan rumus"  # user text stays text
    returned = tmp_path / "dijawab.xlsx"
    wb.save(returned)
    put(settings.inbox_root / "pmprb" / str(year) / "LKE tim.xlsx", returned.read_bytes(), dt.datetime(2024, 3, 1))

    assert run_annual(settings, year, ASSETS).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        notes = conn.execute("SELECT code, note FROM pmprb_notes WHERE year = ? ORDER BY row", [year]).fetchall()
        fields = dict(conn.execute("SELECT field, value FROM pmprb_identity WHERE year = ?", [year]).fetchall())
    assert notes == [(first, "Bukti SK tim belum ada; minta ke Bagian Organisasi"), (second, "=bukan rumus")]
    assert fields == {
        "team_lead": "Dra. Siti Aminah, M.Si.",
        "team_lead_nip": NIP,
        "assessed_on": "2024-02-15",
        "clerk_name": "Budi",
    }

    again = openpyxl.load_workbook(worksheet(settings, year))
    cells, lke = labelled(again["Identitas"]), again[layout.sheet]
    assert cells["Ketua Tim PMPRB"].value == "Dra. Siti Aminah, M.Si."
    assert cells["NIP Ketua Tim"].value == NIP and cells["NIP Ketua Tim"].data_type == "s"
    assert cells["Tanggal penilaian"].value == dt.datetime(2024, 2, 15)
    assert cells["Tanggal penilaian"].number_format == "DD/MM/YYYY"
    assert cells["Nama Petugas"].value == "Budi"
    assert lke.cell(r1, note).value == "Bukti SK tim belum ada; minta ke Bagian Organisasi"
    assert lke.cell(r2, note).value == "=bukan rumus" and lke.cell(r2, note).data_type == "s"
    written = hashlib.sha256(worksheet(settings, year).read_bytes()).hexdigest()

    assert run_annual(settings, year, ASSETS).success  # the same inputs: the same bytes
    assert hashlib.sha256(worksheet(settings, year).read_bytes()).hexdigest() == written
