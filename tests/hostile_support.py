"""Hostile inputs built from the project's own templates, and the checks every hostile year must pass.

Shared by the issue-22 tests (values, text, CSV formulas, PMPRB header) and by
``tests/test_hostile_year.py``, which puts every one of these files into one
inbox at once.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import duckdb
import openpyxl
from openpyxl import Workbook

from assets.forms import indikator_hasil as outcome_form
from assets.forms.collection import Collection
from assets.forms.layouts import INDIKATOR_HASIL, REALISASI
from assets.monitoring.exports import FORMULA_STARTS
from assets.pmprb.instrument import instrument_root, load_instrument
from assets.pmprb.worksheet import Cover, build_workbook
from assets.pmprb.years import year_instrument
from assets.roadmap.catalogue import load_outcomes, load_units
from assets.roadmap.identity import RoadmapIdentity
from assets.xlsx_files import workbook_bytes
from samples.fill import fill_row, sign
from tests.conftest import SOURCES
from tests.workbooks import unit_rows, unit_template

NINES = "9" * 400
UNDECODABLE = os.fsdecode(b"laporan_\xff\xfe.xlsx")  # Latin-1 bytes from an old sync tool: not UTF-8
UNDECODABLE_SHOWN = "laporan_\\xff\\xfe.xlsx"  # how the inbox records its name
HYPERLINK = '=HYPERLINK("http://x","y")'
COMMAND = "+cmd|' /C calc'!A0"
C0 = [chr(c) for c in range(32)]
KEPT = {"\t", "\n", "\r"}
EVERY_CONTROL = "Rapat" + "".join(f"<{c}>" for c in C0) + "selesai"
PMPRB_QUESTION = "Komponen / Sub-komponen / Item"


def on_target(wb: Workbook, rows, year: int, evidence: str = "SK Bupati No. {line}/{year}") -> Workbook:
    """Every row of the unit's template filled with its target (Ya for a Ya/Tidak row) and a bukti dukung."""
    for t in rows.sort_values("csv_line").to_dict("records"):
        value = _target_value(t)
        fill_row(wb, t["code"], {"Realisasi": value, "Bukti Dukung": evidence.format(line=t["csv_line"], year=year)})
    return wb


def _target_value(t: dict) -> object:
    if t["target_kind"] == "qualitative":
        return "Ya"
    return t["target_value"] if t["target_value"] == t["target_value"] else 1  # no target number (a placeholder): 1


def count_codes(rows) -> list[str]:
    """The unit's indicator codes whose Realisasi is a count, in the template's order."""
    rows = rows.sort_values("csv_line")
    return [c for c, k in zip(rows["code"], rows["target_kind"]) if k == "count"]


# --- values that are not finite numbers ----------------------------------------------------------

# What the clerk's cell holds: typed text, or the sheet XML of a number cell (a placeholder replaced in the file).
TYPED = {
    "NaN": "VALUE_NOT_FINITE",
    "INF": "VALUE_NOT_FINITE",
    "-inf": "VALUE_NOT_FINITE",
    "1e400": "VALUE_TOO_LARGE",
    NINES: "VALUE_TOO_LARGE",
}
STORED = {
    b"<v>NaN</v>": "VALUE_NOT_FINITE",
    b"<v>INF</v>": "VALUE_NOT_FINITE",
    b"<v>-inf</v>": "VALUE_NOT_FINITE",
    b"<v>1e400</v>": "VALUE_NOT_FINITE",
    b"<v>" + NINES.encode() + b"</v>": "VALUE_NOT_FINITE",
    b"<f>1E+308*10</f><v>INF</v>": "VALUE_NOT_FINITE",
    b"<f>0/0</f><v>NaN</v>": "VALUE_NOT_FINITE",
}
PLACEHOLDER = 7_340_000  # + i: a number no real cell holds, replaced in the sheet XML


def with_stored_cells(data: bytes, cells: dict[int, bytes]) -> bytes:
    """The xlsx ``data`` with each placeholder number's ``<v>`` replaced by raw cell XML."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            part = source.read(entry)
            if entry.filename.startswith("xl/worksheets/"):
                for placeholder, xml in cells.items():
                    part = part.replace(f"<v>{placeholder}</v>".encode(), xml)
            target.writestr(entry, part)
    for placeholder in cells:
        assert f"<v>{placeholder}</v>".encode() not in out.getvalue()
    return out.getvalue()


def hostile_unit_workbook(unit: str, year: int) -> tuple[bytes, dict[str, str], list[str]]:
    """The unit's template, every row filled correctly except one hostile Realisasi per case;
    returns the file, {code: expected reason code} and every code of the unit."""
    rows = unit_rows(SOURCES, year, unit)
    wb = on_target(unit_template(SOURCES, year, unit), rows, year)
    counts = count_codes(rows)
    cases = [*TYPED.items(), *STORED.items()]
    assert len(counts) > len(cases) + 3, "the unit needs count rows to spare"
    expected, stored = {}, {}
    for i, ((cell, code), row_code) in enumerate(zip(cases, counts)):
        if isinstance(cell, str):
            fill_row(wb, row_code, {"Realisasi": cell})
        else:
            fill_row(wb, row_code, {"Realisasi": PLACEHOLDER + i})
            stored[PLACEHOLDER + i] = cell
        expected[row_code] = code
    return with_stored_cells(workbook_bytes(wb), stored), expected, list(rows["code"])


def hostile_outcome_form(path: Path) -> tuple[bytes, dict[str, str]]:
    """The generated Indikator Hasil form at ``path`` with hostile values in its number rows;
    returns the file and {outcome code: expected reason code}."""
    wb = openpyxl.load_workbook(path)
    ws = wb[INDIKATOR_HASIL.sheet]
    header = [c.value for c in ws[1]]
    rows = outcome_form.form_rows(load_outcomes(SOURCES / "roadmap"), SOURCES, int(path.parent.name))
    number_codes = set(rows.loc[rows["value_kind"] == "number", "code"])
    numbers = [r for r in ws.iter_rows(min_row=2) if r[0].value in number_codes]
    cases = [
        ("NaN", "VALUE_NOT_FINITE"),
        (NINES, "VALUE_TOO_LARGE"),
        ("1e400", "VALUE_TOO_LARGE"),
        (b"<v>INF</v>", "VALUE_NOT_FINITE"),
        (b"<f>0/0</f><v>NaN</v>", "VALUE_NOT_FINITE"),
    ]
    assert len(numbers) > len(cases)
    expected, stored = {}, {}
    for i, ((cell, code), row) in enumerate(zip(cases, numbers)):
        target = row[header.index("Nilai")]
        if isinstance(cell, str):
            target.value, target.data_type = cell, "s"
        else:
            target.value = PLACEHOLDER + 100 + i
            stored[PLACEHOLDER + 100 + i] = cell
        expected[row[0].value] = code
    return with_stored_cells(workbook_bytes(wb), stored), expected


# --- text with control characters ----------------------------------------------------------------


def expected_safe(text: str) -> str:
    """The XML-safe rule, written out character by character."""
    return "".join("\n" if c == "\x0b" else c if c >= " " or c in KEPT else "" for c in text)


def read_back(text: str) -> str:
    """The safe text as a reader of the saved workbook sees it: XML turns a carriage return into a line feed."""
    return expected_safe(text).replace("\r\n", "\n").replace("\r", "\n")


def escaped(text: str) -> str:
    """``text`` as Excel stores it in the file: a control character as its _xHHHH_ escape."""
    return "".join(f"_x{ord(c):04X}_" if c < " " else c for c in text)


def stored_as_excel(ws, key: str, text: str, column: int = 2) -> None:
    """Put ``text`` into the row whose first cell is ``key`` the way Excel stores it: each control character escaped."""
    row = next(r for r in ws.iter_rows(min_row=1, max_col=1) if r[0].value == key)[0].row
    cell = ws.cell(row=row, column=column)
    cell.value = escaped(text)  # openpyxl writes the escape as typed; not set_text, which would clean it
    cell.data_type = "s"


def control_text_workbook(wb: Workbook, rows) -> str:
    """``wb`` (the unit's filled template) with every C0 control character, as Excel stores them (so a Word line
    break, ``_x000B_``, too), in its clerk's name and in each row's Bukti Dukung, Kendala and Keterangan, and in
    one row's Realisasi, which is refused (VALUE_TEXT) so that the unit gets a feedback workbook; returns that
    row's code."""
    sign(wb, "Petugas", "197001012000011001", "081234567890")
    stored_as_excel(wb["Identitas"], "Nama Petugas", f"Petugas{EVERY_CONTROL}")
    for t in rows.to_dict("records"):
        for header, text in [
            ("Bukti Dukung", f"SK {t['code']}"),
            ("Kendala", f"Kendala {t['code']}"),
            ("Keterangan", ""),
        ]:
            stored_as_excel(wb[REALISASI.sheet], t["code"], text + EVERY_CONTROL, column=REALISASI.column(header) + 1)
    refused_code = rows.sort_values("csv_line")["code"].iloc[0]
    stored_as_excel(
        wb[REALISASI.sheet], refused_code, f"sudah{EVERY_CONTROL}", column=REALISASI.column("Realisasi") + 1
    )
    return refused_code


def workbook_texts(path: Path) -> list[str]:
    """Every text cell of every sheet of the workbook at ``path``, as openpyxl reads it."""
    return [
        v
        for ws in openpyxl.load_workbook(path)
        for row in ws.iter_rows(values_only=True)
        for v in row
        if isinstance(v, str)
    ]


def holds_control_character(text: str) -> bool:
    """Whether ``text`` holds a C0 control character other than a tab or a line break."""
    return any(c < " " and c not in KEPT for c in text)


# --- text that Excel would run as a formula ------------------------------------------------------


def formula_text_cases(rows) -> dict[str, dict[str, object]]:
    """Per indicator code, the cells to put into the unit's filled template: formula text in Kendala, Solusi and
    Keterangan of accepted rows, and in Realisasi of refused rows (VALUE_TEXT), and a negative Realisasi."""
    counts = count_codes(rows)
    return {
        counts[0]: {"Kendala": HYPERLINK, "Solusi": COMMAND},  # accepted rows: capaian.csv
        counts[1]: {"Kendala": COMMAND, "Keterangan": "@SUM(A1)"},
        counts[2]: {"Realisasi": HYPERLINK},  # refused rows: refused_rows.csv
        counts[3]: {"Realisasi": COMMAND},
        counts[4]: {"Realisasi": -5},
    }


def formula_fields(path: Path) -> list[tuple[str, str]]:
    """(column, field) of each text field of the CSV table at ``path`` that starts a formula; the Parquet file
    beside it tells which columns are text (a negative number is not a formula)."""
    import csv

    parquet = path.with_suffix(".parquet")
    with duckdb.connect() as conn:
        query = f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{parquet}'))"
        text = {name for name, kind in conn.execute(query).fetchall() if kind == "VARCHAR"}
    with open(path, newline="", encoding="utf-8") as f:
        return [
            (k, v) for row in csv.DictReader(f) for k, v in row.items() if k in text and v.startswith(FORMULA_STARTS)
        ]


# --- a PMPRB worksheet ---------------------------------------------------------------------------


def pmprb_worksheet(year: int) -> Workbook:
    """The year's LKE worksheet as the pipeline writes it (its instrument, cover and coordinator), no answers yet."""
    resolved = year_instrument(SOURCES, year)
    assert resolved.usable, resolved.missing_reason
    instrument = load_instrument(instrument_root(SOURCES) / resolved.version)
    name, code = Collection.load(SOURCES).coordinator(load_units(SOURCES))
    cover = Cover(year, resolved.note, name, code, RoadmapIdentity.load(SOURCES / "roadmap").government)
    return build_workbook(instrument, cover, {})


def answered(wb: Workbook, edit=None) -> Workbook:
    """The worksheet ``wb`` with its first Y/T item answered Ya, then ``edit(sheet, header_row, {header: column})``."""
    ws = wb["LKE"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Kode")
    cols = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    first = next(
        r for r in range(header + 1, ws.max_row + 1) if ws.cell(row=r, column=cols["Pilihan Jawaban"]).value == "Y/T"
    )
    ws.cell(row=first, column=cols["Jawaban"], value="Ya")
    if edit is not None:
        edit(ws, header, cols)
    return wb


def without_question_header(ws, header: int, cols: dict) -> None:
    """An ``answered`` edit: the question column's header renamed, as a clerk who retitles it does."""
    ws.cell(row=header, column=cols[PMPRB_QUESTION], value="Uraian")


# --- what no table may hold ----------------------------------------------------------------------


def non_finite_values(warehouse: Path) -> dict[str, int]:
    """{table.column: how many} of NaN or infinite values in every floating-point column of the warehouse."""
    found = {}
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        kinds = "('DOUBLE', 'FLOAT', 'REAL')"
        columns = conn.execute(
            f"SELECT table_name, column_name FROM information_schema.columns WHERE data_type IN {kinds} ORDER BY ALL"
        ).fetchall()
        for table, column in columns:
            n = conn.execute(f'SELECT count(*) FROM "{table}" WHERE isnan("{column}") OR isinf("{column}")').fetchone()[
                0
            ]
            if n:
                found[f"{table}.{column}"] = int(n)
    return found


def float_tables(warehouse: Path) -> set[str]:
    """The warehouse tables with a floating-point column (so a test knows what ``non_finite_values`` looked at)."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        sql = (
            "SELECT DISTINCT table_name FROM information_schema.columns WHERE data_type IN ('DOUBLE', 'FLOAT', 'REAL')"
        )
        return {r[0] for r in conn.execute(sql).fetchall()}
