"""A value that is not a finite number is refused with its reason; it never stops the year.

A Realisasi or an Indikator Hasil value typed ``NaN``, ``INF``, ``-inf``,
``1e400`` or 400 nines, stored as such a number in the sheet's XML (as a
broken sync tool or another program writes it), or cached as the result of a
formula, is refused with a stable code; the year runs to the end, the unit's
other rows count, and no table holds a NaN or an infinity.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from assets.forms.values import MAX_VALUE, REASONS, CellInput, parse_realisasi
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import NINES, float_tables, hostile_outcome_form, hostile_unit_workbook, non_finite_values
from tests.intake_support import query
from tests.workbooks import put

YEAR = 2021
UNIT = "ORG"

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


@pytest.fixture(scope="module")
def hostile_year(tmp_path_factory):
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("hostile_values")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generate(settings, years=[YEAR], with_mistakes=False)
    later = dt.datetime.now() + dt.timedelta(minutes=1)
    data, unit_expected, unit_codes = hostile_unit_workbook(UNIT, YEAR)
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
    assert {"progress", "outcome_values", "capaian", "pmprb_scores"} <= float_tables(settings.warehouse_path)
    assert non_finite_values(settings.warehouse_path) == {}
