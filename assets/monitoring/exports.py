"""Tables out as Parquet and CSV files, written by DuckDB's ``COPY``.

DuckDB writes each file into a private scratch folder; it then replaces the
published file atomically, or is dropped when its bytes are the same
(:func:`assets.files.replace_atomically`): readers never see half a file, and
an unchanged table keeps its modification time, and its folder too.

The CSV files are opened by analysts in Excel, which runs a field starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a formula (CSV
injection: a unit's Kendala ``=HYPERLINK(...)`` would become a live link). In
the CSV each such field of a text column is prefixed with a single quote (the
OWASP guard; Excel then shows the text as written). Numbers, dates and the
other typed columns are never touched, so a negative number stays a number;
the Parquet files, like the warehouse, keep the text exactly as written.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from assets.files import replace_atomically

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a text field starting with one of these is a formula to Excel
TEXT_TYPES = {"VARCHAR"}


def export_query(conn: duckdb.DuckDBPyConnection, query: str, folder: Path, stem: str) -> tuple[list[Path], int]:
    """``query`` as ``<folder>/<stem>.parquet`` and ``.csv``; returns the paths and how many changed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, changed = [], 0
    for extension, options in FORMATS.items():
        path = folder / f"{stem}.{extension}"
        changed += copy_atomically(conn, csv_safe_query(conn, query) if extension == "csv" else query, path, options)
        paths.append(path)
    return paths, changed


def csv_safe_query(conn: duckdb.DuckDBPyConnection, query: str) -> str:
    """``query`` with each text field that Excel would run as a formula prefixed with a single quote."""
    relation = conn.sql(query)
    starts = ", ".join(_literal(c) if c >= " " else f"chr({ord(c)})" for c in FORMULA_STARTS)
    columns = [
        f"CASE WHEN left({_name(c)}, 1) IN ({starts}) THEN {_literal(chr(39))} || {_name(c)} ELSE {_name(c)} END AS {_name(c)}"
        if str(t) in TEXT_TYPES
        else _name(c)
        for c, t in zip(relation.columns, relation.types)
    ]
    return f"SELECT {', '.join(columns)} FROM ({query}) AS exported"


def copy_atomically(conn: duckdb.DuckDBPyConnection, query: str, path: Path, options: str) -> bool:
    return replace_atomically(path, lambda tmp: conn.execute(f"COPY ({query}) TO {_literal(tmp)} {options}"))


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _name(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'
