"""The scoring engine: ``scoring.sql`` run in DuckDB on one year's answers.

The rules are in the SQL file, where an analyst can read them. This module
supplies the year's answers (from table ``pmprb_answers`` when it exists) and
the parameters.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from assets.warehouse import table_exists

SQL = (Path(__file__).resolve().parent / "scoring.sql").read_text(encoding="utf-8")
ANSWERS_TABLE = "pmprb_answers"
ANSWER_COLUMNS = ["code", "answer", "answer_source"]
ANSWER_SOURCES = ("suggested", "final")
# A Hasil input is a number when its text is written like this (the worksheet writes such text as a number).
NUMBER_PATTERN = r"-?[0-9]+(\.[0-9]+)?"
SCORES_SCHEMA = {
    "year": "INTEGER",
    "instrument_version": "VARCHAR",
    "level": "VARCHAR",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "score": "DOUBLE",
    "weight": "DOUBLE",
    "rating": "VARCHAR",
}
SCORE_COLUMNS = {
    "year": "int32",
    "instrument_version": "str",
    "level": "str",
    "code": "str",
    "answer": "str",
    "answer_source": "str",
    "score": "float64",
    "weight": "float64",
    "rating": "str",
}


def score_year(conn: duckdb.DuckDBPyConnection, year: int, version: str, answers: pd.DataFrame) -> pd.DataFrame:
    """``pmprb_scores`` rows of ``year``: items, sub-components, areas, components and the total."""
    conn.register("year_answers", answers[ANSWER_COLUMNS].astype("str"))
    try:
        scores = conn.execute(SQL, {"year": year, "version": version, "number_pattern": NUMBER_PATTERN}).df()
    finally:
        conn.unregister("year_answers")
    return scores.astype(SCORE_COLUMNS)


# Where the year's answers come from: the Tim PMPRB's answered worksheet (final), the
# Indikator Hasil values for the Hasil inputs (final), and the suggestions (suggested).
ANSWER_TABLES = (ANSWERS_TABLE, "pmprb_hasil_inputs", "pmprb_suggestions")


def stored_answers(conn: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The year's answers (code, answer, answer_source) from every answer table that exists."""
    parts = [
        f'SELECT code, answer, answer_source, {rank} AS precedence FROM "{t}" WHERE year = $year AND answer IS NOT NULL'
        for rank, t in enumerate(ANSWER_TABLES)
        if table_exists(conn, t)
    ]
    if not parts:
        return no_answers()
    # One answer per code, always the same one: final before suggested; between two final answers the
    # Tim PMPRB's worksheet before the Indikator Hasil form (the order of ANSWER_TABLES).
    order = " ORDER BY code, CASE answer_source WHEN 'final' THEN 0 ELSE 1 END, precedence"
    found = conn.execute(" UNION ALL ".join(parts) + order, {"year": year}).df()
    return found.drop_duplicates("code", keep="first")[ANSWER_COLUMNS].reset_index(drop=True)


def no_answers() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in ANSWER_COLUMNS})


def no_scores() -> pd.DataFrame:
    """An empty ``pmprb_scores`` frame with the table's column types."""
    return pd.DataFrame({c: pd.Series([], dtype=t) for c, t in SCORE_COLUMNS.items()})
