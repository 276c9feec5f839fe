"""The instrument tables in the warehouse (``lke_*``): written together, read back per version.

The scoring SQL and the worksheet both read the instrument from here, so a
worksheet and ``pmprb_scores`` always come from the same instrument data.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from assets.pmprb.instrument import FILES, Instrument, shaped_lines
from assets.warehouse import table_exists

PREFIX = "lke_"
INFO_TABLE = f"{PREFIX}instruments"
_STAGED = "_staged_instrument_table"


def table_name(name: str) -> str:
    return f"{PREFIX}{name}"


def store_instruments(conn: duckdb.DuckDBPyConnection, instruments: list[Instrument]) -> dict[str, int]:
    """Replace every ``lke_*`` table in one transaction; returns the row count of each."""
    frames: dict[str, list[pd.DataFrame]] = {}
    for instrument in instruments:
        for name, df in instrument.tables().items():
            frames.setdefault(table_name(name), []).append(df)
    counts = {}
    conn.execute("BEGIN TRANSACTION")
    try:
        for table, parts in frames.items():
            conn.register(_STAGED, pd.concat(parts, ignore_index=True))
            conn.execute(f'CREATE OR REPLACE TABLE "{table}" AS SELECT * FROM {_STAGED}')
            conn.unregister(_STAGED)
            counts[table] = sum(len(p) for p in parts)
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return counts


def stored_versions(conn: duckdb.DuckDBPyConnection) -> list[str]:
    if not table_exists(conn, INFO_TABLE):
        return []
    return [r[0] for r in conn.execute(f"SELECT instrument_version FROM {INFO_TABLE} ORDER BY 1").fetchall()]


def stored_instrument(conn: duckdb.DuckDBPyConnection, version: str) -> Instrument | None:
    if version not in stored_versions(conn):
        return None

    def read(name: str) -> pd.DataFrame:
        sql = f'SELECT * EXCLUDE (instrument_version, position) FROM "{table_name(name)}" WHERE instrument_version = ? ORDER BY position'
        return conn.execute(sql, [version]).df()

    info = read("instruments").iloc[0]
    tables = {name: read(name) for name in FILES}
    return Instrument(
        version=version,
        name=info["name"],
        regulation=info["regulation"],
        source=info["source"],
        max_score=float(info["max_score"]),
        items_from=info["items_from"] if isinstance(info["items_from"], str) else None,
        guidance=info["guidance"] if isinstance(info["guidance"], str) else None,
        **tables,
        lines=_stored_lines(read("lines")),
    )


def _stored_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines as stored (effective weight) shaped again without dividing twice."""
    divisor = lines["weight_divisor"]
    return shaped_lines(lines.assign(weight=lines["weight_numerator"])).assign(weight_divisor=divisor)
