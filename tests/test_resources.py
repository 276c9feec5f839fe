"""The resources the code location builds: settings read once per run, the page's address in metadata links."""

from __future__ import annotations

from dataclasses import replace

import dagster as dg

from pipelines.settings import Settings
from tests.conftest import run_annual


def test_metadata_links_use_the_configured_address_of_the_page(settings, tmp_path):
    """RB_DOWNLOAD_URL (the page as the office network reaches it) is where the assets' metadata links point."""
    assert Settings.from_env({"RB_DOWNLOAD_URL": "http://10.1.2.3:8080"}).download_url == "http://10.1.2.3:8080"
    assert Settings.from_env({}).download_url == "http://127.0.0.1:8080"
    settings = replace(settings, inbox_root=tmp_path / "inbox", download_url="http://10.1.2.3:8080/")
    result = run_annual(settings, 2021, ["units", "outcome_targets", "indikator_hasil_template"])
    assert result.success
    [event] = result.asset_materializations_for_node("indikator_hasil_template")
    link = event.metadata["download"].value
    assert link == "http://10.1.2.3:8080/2021/#2021/indikator_hasil_2021.xlsx"


def test_the_settings_in_sources_are_read_once_per_run_and_logged(settings, tmp_path):
    instance = dg.DagsterInstance.ephemeral()
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    result = run_annual(settings, 2021, ["units", "outcome_targets", "indikator_hasil_template"], instance=instance)
    assert result.success
    read = [
        e.user_message
        for e in instance.all_logs(result.run_id)
        if "Settings read for this run" in (e.user_message or "")
    ]
    assert len(read) == 1, read
    assert "deadlines 2019: 31-01-2020" in read[0] and "2021: permenpanrb-26-2020" in read[0]
