"""Indeks RB across the years: the view ``indeks_rb_trend`` (``trend.sql``) over ``pmprb_scores``.

One row per assessed year with the instrument version beside the value, so that
a comparison across years can say when two years were scored on different
instruments (14/2014, 26/2020, 9/2023). Refreshed whenever a year is scored;
read by the Ringkasan of the PMPRB worksheet.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from assets.warehouse import read_table, table_exists

VIEW = "indeks_rb_trend"
COLUMNS = ["year", "instrument_version", "indeks_rb", "predikat"]
SQL = (Path(__file__).resolve().parent / "trend.sql").read_text(encoding="utf-8")


def refresh(conn: duckdb.DuckDBPyConnection) -> None:
    """(Re)create the view over ``pmprb_scores``."""
    conn.execute(SQL)


def years(conn: duckdb.DuckDBPyConnection, until: int) -> pd.DataFrame:
    """Each assessed year's Indeks RB, instrument version and predikat up to ``until``, by year (empty
    before any scoring). Later years are left out, so a year's worksheet does not change when a later
    year is scored (the annual run goes through the years in order)."""
    if not table_exists(conn, VIEW):
        return pd.DataFrame(columns=COLUMNS)
    return read_table(conn, f"SELECT {', '.join(COLUMNS)} FROM {VIEW} WHERE year <= ? ORDER BY year", [until])
