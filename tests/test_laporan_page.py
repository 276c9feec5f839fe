"""The Laporan Monev on a year's page of the portal, in headless chromium: the same figures as the warehouse (and
the PDF), the charts drawn by the browser, its colours from its own stylesheet (the portal allows no inline
style), only for those who may read it; the files grouped by kind with each unit's name, one zip per kind."""

from __future__ import annotations

import io
import zipfile

import pytest

from assets.published import MONEV_REPORT, UNIT_TEMPLATE
from assets.reports import numbers
from tests.browser_support import browser_page, download
from tests.monitoring_support import query
from tests.portal_support import browser_log_in, serving, with_accounts
from tests.test_laporan_monev import pdf_text
from tests.year_support import materialized_year


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    return materialized_year(tmp_path_factory)


def test_the_year_page_shows_the_report_with_the_warehouse_figures(year, tmp_path):
    settings, y = year.settings, int(year.year)
    total = query(settings, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'tahun'", [y]).iloc[0]
    areas = query(settings, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'area' ORDER BY sort_order", [y])
    units = query(settings, "SELECT * FROM unit_summary WHERE year = ? ORDER BY unit", [y])
    pmprb = query(settings, "SELECT score FROM pmprb_scores WHERE year = ? AND level = 'total'", [y])["score"].iloc[0]
    with serving(with_accounts(settings, tmp_path, ["analis"])) as base, browser_page() as page:
        browser_log_in(page, base, "analis")
        page.goto(f"{base}/{y}/")
        report = page.locator("#laporan article.laporan-monev")
        assert report.get_attribute("data-year") == str(y)
        shown = page.locator('[data-figure="mean_capaian_pct"]').inner_text()
        assert shown == numbers.percent(total["mean_capaian_pct"])
        assert page.locator('[data-figure="achieved_pct"]').inner_text() == numbers.percent(total["achieved_pct"])
        assert page.locator('[data-figure="pmprb_total"]').inner_text() == numbers.number(pmprb, 2)
        rows = page.locator("#capaian table.rollup").first.locator("tbody tr")
        assert rows.count() == len(areas)
        for i, area in enumerate(areas.to_dict("records")):
            cells = rows.nth(i).locator("td").all_inner_texts()
            assert cells[1] == area["area"] and cells[8] == numbers.percent(area["mean_capaian_pct"])
        unit_rows = page.locator("#unit table tbody tr")
        assert unit_rows.count() == len(units)
        for i, unit in enumerate(units.to_dict("records")):
            cells = unit_rows.nth(i).locator("td").all_inner_texts()
            assert cells[0] == unit["unit"] and cells[7] == numbers.percent(unit["mean_capaian_pct"])
        charts = page.locator("#laporan svg.chart")
        assert charts.count() == 5
        area_chart = charts.first
        box = area_chart.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 100  # drawn, not just present
        drawn = area_chart.locator("rect").count()
        assert drawn == int(areas["mean_capaian_pct"].notna().sum())
        text = report.inner_text()
    printed = pdf_text(MONEV_REPORT.path(settings.outputs_dir, y))
    for figure in [numbers.percent(total["mean_capaian_pct"]), numbers.number(pmprb, 2)]:
        assert figure in text and figure in printed  # the same figures on the page and on paper


def test_files_are_grouped_by_kind_with_unit_names_and_zipped_per_kind(year, tmp_path):
    settings, y = year.settings, int(year.year)
    names = dict(query(settings, "SELECT code, name FROM units").itertuples(index=False))
    templates = sorted(p.name for p in UNIT_TEMPLATE.folder(settings.outputs_dir, y).glob("*.xlsx"))
    with serving(with_accounts(settings, tmp_path, ["analis"])) as base, browser_page(downloads=True) as page:
        browser_log_in(page, base, "analis")
        page.goto(f"{base}/{y}/")
        group = page.locator('#daftar-berkas tbody[data-kind="Templat unit"]')
        assert f"Templat unit ({len(templates)})" in group.locator("tr.group").inner_text()
        rows = group.locator("tr:not(.group)")
        assert rows.count() == len(templates)
        for i in range(rows.count()):
            file_cell, unit_cell = rows.nth(i).locator("td").all_inner_texts()[:2]
            code = file_cell.removeprefix("templates/").removesuffix(".xlsx")
            assert unit_cell == f"{code} \u2014 {names[code]}"
        kinds = page.locator("#daftar-berkas tbody").evaluate_all("bodies => bodies.map(b => b.dataset.kind)")
        assert len(kinds) == len(set(kinds)) and "Laporan Monev RB (PDF)" in kinds
        saved = download(page, group.get_by_role("link", name="Semua templat unit (zip)"), tmp_path)
        assert saved.name == f"templat_unit_{y}.zip"
    with zipfile.ZipFile(saved) as archive:
        inside = archive.namelist()
        assert sorted(n.removeprefix("templates/") for n in inside if n.startswith("templates/")) == templates
        assert f"indikator_hasil_{y}.xlsx" in inside
        first = UNIT_TEMPLATE.path(settings.outputs_dir, y, unit=templates[0].removesuffix(".xlsx"))
        assert archive.read(f"templates/{templates[0]}") == first.read_bytes()
    again = io.BytesIO(saved.read_bytes())
    assert zipfile.ZipFile(again).testzip() is None


def test_the_report_is_styled_under_the_portals_policy_and_shown_only_to_those_who_may_read_it(year, tmp_path):
    settings, y = year.settings, int(year.year)
    fills = {
        p: f"#{c}" for p, c in query(settings, "SELECT predikat, fill FROM predikat_bands").itertuples(index=False)
    }
    shown = with_accounts(settings, tmp_path, ["analis", "tim", "dinkes"])
    with serving(shown) as base, browser_page() as page:
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        browser_log_in(page, base, "tim")
        page.goto(f"{base}/{y}/")
        badge = page.locator("#laporan .predikat[data-predikat]").first
        predikat = badge.get_attribute("data-predikat")
        colour = badge.evaluate("b => getComputedStyle(b).backgroundColor")
        assert colour == _rgb(fills[predikat]), (predikat, colour)
        assert refused == []
        page.get_by_role("button", name="Keluar").click()
        browser_log_in(page, base, "dinkes")
        page.goto(f"{base}/{y}/")
        assert page.locator("#laporan").count() == 0
        assert page.request.get(f"{base}/{y}/laporan_monev.css").status == 404


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i : i + 2], 16) for i in (0, 2, 4)))
