"""Tables out as Parquet and CSV files, written by DuckDB's ``COPY``.

DuckDB writes to a temporary name in the target folder; the file then
replaces the published one with ``os.replace`` (atomic), or is dropped when
its bytes equal the published file's, so readers never see half a file and
unchanged tables keep their modification time.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

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
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        conn.execute(f"COPY ({query}) TO {_literal(tmp)} {options}")
        if path.exists() and Path(tmp).read_bytes() == path.read_bytes():
            Path(tmp).unlink()
            return False
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return True
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _literal(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"
