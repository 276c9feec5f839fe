"""What analysts see, in a real (headless) browser: a year's files in the portal and the Dagster UI."""

from __future__ import annotations

import openpyxl
import pytest

from tests.browser_support import browser_page, dagster_webserver, download, graphql
from tests.portal_support import browser_log_in, serving, with_accounts
from tests.year_support import materialized_year

LINEAGE = "{ assetNodes { assetKey { path } groupName dependencyKeys { path } } }"
EDGES_NOW = {
    ("roadmap_indicators", "roadmap_targets"),
    ("units", "roadmap_targets"),
    ("roadmap_targets", "unit_templates"),
    ("units", "submissions"),
    ("submissions", "progress"),
    ("roadmap_targets", "progress"),
    ("progress", "feedback_workbooks"),
    ("lke_instrument", "pmprb_scores"),
    ("pmprb_answers", "pmprb_scores"),
    ("pmprb_scores", "pmprb_worksheet"),
    ("outcome_values", "outcome_status"),
    ("outcome_status", "monitoring_workbook"),
}
# Reached from both the road map and the units' submissions.
DOWNSTREAM_OF_SUBMISSIONS = ["capaian", "monitoring_workbook", "area_trend"]


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return materialized_year(tmp_path_factory)


def test_the_portal_lists_the_year_and_an_analyst_downloads_the_pmprb_worksheet(year, tmp_path):
    with serving(with_accounts(year.settings, tmp_path, ["analis"])) as base, browser_page(downloads=True) as page:
        browser_log_in(page, base, "analis")
        page.get_by_role("link", name=f"Tahun {year.year}").click()
        page.wait_for_url(f"{base}/{year.year}/")
        listed = page.locator("#daftar-berkas").inner_text()
        for kind in ["Kertas kerja PMPRB", "Templat unit", "Umpan balik unit"]:
            assert kind in listed
        assert "WIB" in listed
        row = page.locator(f'tr[id="{year.year}/pmprb_{year.year}.xlsx"]')
        saved = download(page, row.get_by_role("link", name="Unduh"), tmp_path)
        assert saved.name == f"pmprb_{year.year}.xlsx"
    workbook = openpyxl.load_workbook(saved)
    assert "Identitas" in workbook.sheetnames


def test_dagster_ui_shows_the_lineage_and_an_assets_row_count_and_preview(year, tmp_path):
    progress = next(
        e for e in year.result.get_asset_materialization_events() if e.asset_key.to_user_string() == "progress"
    )
    row_count = progress.materialization.metadata["dagster/row_count"].value
    first_preview_line = progress.materialization.metadata["preview"].value.splitlines()[2]
    first_code = first_preview_line.split("|")[2].strip()
    with dagster_webserver(year.environment(), tmp_path / "webserver.log") as base:
        nodes = graphql(base, LINEAGE)["assetNodes"]
        edges = {(d["path"][-1], n["assetKey"]["path"][-1]) for n in nodes for d in n["dependencyKeys"]}
        groups = {n["assetKey"]["path"][-1]: n["groupName"] for n in nodes}
        assert EDGES_NOW <= edges, sorted(EDGES_NOW - edges)
        for name in DOWNSTREAM_OF_SUBMISSIONS:
            assert groups[name] == "monitoring"
            assert {"progress", "roadmap_targets", "submissions"} <= _upstream(name, edges), name
        with browser_page() as page:
            page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
            page.goto(f"{base}/assets/progress?partition={year.year}")
            count = page.get_by_text("Row count", exact=True).locator("xpath=..")
            count.wait_for()
            assert count.inner_text().split() == ["Row", "count", f"{row_count:,}"]
            page.get_by_text("[Show Markdown]").first.click()
            preview = page.get_by_role("dialog").filter(has_text=first_code).first.inner_text()
    assert "bukti_dukung" in preview and first_code in preview


def _upstream(asset: str, edges: set[tuple[str, str]]) -> set[str]:
    found, frontier = set(), {asset}
    while frontier:
        frontier = {a for a, b in edges if b in frontier} - found
        found |= frontier
    return found
