"""SQL the submissions assets share: each unit's indicators for a year."""

from __future__ import annotations

import duckdb
import pandas as pd

UNIT_TARGETS = """
SELECT t.*, i.action, i.indicator, i.area_no, i.sub_no,
       first_value(t.responsible_unit) OVER (PARTITION BY t.code, t.year ORDER BY t.unit_order) AS lead_unit
FROM roadmap_targets t
JOIN roadmap_indicators i USING (code)
WHERE t.year = ?
ORDER BY t.unit_code, t.csv_line
"""


def unit_targets(conn: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """roadmap_targets of the year joined with the indicator texts, one row per unit and indicator."""
    return conn.execute(UNIT_TARGETS, [year]).df()
