"""Writing to the DuckDB warehouse: whole tables and year partitions, atomically.

Each write is one transaction, so a crash leaves the previous version; a
partition write deletes the partition's rows first, then inserts, so re-runs
and backfills are idempotent.
"""

from __future__ import annotations

from collections.abc import Mapping

import duckdb
import pandas as pd

_STAGED = "_staged_frame"


def replace_table(conn: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    _write(conn, df, [(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM {_STAGED}', [])])


def replace_partition(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    df: pd.DataFrame,
    *,
    column: str,
    key: object,
    schema: Mapping[str, str],
) -> None:
    """Replace the rows of one partition (``column = key``) with ``df``.

    ``schema`` (column -> DuckDB type) is the table's declared shape, so that a
    first partition with empty columns does not decide their types; columns
    added to a schema later are added to the table.
    """
    columns = ", ".join(f'"{c}" {t}' for c, t in schema.items())
    existing = {
        r[0]
        for r in conn.execute(
            f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}'"
        ).fetchall()
    }
    added = [
        (f'ALTER TABLE "{table}" ADD COLUMN "{c}" {t}', []) for c, t in schema.items() if existing and c not in existing
    ]
    select = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in schema.items())
    _write(
        conn,
        _nulls_as_none(df.reindex(columns=list(schema))),
        [
            (f'CREATE TABLE IF NOT EXISTS "{table}" ({columns})', []),
            *added,
            (f'DELETE FROM "{table}" WHERE "{column}" = ?', [key]),
            (f'INSERT INTO "{table}" BY NAME SELECT {select} FROM {_STAGED}', []),
        ],
    )


def store_query(
    conn: duckdb.DuckDBPyConnection,
    table: str,
    sql: str,
    params: Mapping[str, object],
    *,
    partition: str | None = "year",
) -> pd.DataFrame:
    """Run a SELECT and store its result as ``table``: the partition ``partition = params[partition]``
    (the columns and types the SQL selects are the table's schema), or the whole table when ``partition`` is None."""
    relation = conn.sql(sql, params=dict(params))
    schema = {column: str(kind) for column, kind in zip(relation.columns, relation.types)}
    df = relation.df()
    if partition is None:
        replace_table(conn, table, df)
    else:
        replace_partition(conn, table, df, column=partition, key=params[partition], schema=schema)
    return df


def _nulls_as_none(df: pd.DataFrame) -> pd.DataFrame:
    """Missing values as None, so an empty text column never becomes the string 'nan'."""
    out = df.astype(object)
    return out.where(df.notna(), None)


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


def table_exists(conn: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``table`` exists: for an asset that reads its own previous version (nothing else should ask)."""
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(conn.execute(sql, [table]).fetchall()[0][0])


def read_table(conn: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    return conn.execute(sql, params or []).df()
