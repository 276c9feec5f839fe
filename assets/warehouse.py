"""Writing to the DuckDB warehouse: whole tables and year partitions, atomically.

Each write is one transaction, so a crash leaves the previous version; a
partition write deletes the partition's rows first, then inserts, so re-runs
and backfills are idempotent.
"""

from __future__ import annotations

import duckdb
import pandas as pd

_STAGED = "_staged_frame"


def replace_table(conn: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    _write(conn, df, [(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM {_STAGED}', [])])


def replace_partition(
    conn: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame, *, column: str, key: object
) -> None:
    """Replace the rows of one partition (``column = key``) with ``df``."""
    _write(
        conn,
        df,
        [
            (f'CREATE TABLE IF NOT EXISTS "{table}" AS SELECT * FROM {_STAGED} LIMIT 0', []),
            (f'DELETE FROM "{table}" WHERE "{column}" = ?', [key]),
            (f'INSERT INTO "{table}" BY NAME SELECT * FROM {_STAGED}', []),
        ],
    )


def _write(conn: duckdb.DuckDBPyConnection, df: pd.DataFrame, statements: list[tuple[str, list]]) -> None:
    """Run ``statements`` against the staged frame in one transaction."""
    conn.register(_STAGED, df)
    try:
        conn.execute("BEGIN TRANSACTION")
        for sql, params in statements:
            conn.execute(sql, params)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    finally:
        conn.unregister(_STAGED)


def read_table(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return conn.execute(sql, params or []).df()
