"""Tables out as Parquet and CSV files, written by DuckDB's ``COPY``.

DuckDB writes to a temporary name in the target folder, which then replaces
the published file atomically or is dropped when its bytes are the same
(:func:`assets.files.replace_atomically`): readers never see half a file and
unchanged tables keep their modification time.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from assets.files import replace_atomically

FORMATS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}


def export_query(conn: duckdb.DuckDBPyConnection, query: str, folder: Path, stem: str) -> tuple[list[Path], int]:
    """``query`` as ``<folder>/<stem>.parquet`` and ``.csv``; returns the paths and how many changed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, changed = [], 0
    for extension, options in FORMATS.items():
        path = folder / f"{stem}.{extension}"
        changed += copy_atomically(conn, query, path, options)
        paths.append(path)
    return paths, changed


def copy_atomically(conn: duckdb.DuckDBPyConnection, query: str, path: Path, options: str) -> bool:
    return replace_atomically(path, lambda tmp: conn.execute(f"COPY ({query}) TO {_literal(tmp)} {options}"))


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"
