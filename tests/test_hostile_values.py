"""A value that is not a finite number is refused with its reason; it never stops the year.

A Realisasi or an Indikator Hasil value typed ``NaN``, ``INF``, ``-inf``,
``1e400`` or 400 nines, stored as such a number in the sheet's XML (as a
broken sync tool or another program writes it), or cached as the result of a
formula, is refused with a stable code; the year runs to the end, the unit's
other rows count, and no table holds a NaN or an infinity.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile

import duckdb
import openpyxl
import pytest

from assets.forms import indikator_hasil as outcome_form
from assets.forms.layouts import INDIKATOR_HASIL
from assets.forms.values import MAX_VALUE, REASONS, CellInput, parse_realisasi
from assets.roadmap.catalogue import load_outcomes
from assets.xlsx_files import workbook_bytes
from samples.fill import fill_row
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.workbooks import put, unit_rows, unit_template

YEAR = 2021
UNIT = "ORG"
NINES = "9" * 400

# --- the parser -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("NaN", "VALUE_NOT_FINITE"),
        ("nan", "VALUE_NOT_FINITE"),
        ("INF", "VALUE_NOT_FINITE"),
        ("-inf", "VALUE_NOT_FINITE"),
        ("Infinity", "VALUE_NOT_FINITE"),
        ("\u221e", "VALUE_NOT_FINITE"),
        (math.nan, "VALUE_NOT_FINITE"),
        (math.inf, "VALUE_NOT_FINITE"),
        (-math.inf, "VALUE_NOT_FINITE"),
        ("1e400", "VALUE_TOO_LARGE"),
        ("1E+400", "VALUE_TOO_LARGE"),
        (NINES, "VALUE_TOO_LARGE"),
        (NINES + ",5", "VALUE_TOO_LARGE"),
        ("1" + ".000" * 120, "VALUE_TOO_LARGE"),
        (int(NINES), "VALUE_TOO_LARGE"),
        (1e300, "VALUE_TOO_LARGE"),
        (MAX_VALUE * 10, "VALUE_TOO_LARGE"),
        ("1,5E+3", "VALUE_SCIENTIFIC"),
    ],
)
@pytest.mark.parametrize("kind", ["count", "percent", "budget", "range", "placeholder"])
def test_a_value_that_is_not_a_finite_number_is_refused(kind, value, code):
    parsed = parse_realisasi(CellInput(value), kind, 10.0)
    assert (parsed.value, parsed.reason_code, parsed.reason) == (None, code, REASONS[code])
    assert isinstance(parsed.raw, str) and parsed.raw


def test_a_percent_cell_whose_hundredfold_overflows_is_refused():
    parsed = parse_realisasi(CellInput(1e307, number_format="0%"), "percent", 80.0)
    assert parsed.reason_code == "VALUE_TOO_LARGE"


def test_a_budget_scaled_beyond_the_largest_number_is_refused():
    parsed = parse_realisasi(CellInput("9" * 306 + " triliun"), "budget", 5.0)
    assert parsed.reason_code == "VALUE_TOO_LARGE"


def test_the_largest_plausible_value_is_still_read():
    assert parse_realisasi(CellInput(MAX_VALUE), "count", 10.0).value == MAX_VALUE
    assert parse_realisasi(CellInput("1.000.000.000.000"), "count", 10.0).value == 1e12


# --- through the real year --------------------------------------------------------------------

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


def hostile_unit_workbook() -> tuple[bytes, dict[str, str], list[str]]:
    """The unit's template, every row filled correctly except one hostile value per case (code -> expected reason code)."""
    rows = unit_rows(SOURCES, YEAR, UNIT).sort_values("csv_line")
    wb = unit_template(SOURCES, YEAR, UNIT)
    for t in rows.to_dict("records"):
        value = (
            "Ya"
            if t["target_kind"] == "qualitative"
            else t["target_value"]
            if t["target_value"] == t["target_value"]
            else 1
        )
        fill_row(wb, t["code"], {"Realisasi": value, "Bukti Dukung": f"SK Bupati No. {t['csv_line']}/{YEAR}"})
    counts = [c for c, k in zip(rows["code"], rows["target_kind"]) if k == "count"]
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


def hostile_outcome_form(path) -> tuple[bytes, dict[str, str]]:
    """The generated Indikator Hasil form with hostile values in its number rows."""
    wb = openpyxl.load_workbook(path)
    ws = wb[INDIKATOR_HASIL.sheet]
    header = [c.value for c in ws[1]]
    rows = outcome_form.form_rows(load_outcomes(SOURCES / "roadmap"), SOURCES)
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


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).df()


@pytest.fixture(scope="module")
def hostile_year(tmp_path_factory):
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("hostile_values")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generate(settings, years=[YEAR], with_mistakes=False)
    later = dt.datetime.now() + dt.timedelta(minutes=1)
    data, unit_expected, unit_codes = hostile_unit_workbook()
    unit_file = put(
        settings.inbox_root / "submissions" / str(YEAR) / "kiriman ulang" / "realisasi hostile.xlsx", data, later
    )
    outcome_path = next((settings.inbox_root / "indikator_hasil" / str(YEAR)).glob("*.xlsx"))
    data, outcome_expected = hostile_outcome_form(outcome_path)
    outcome_file = put(outcome_path.parent / "revisi hostile.xlsx", data, later)
    result = run_annual(settings, YEAR)
    return (
        settings,
        result,
        {
            "unit": (unit_file.relative_to(settings.inbox_root).as_posix(), unit_expected, unit_codes),
            "outcome": (outcome_file.relative_to(settings.inbox_root).as_posix(), outcome_expected),
        },
    )


def test_the_year_runs_to_the_end_with_every_check_passing(hostile_year):
    settings, result, _ = hostile_year
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    failed = [
        (c.asset_key.to_user_string(), c.check_name)
        for c in result.get_asset_check_evaluations()
        if not c.passed and c.severity.value == "ERROR"
    ]
    assert not failed
    for name in ("monitoring_2021.xlsx", "pmprb_2021.xlsx", "rekap_pengumpulan.xlsx", "feedback"):
        assert (settings.outputs_dir / str(YEAR) / name).exists(), name


def test_each_hostile_realisasi_is_refused_with_its_reason_and_the_other_rows_count(hostile_year):
    settings, _, files = hostile_year
    file, expected, codes = files["unit"]
    rejects = query(
        settings, "SELECT code, reason_code, reason FROM progress_rejects WHERE year = ? AND file = ?", [YEAR, file]
    )
    assert dict(zip(rejects["code"], rejects["reason_code"])) == expected
    assert all(reason == REASONS[code] for code, reason in zip(rejects["reason_code"], rejects["reason"]))
    accepted = query(settings, "SELECT code FROM progress WHERE year = ? AND file = ?", [YEAR, file])["code"]
    assert sorted(accepted) == sorted(set(codes) - set(expected))
    others = query(
        settings, "SELECT count(DISTINCT unit) AS n FROM progress WHERE year = ? AND unit <> ?", [YEAR, UNIT]
    )["n"].iloc[0]
    assert others > 5
    capaian = query(settings, "SELECT code, status FROM capaian WHERE year = ? AND unit = ?", [YEAR, UNIT]).set_index(
        "code"
    )["status"]
    assert set(capaian[list(expected)]) == {"Belum Dilaporkan"}


def test_each_hostile_indikator_hasil_value_is_refused_with_its_reason(hostile_year):
    settings, _, files = hostile_year
    file, expected = files["outcome"]
    rejects = query(settings, "SELECT code, reason_code FROM outcome_rejects WHERE year = ? AND file = ?", [YEAR, file])
    assert dict(zip(rejects["code"], rejects["reason_code"])) == expected
    values = query(settings, "SELECT outcome FROM outcome_values WHERE year = ? AND file = ?", [YEAR, file])["outcome"]
    assert len(values) > 0 and not set(values) & set(expected)


def test_no_table_holds_a_nan_or_an_infinity(hostile_year):
    settings, _, _ = hostile_year
    columns = query(
        settings,
        "SELECT table_name, column_name FROM information_schema.columns WHERE data_type IN ('DOUBLE', 'FLOAT', 'REAL') ORDER BY ALL",
    )
    assert {"progress", "outcome_values", "capaian", "pmprb_scores"} <= set(columns["table_name"])
    found = {}
    for table, column in zip(columns["table_name"], columns["column_name"]):
        n = query(settings, f'SELECT count(*) AS n FROM "{table}" WHERE isnan("{column}") OR isinf("{column}")')[
            "n"
        ].iloc[0]
        if n:
            found[f"{table}.{column}"] = int(n)
    assert found == {}
