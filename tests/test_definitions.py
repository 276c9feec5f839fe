"""The code location loads and every asset is described for the analysts' UI."""

from __future__ import annotations

import dagster as dg

from pipelines.definitions import build_definitions
from pipelines.jobs import ANNUAL_JOB


def _asset_specs(settings):
    defs = build_definitions(settings)
    return defs, list(defs.resolve_all_asset_specs())


def test_every_asset_has_description_group_kinds_and_owners(settings):
    defs, specs = _asset_specs(settings)
    assert specs, "no assets loaded"
    for spec in specs:
        name = spec.key.to_user_string()
        assert spec.description and len(spec.description) > 20, f"{name} lacks a description"
        assert spec.group_name and spec.group_name != "default", f"{name} lacks a group"
        assert spec.kinds, f"{name} lacks kinds"
        assert spec.owners, f"{name} lacks owners"


def test_roadmap_group_and_annual_job_exist(settings):
    defs, specs = _asset_specs(settings)
    roadmap = {s.key.to_user_string() for s in specs if s.group_name == "roadmap"}
    assert roadmap >= {"roadmap_indicators", "roadmap_targets", "units", "outcome_targets"}
    assert defs.resolve_job_def(ANNUAL_JOB) is not None
    dg.Definitions.validate_loadable(defs)


def test_every_asset_has_checks_from_its_suite(settings):
    defs = build_definitions(settings)
    checks = {k.asset_key.to_user_string() for k in defs.resolve_asset_graph().asset_check_keys}
    assert {"roadmap_indicators", "roadmap_targets", "units", "outcome_targets"} <= checks
