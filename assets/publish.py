"""Validate a staged table with its GX suite, then replace it in the warehouse.

The pattern every catalogue-like asset follows: the staged DataFrame is
checked first; the check results are reported to Dagster whatever happens; a
failed critical expectation stops the run before anything is written, so the
warehouse keeps its last good version.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from assets.metadata import asset_metadata, content_version
from assets.resources import Warehouse
from assets.validation_results import store_outcome
from assets.warehouse import replace_table
from expectations.adapter import Suite, check_results, failure_for


def validate_then_replace(
    *,
    asset: str,
    suite: Suite,
    staged: pd.DataFrame,
    warehouse: Warehouse,
    outputs: Path,
    stored: pd.DataFrame | None = None,
    parameters: Mapping[str, Any] | None = None,
    index_columns: Sequence[str] = (),
    extra_metadata: Mapping[str, Any] | None = None,
) -> Iterator[dg.AssetCheckResult | dg.MaterializeResult]:
    """Yield the suite's check results, then write ``stored`` (default: ``staged``) as table ``asset``."""
    outcome = suite.validate(staged, parameters=parameters, index_columns=index_columns)
    store_outcome(outputs, outcome)
    yield from check_results(outcome, asset)
    if not outcome.success:
        raise failure_for(outcome, f"Table {asset}")
    table = staged if stored is None else stored
    with warehouse.get_connection() as conn:
        replace_table(conn, asset, table)
    yield dg.MaterializeResult(
        metadata=asset_metadata(table, table=asset, extra={"validation": outcome.summary(), **(extra_metadata or {})}),
        data_version=content_version(table),
    )
