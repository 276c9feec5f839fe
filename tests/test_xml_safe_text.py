"""A unit's text never stops a workbook from being written: every text is made XML-safe in one place.

Excel keeps a line break pasted from Word as a vertical tab (``_x000B_`` in the
file) and any other control character as its ``_xHHHH_`` escape; python-calamine
returns the character itself. Through the real year, text holding every C0
control character reaches the feedback workbook, the monitoring workbook and
the PMPRB worksheet, which are written and open with openpyxl, the vertical
tab shown as a line break.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook

from assets.forms import feedback, realisasi
from assets.forms.cell_text import set_text, xml_safe
from assets.forms.identity import FormIdentity
from assets.forms.layouts import REALISASI
from assets.pmprb.instrument import load_instrument
from assets.pmprb.worksheet import Cover, build_workbook
from assets.reports.table_sheet import TableSpec, write_table_sheet
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import (
    C0,
    EVERY_CONTROL,
    control_text_workbook,
    escaped,
    expected_safe,
    holds_control_character,
    on_target,
    read_back,
    workbook_texts,
)
from tests.pmprb_support import INSTRUMENT_DIR
from tests.workbooks import put, unit_rows, unit_template

YEAR = 2021
UNIT = "ORG"
LONE_SURROGATES = "bukti \ud800 dan \udfff, \ufffe"


# --- the rule -----------------------------------------------------------------------------------


@pytest.mark.parametrize("character", C0, ids=[f"0x{ord(c):02X}" for c in C0])
def test_every_c0_control_character_is_kept_removed_or_a_line_break(character):
    text = f"a{character}b"
    assert xml_safe(text) == {"\x0b": "a\nb", "\t": text, "\n": text, "\r": text}.get(character, "ab")
    assert xml_safe(escaped(text)) == xml_safe(text)  # the escape as openpyxl reads it: the same text


def test_lone_surrogates_and_non_characters_are_replaced():
    assert xml_safe(LONE_SURROGATES) == "bukti \ufffd dan \ufffd, \ufffd"
    assert xml_safe("emoji \U0001f600 tetap") == "emoji \U0001f600 tetap"


def test_a_word_line_break_becomes_a_line_break_whichever_reader_gave_it():
    assert xml_safe("baris 1\x0bbaris 2") == xml_safe("baris 1_x000B_baris 2") == "baris 1\nbaris 2"
    assert xml_safe("ketik _x005F_x000B_ apa adanya") == "ketik _x000B_ apa adanya"


def test_text_is_written_as_text_and_opens_again(tmp_path):
    wb = Workbook()
    for row, text in enumerate(['=HYPERLINK("http://x","y")', EVERY_CONTROL, LONE_SURROGATES], start=1):
        set_text(wb.active.cell(row=row, column=1), text)
    path = put(tmp_path / "t.xlsx", wb)
    values = [r[0] for r in openpyxl.load_workbook(path).active.iter_rows(values_only=True)]
    assert values == ['=HYPERLINK("http://x","y")', read_back(EVERY_CONTROL), xml_safe(LONE_SURROGATES)]
    assert openpyxl.load_workbook(path).active["A1"].data_type == "s"


# --- every writer -------------------------------------------------------------------------------


def test_every_writer_writes_hostile_text_into_a_workbook_that_opens(tmp_path):
    # object columns: pandas' arrow-backed str dtype cannot hold a lone surrogate at all
    hostile = EVERY_CONTROL + LONE_SURROGATES
    rows = unit_rows(SOURCES, YEAR, UNIT)
    code = rows["code"].iloc[0]
    identity = FormIdentity(
        form=REALISASI.form, unit="Bagian Organisasi", unit_code=UNIT, year=str(YEAR), clerk_name=hostile
    )
    accepted = pd.DataFrame(
        [
            {
                "code": code,
                "row": 2,
                "value": 1.0,
                "bukti_dukung": hostile,
                "kendala": hostile,
                "solusi": None,
                "rencana_tindak_lanjut": None,
                "keterangan": hostile,
                "warnings": hostile,
            }
        ],
        dtype=object,
    )
    refused = pd.DataFrame(
        [{"code": hostile, "row": 3, "raw_value": hostile, "reason_code": "CODE_UNKNOWN", "reason": hostile}],
        dtype=object,
    )
    books = {
        "feedback": feedback.build_feedback(
            realisasi.FEEDBACK, identity, accepted, refused, {code: rows.iloc[0].to_dict()}
        )
    }
    table = Workbook()
    write_table_sheet(
        table.active,
        pd.DataFrame({"kendala": [hostile]}, dtype=object),
        TableSpec(headers={"kendala": hostile}),
        title=hostile,
        notes=[hostile],
    )
    books["table"] = table
    instrument = load_instrument(INSTRUMENT_DIR)
    item = instrument.items["item_id"].iloc[0]
    books["pmprb"] = build_workbook(
        instrument, Cover(year=YEAR, note=hostile, unit=hostile), {item: "Ya"}, {item: (hostile, hostile)}
    )
    for name, wb in books.items():
        path = put(tmp_path / f"{name}.xlsx", wb)
        texts = [
            v
            for ws in openpyxl.load_workbook(path)
            for row in ws.iter_rows(values_only=True)
            for v in row
            if isinstance(v, str)
        ]
        assert any(read_back(xml_safe(hostile)) in t for t in texts), name
        assert not any(holds_control_character(t) for t in texts), name


# --- through the real year ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_text_year(tmp_path_factory):
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("xml_safe_text")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generate(settings, years=[YEAR], with_mistakes=False)
    rows = unit_rows(SOURCES, YEAR, UNIT).sort_values("csv_line")
    wb = on_target(unit_template(SOURCES, YEAR, UNIT), rows, YEAR)
    refused_code = control_text_workbook(wb, rows)
    put(
        settings.inbox_root / "submissions" / str(YEAR) / "kiriman ulang" / "teks.xlsx",
        wb,
        dt.datetime.now() + dt.timedelta(minutes=1),
    )
    result = run_annual(settings, YEAR)
    return settings, result, rows, refused_code


def test_the_year_writes_every_workbook_and_each_opens(hostile_text_year):
    settings, result, _, _ = hostile_text_year
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    folder = settings.outputs_dir / str(YEAR)
    for path in [
        folder / "feedback" / f"{UNIT}.xlsx",
        folder / f"monitoring_{YEAR}.xlsx",
        folder / f"pmprb_{YEAR}.xlsx",
        folder / "rekap_pengumpulan.xlsx",
    ]:
        texts = workbook_texts(path)
        assert texts, path.name
        assert not any(holds_control_character(t) for t in texts), path.name


def test_the_units_text_reaches_each_workbook_with_its_line_break(hostile_text_year):
    settings, _, rows, refused_code = hostile_text_year
    folder = settings.outputs_dir / str(YEAR)
    code = rows["code"].iloc[1]
    assert expected_safe(EVERY_CONTROL).count("<\n>") == 2  # the line feed, and the vertical tab now a line break
    kendala = read_back(f"Kendala {code}{EVERY_CONTROL}")
    ws = openpyxl.load_workbook(folder / "feedback" / f"{UNIT}.xlsx")[REALISASI.sheet]
    header = [c.value for c in ws[1]]
    by_code = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert by_code[code][header.index("Kendala")] == kendala
    assert by_code[code][header.index("Keterangan")] == read_back(EVERY_CONTROL)
    assert by_code[refused_code][header.index("Realisasi")] == read_back(f"sudah{EVERY_CONTROL}")
    identity = {
        r[0]: r[1]
        for r in openpyxl.load_workbook(folder / "feedback" / f"{UNIT}.xlsx")["Identitas"].iter_rows(values_only=True)
    }
    assert identity["Nama Petugas"] == read_back(f"Petugas{EVERY_CONTROL}")
    assert kendala in workbook_texts(folder / f"monitoring_{YEAR}.xlsx")
    assert any(
        read_back(f"SK {c}{EVERY_CONTROL}") in t
        for t in workbook_texts(folder / f"pmprb_{YEAR}.xlsx")
        for c in rows["code"]
    )
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        stored = conn.execute(
            "SELECT kendala FROM progress WHERE year = ? AND code = ? AND unit = ?", [YEAR, code, UNIT]
        ).fetchone()[0]
    assert stored == f"Kendala {code}{EVERY_CONTROL}".strip()  # the warehouse keeps the text as read
