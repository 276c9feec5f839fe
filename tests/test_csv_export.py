"""CSV exports never carry a formula Excel would run; Parquet and the warehouse keep the text as written.

A unit's Kendala ``=HYPERLINK(...)`` or ``+cmd|' /C calc'!A0`` flows through the
real year into ``tables/capaian.csv`` and ``tables/refused_rows.csv``; there each
text field starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with a single quote, and no number is touched.
"""

from __future__ import annotations

import csv
import datetime as dt

import duckdb
import pytest

from assets.monitoring.exports import FORMULA_STARTS, export_query
from samples.fill import fill_row
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import COMMAND, HYPERLINK, formula_text_cases, on_target
from tests.workbooks import put, unit_rows, unit_template

YEAR = 2021
UNIT = "ORG"


def read_csv(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_only_text_fields_are_escaped_and_numbers_stay_numbers(tmp_path):
    with duckdb.connect() as conn:
        conn.execute("CREATE TABLE t (label VARCHAR, amount DOUBLE, n INTEGER, day DATE)")
        rows = [
            (HYPERLINK, -5.5, -3, "2021-01-02"),
            (COMMAND, 1.25, 4, None),
            ("-2+3", -0.0001, None, None),
            ("@SUM(A1)", None, 0, None),
            ("\tkolom", 2.0, 1, None),
            ("\rbaris", 3.0, 2, None),
            ("biasa", 4.0, 3, None),
            (None, 5.0, 5, None),
        ]
        conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", rows)
        (parquet, csv_path), changed = export_query(conn, "SELECT * FROM t ORDER BY amount NULLS LAST", tmp_path, "t")
        assert changed == 2
        kept = conn.execute(f"SELECT label, amount, n FROM read_parquet('{parquet}')").fetchall()
    exported = read_csv(csv_path)
    by_amount = {r["amount"]: r for r in exported}
    assert by_amount["-5.5"]["label"] == "'" + HYPERLINK and by_amount["-5.5"]["n"] == "-3"
    assert by_amount["1.25"]["label"] == "'" + COMMAND
    assert by_amount["-0.0001"]["label"] == "'-2+3"
    assert by_amount[""]["label"] == "'@SUM(A1)"
    assert by_amount["2.0"]["label"] == "'\tkolom" and by_amount["3.0"]["label"] == "'\rbaris"
    assert by_amount["4.0"]["label"] == "biasa" and by_amount["5.0"]["label"] == ""
    assert sorted(r[0] for r in kept if r[0]) == sorted(r[0] for r in rows if r[0])  # Parquet: as written
    assert {r[1] for r in kept} == {r[1] for r in rows}


@pytest.fixture(scope="module")
def formula_text_year(tmp_path_factory):
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("csv_export")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generate(settings, years=[YEAR], with_mistakes=False)
    rows = unit_rows(SOURCES, YEAR, UNIT)
    wb = on_target(unit_template(SOURCES, YEAR, UNIT), rows, YEAR, evidence="SK No. {line}/{year}")
    cases = formula_text_cases(rows)
    for code, values in cases.items():
        fill_row(wb, code, values)
    file = put(
        settings.inbox_root / "submissions" / str(YEAR) / "kiriman ulang" / "rumus.xlsx",
        wb,
        dt.datetime.now() + dt.timedelta(minutes=1),
    )
    result = run_annual(settings, YEAR)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return settings, file.relative_to(settings.inbox_root).as_posix(), cases


def test_formula_text_is_escaped_in_capaian_and_refused_rows_csv(formula_text_year):
    settings, file, cases = formula_text_year
    tables = settings.outputs_dir / str(YEAR) / "tables"
    first, second, link, command, negative = list(cases)
    capaian = {r["code"]: r for r in read_csv(tables / "capaian.csv") if r["unit"] == UNIT}
    assert capaian[first]["kendala"] == "'" + HYPERLINK and capaian[first]["solusi"] == "'" + COMMAND
    assert capaian[second]["kendala"] == "'" + COMMAND and capaian[second]["keterangan"] == "'@SUM(A1)"
    refused = {r["code"]: r for r in read_csv(tables / "refused_rows.csv") if r["file"] == file}
    assert refused[link]["raw_value"] == "'" + HYPERLINK and refused[command]["raw_value"] == "'" + COMMAND
    assert refused[negative]["raw_value"] == "'-5" and refused[negative]["reason_code"] == "VALUE_NEGATIVE"


def test_no_text_field_of_any_csv_starts_a_formula_and_numbers_match_the_parquet(formula_text_year):
    settings, _, _ = formula_text_year
    tables = settings.outputs_dir / str(YEAR) / "tables"
    csv_files = sorted(tables.glob("*.csv"))
    assert {"capaian.csv", "refused_rows.csv"} <= {p.name for p in csv_files}
    with duckdb.connect() as conn:
        for path in csv_files:
            parquet = path.with_suffix(".parquet")
            types = dict(
                conn.execute(
                    f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{parquet}'))"
                ).fetchall()
            )
            stored = conn.execute(f"SELECT * FROM read_parquet('{parquet}')").fetchall()
            exported = read_csv(path)
            assert len(exported) == len(stored), path.name
            names = list(types)
            for row, original in zip(exported, stored):
                for name, value in zip(names, original):
                    if types[name] == "VARCHAR":
                        assert not row[name].startswith(FORMULA_STARTS), (path.name, name, row[name])
                        assert row[name] in ("" if value is None else value, "'" + (value or "")), (path.name, name)
                    elif isinstance(value, (int, float)) and not isinstance(value, bool):
                        assert float(row[name]) == pytest.approx(float(value)), (path.name, name)


def test_the_warehouse_and_parquet_keep_the_text_as_written(formula_text_year):
    settings, file, cases = formula_text_year
    first = next(iter(cases))
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        kendala = conn.execute("SELECT kendala FROM progress WHERE file = ? AND code = ?", [file, first]).fetchone()[0]
        parquet = settings.outputs_dir / str(YEAR) / "tables" / "capaian.parquet"
        shown = conn.execute(
            f"SELECT kendala FROM read_parquet('{parquet}') WHERE unit = ? AND code = ?", [UNIT, first]
        ).fetchone()[0]
    assert kendala == shown == HYPERLINK
