"""The pmprb group in a code location: described assets, and a year whose instrument is absent."""

from __future__ import annotations

from dataclasses import replace

import dagster as dg

from assets.roadmap.assets import ASSETS as ROADMAP_ASSETS
from pipelines.jobs import annual_job
from pipelines.resources import build_resources
from tests.pmprb_support import edit_csv, materialize, pmprb_assets, stored_scores, worksheet_path


def test_the_assets_load_with_the_roadmap_group_and_are_described(settings):
    defs = dg.Definitions(
        assets=[*ROADMAP_ASSETS, *pmprb_assets()], jobs=[annual_job()], resources=build_resources(settings)
    )
    dg.Definitions.validate_loadable(defs)
    specs = {s.key.to_user_string(): s for s in defs.resolve_all_asset_specs() if s.group_name == "pmprb"}
    assert set(specs) == {
        "lke_instrument",
        "pmprb_files",
        "pmprb_answers",
        "pmprb_answer_rejects",
        "pmprb_notes",
        "pmprb_identity",
        "pmprb_suggestions",
        "pmprb_hasil_inputs",
        "pmprb_scores",
        "pmprb_worksheet",
    }
    for name, spec in specs.items():
        assert spec.description and len(spec.description) > 20 and spec.kinds and spec.owners, name
    assert specs["pmprb_scores"].partitions_def.get_partition_keys() == ["2019", "2020", "2021", "2022", "2023"]


def test_a_year_mapped_to_an_absent_instrument_gets_no_worksheet_and_a_reason(settings, sources_copy):
    edit_csv(
        sources_copy / "instrument" / "instrument_years.csv",
        lambda rows: [dict(r, instrument_version="permenpanrb-tidak-ada") if r["year"] == "2021" else r for r in rows],
    )
    settings = replace(settings, sources_dir=sources_copy, inbox_root=sources_copy)

    result = materialize(settings, 2021)
    assert result.success
    assert not worksheet_path(settings, 2021).exists()
    for node in ("pmprb_scores", "pmprb_worksheet"):
        reason = result.asset_materializations_for_node(node)[0].metadata["skipped_reason"].value
        assert "permenpanrb-tidak-ada" in reason and "tidak ditemukan" in reason, reason
    assert stored_scores(settings, 2021).empty
    assert materialize(settings, 2020).success and worksheet_path(settings, 2020).exists()
