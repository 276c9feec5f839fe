"""The monitoring models: SQL files in this folder, run against the warehouse.

Each model is ``<name>.sql`` next to this module, a plain SELECT an analyst can
read and run by hand (after ``macros.sql``), with ``$year`` as parameter. The columns and types
the SQL selects (every one cast explicitly) are the table's declared schema.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from assets.warehouse import read_table, store_query

SQL_DIR = Path(__file__).resolve().parent
MACROS = "macros"


@dataclass(frozen=True)
class Model:
    name: str  # the table, and the SQL file's stem
    order_by: str  # how readers and exports sort it
    partitioned: bool = True  # by year


MODELS = {
    m.name: m
    for m in [
        Model("capaian", "csv_line, unit_order, unit"),
        Model("indicator_capaian", "csv_line"),
        Model("capaian_rollup", "level = 'tahun' DESC, sort_order, level = 'area' DESC"),
        Model("submission_coverage", "unit"),
        Model("unit_summary", "unit"),
        Model("missing_reports", "unit, code"),
        Model("refused_rows", 'level, file, "row", reason_code'),
        Model("area_trend", "area_no = '-', area_no, year", partitioned=False),
    ]
}


@cache
def sql_text(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def define_macros(conn: duckdb.DuckDBPyConnection) -> None:
    conn.execute(sql_text(MACROS))


def run_model(conn: duckdb.DuckDBPyConnection, name: str, params: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Run the model's SQL and store its result: the year's partition, or the whole table."""
    define_macros(conn)
    return store_query(conn, name, sql_text(name), params or {}, partition="year" if MODELS[name].partitioned else None)


def read_model(conn: duckdb.DuckDBPyConnection, name: str, year: int | None = None, where: str = "") -> pd.DataFrame:
    """The stored table (one year of it when partitioned), in the model's order."""
    return read_table(conn, model_query(name, year, where))


def model_query(name: str, year: int | None = None, where: str = "") -> str:
    """SELECT of the stored table: one year when partitioned, an optional extra condition, sorted."""
    model = MODELS[name]
    conditions = [f"year = {int(year)}"] if model.partitioned and year is not None else []
    conditions += [where] if where else []
    filtered = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f'SELECT * FROM "{name}"{filtered} ORDER BY {model.order_by}'
