"""From the year's road-map achievement to the PMPRB worksheet: suggested answers and Hasil inputs.

The rules are in ``suggestions.sql`` and ``hasil_inputs.sql``; their thresholds
and translations are data (``sources/instrument/suggestion_rules.csv``,
``hasil_sources.csv``, and the instrument's ``roadmap_mapping.csv``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from assets.csv_files import read_csv_file
from assets.pmprb.instrument import instrument_root

HERE = Path(__file__).resolve().parent
SUGGESTIONS_SQL = (HERE / "suggestions.sql").read_text(encoding="utf-8")
HASIL_SQL = (HERE / "hasil_inputs.sql").read_text(encoding="utf-8")
MAPPING = "roadmap_mapping.csv"
SUGGESTIONS_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "linked": "INTEGER",
    "achieved": "INTEGER",
    "share": "DOUBLE",
    "linked_codes": "VARCHAR",
    "bukti_dukung": "VARCHAR",
}
HASIL_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "outcome": "VARCHAR",
    "source_document": "VARCHAR",
}


def mapping(sources_dir: Path, version: str) -> pd.DataFrame:
    """The instrument's links to road-map codes (``lke_code, roadmap_code, level``); none when absent."""
    path = instrument_root(sources_dir) / version / MAPPING
    if not path.exists():
        return pd.DataFrame(columns=["lke_code", "roadmap_code", "level", "basis"])
    return read_csv_file(path)[["lke_code", "roadmap_code", "level", "basis"]]


def suggestions(conn: duckdb.DuckDBPyConnection, sources_dir: Path, year: int, version: str) -> pd.DataFrame:
    rules = read_csv_file(instrument_root(sources_dir) / "suggestion_rules.csv", numeric=["min_share"])
    conn.register("mapping", mapping(sources_dir, version))
    conn.register("rules", rules[["answer_type", "answer", "min_share"]])
    try:
        return conn.execute(SUGGESTIONS_SQL, {"year": year, "version": version}).df()
    finally:
        conn.unregister("mapping")
        conn.unregister("rules")


def hasil_inputs(conn: duckdb.DuckDBPyConnection, sources_dir: Path, year: int) -> pd.DataFrame:
    table = read_csv_file(instrument_root(sources_dir) / "hasil_sources.csv")
    conn.register("sources", table[["hasil_code", "outcome", "outcome_value", "answer"]])
    try:
        return conn.execute(HASIL_SQL, {"year": year}).df()
    finally:
        conn.unregister("sources")
