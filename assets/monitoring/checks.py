"""Asset checks of the monitoring tables: SQL over the warehouse, failing rows in the metadata.

- ``one_row_per_scheduled_unit``: ``capaian`` has exactly one row per row of
  ``roadmap_targets`` of the year (indicator x responsible unit), none missing, none extra.
- ``percentages_finite`` (on each table with percentages): no NaN or infinite value.

Both block downstream assets because they guard the pipeline's own invariants,
never a unit's data: a unit's value that is not a finite number is refused with
its row (``assets/forms/values.py``), so a failure here is a bug in the SQL.
"""

from __future__ import annotations

import dagster as dg
import duckdb

from assets.metadata import markdown_table

ONE_ROW_PER_SCHEDULED_UNIT = "one_row_per_scheduled_unit"
PERCENTAGES_FINITE = "percentages_finite"
PREVIEW = 20

COVERAGE_SQL = """
WITH expected AS (SELECT code, unit_code AS unit FROM roadmap_targets WHERE year = $year),
actual AS (SELECT code, unit, count(*) AS n FROM capaian WHERE year = $year GROUP BY ALL)
SELECT coalesce(e.code, a.code) AS code, coalesce(e.unit, a.unit) AS unit,
       CAST(coalesce(a.n, 0) AS INTEGER) AS capaian_rows, e.code IS NOT NULL AS scheduled
FROM expected AS e FULL JOIN actual AS a ON a.code = e.code AND a.unit IS NOT DISTINCT FROM e.unit
WHERE e.code IS NULL OR coalesce(a.n, 0) <> 1
ORDER BY 1, 2
"""
PERCENT_COLUMNS = {
    "capaian": ["capaian_pct"],
    "indicator_capaian": ["capaian_pct", "capaian_capped"],
    "capaian_rollup": ["achieved_pct", "mean_capaian_pct"],
    "unit_summary": ["achieved_pct", "mean_capaian_pct"],
}


def check_specs(table: str) -> list[dg.AssetCheckSpec]:
    """The checks of one monitoring table."""
    specs = []
    if table == "capaian":
        specs.append(
            dg.AssetCheckSpec(
                ONE_ROW_PER_SCHEDULED_UNIT,
                asset=table,
                blocking=True,
                description="Exactly one capaian row per scheduled indicator and responsible unit (roadmap_targets of the year).",
            )
        )
    if table in PERCENT_COLUMNS:
        specs.append(
            dg.AssetCheckSpec(
                PERCENTAGES_FINITE,
                asset=table,
                blocking=True,
                description=f"No NaN or infinite value in {', '.join(PERCENT_COLUMNS[table])}.",
            )
        )
    return specs


def check_results(conn: duckdb.DuckDBPyConnection, table: str, year: int) -> list[dg.AssetCheckResult]:
    results = [one_row_per_scheduled_unit(conn, year)] if table == "capaian" else []
    if table in PERCENT_COLUMNS:
        results.append(percentages_finite(conn, table, year))
    return results


def one_row_per_scheduled_unit(conn: duckdb.DuckDBPyConnection, year: int) -> dg.AssetCheckResult:
    bad = conn.execute(COVERAGE_SQL, {"year": year}).df()
    return dg.AssetCheckResult(
        check_name=ONE_ROW_PER_SCHEDULED_UNIT,
        asset_key="capaian",
        passed=bad.empty,
        metadata={
            "offending_pairs": len(bad),
            "first_offending": dg.MetadataValue.md(markdown_table(bad.head(PREVIEW))),
        },
    )


def percentages_finite(conn: duckdb.DuckDBPyConnection, table: str, year: int) -> dg.AssetCheckResult:
    counts = {}
    for column in PERCENT_COLUMNS[table]:
        sql = f'SELECT count(*) FROM "{table}" WHERE year = ? AND (isnan("{column}") OR isinf("{column}"))'
        counts[column] = conn.execute(sql, [year]).fetchone()[0]
    failing = {k: v for k, v in counts.items() if v}
    return dg.AssetCheckResult(
        check_name=PERCENTAGES_FINITE,
        asset_key=table,
        passed=not failing,
        metadata={
            "columns_checked": dg.MetadataValue.json(list(counts)),
            "non_finite_rows": dg.MetadataValue.json(failing),
        },
    )
