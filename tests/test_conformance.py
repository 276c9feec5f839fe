"""Every asset, present and future, meets the analysts' conventions.

Declared: a description, a group, kinds and owners. Materialized (one real
sample year, end to end): every asset reports a row count or the files it
wrote; every Great Expectations check reports, per expectation, whether it
passed, how many rows failed and, when it failed, the first offending rows.
"""

from __future__ import annotations

import pytest

from expectations.adapter import SUITES_DIR, Suite
from pipelines.definitions import build_definitions
from tests.year_support import materialized_year

KINDS = {"duckdb", "excel", "great_expectations", "csv", "sql", "parquet", "python", "html", "pdf"}
FILE_KEYS = {"path", "paths"}


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return materialized_year(tmp_path_factory)


def _gx_check_names() -> set[str]:
    return {name for path in SUITES_DIR.glob("*.json") for name in Suite.load(path.stem).check_names()}


def test_every_asset_is_declared_for_the_analysts(settings):
    missing = {}
    for spec in build_definitions(settings).resolve_all_asset_specs():
        lacks = [
            field
            for field, ok in [
                ("description", bool(spec.description)),
                ("group", spec.group_name not in (None, "default")),
                ("kinds", bool(spec.kinds) and set(spec.kinds) <= KINDS),
                ("owners", bool(spec.owners)),
            ]
            if not ok
        ]
        if lacks:
            missing[spec.key.to_user_string()] = lacks
    assert not missing, f"assets lacking conventions (kinds must be among {sorted(KINDS)}): {missing}"


def test_the_sample_year_materializes_every_asset(year):
    declared = {s.key for s in build_definitions(year.settings).resolve_all_asset_specs()}
    materialized = {e.asset_key for e in year.result.get_asset_materialization_events()}
    assert declared - materialized == set()


def test_every_materialization_records_a_row_count_or_its_files(year):
    silent = [
        e.asset_key.to_user_string()
        for e in year.result.get_asset_materialization_events()
        if "dagster/row_count" not in e.materialization.metadata and not FILE_KEYS & set(e.materialization.metadata)
    ]
    assert not silent, f"materializations without dagster/row_count, path or paths: {silent}"


def test_every_expectation_reports_its_outcome_and_offending_rows(year):
    gx_checks = _gx_check_names()
    evaluations = [e for e in year.result.get_asset_check_evaluations() if e.check_name in gx_checks]
    assert evaluations, "no Great Expectations check ran"
    failed = 0
    for e in evaluations:
        name = f"{e.asset_key.to_user_string()}:{e.check_name}"
        metadata = e.metadata
        assert metadata["passed"].value is e.passed, name
        assert isinstance(metadata["unexpected_count"].value, int), name
        if not e.passed:
            failed += 1
            shown = "first_offending_rows" if metadata["unexpected_count"].value else "observed_value"
            assert shown in metadata, f"{name} failed without {shown}"
    assert failed, "the sample year's mistakes should fail some expectations"
