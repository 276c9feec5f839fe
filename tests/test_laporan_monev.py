"""The Laporan Monev RB as its reader gets it: the PDF's text holds the warehouse's figures, every page
renders as an A4 page, and a second run gives the same bytes (and rewrites nothing)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from assets.forms.layouts import INBOXES
from assets.published import MONEV_REPORT, MONEV_REPORT_DATA, MONEV_REPORT_HTML
from assets.reports import monev, numbers
from assets.source_files.check import check_sources
from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES, require_tool, run_annual
from tests.monitoring_support import query

YEARS = [2020, 2021]
YEAR = YEARS[-1]
SIGNER = {"signer_name": "Dra. Uji Penandatangan, M.Si.", "signer_nip": "19650101 199003 2 001"}
A4_RATIO = 297 / 210


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("laporan")
    sources = root / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns(*INBOXES))
    config = sources / "collection.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in SIGNER.items():
        text = re.sub(rf'^{key} = ".*"$', f'{key} = "{value}"', text, flags=re.M)
    config.write_text(text, encoding="utf-8")
    settings = Settings(sources, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generate(settings, years=YEARS)
    for year in YEARS:
        result = run_annual(settings, year)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
    return settings


def pdf_text(path) -> str:
    """The PDF's text as pdftotext (poppler) reads it, whitespace folded."""
    out = subprocess.run([require_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def test_the_pdf_holds_the_warehouse_figures(sample):
    path = MONEV_REPORT.path(sample.outputs_dir, YEAR)
    text = pdf_text(path)
    total = query(sample, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'tahun'", [YEAR]).iloc[0]
    assert f"Rata-rata capaian (tiap indikator dibatasi 100%) {numbers.percent(total['mean_capaian_pct'])}" in text
    assert f"Indikator dijadwalkan {numbers.whole(total['scheduled'])}" in text
    assert f"Indikator tercapai {numbers.whole(total['achieved'])}" in text
    areas = query(sample, "SELECT * FROM capaian_rollup WHERE year = ? AND level = 'area'", [YEAR])
    for area in areas.to_dict("records"):
        assert numbers.percent(area["mean_capaian_pct"]) in text, area["area"]
    units = query(sample, "SELECT * FROM unit_summary WHERE year = ?", [YEAR])
    for unit in units.to_dict("records"):
        assert f"{unit['unit_name']} ({unit['unit']})" in text  # the chart's label
        assert numbers.percent(unit["mean_capaian_pct"]) in text
    absent = query(
        sample, "SELECT * FROM submission_coverage WHERE year = ? AND submission_status = 'Belum Mengirim'", [YEAR]
    )
    assert len(absent) > 0
    assert all(f"{u['unit_name']} ({u['unit']})" in text for u in absent.to_dict("records"))
    missing = query(sample, "SELECT count(*) AS n FROM missing_reports WHERE year = ?", [YEAR])["n"].iloc[0]
    assert f"Indikator yang belum dilaporkan ({missing})" in text
    refused = query(sample, "SELECT count(*) AS n FROM refused_rows WHERE year = ?", [YEAR])["n"].iloc[0]
    assert f"Berkas dan baris yang ditolak ({refused})" in text
    pmprb = query(sample, "SELECT score, rating FROM pmprb_scores WHERE year = ? AND level = 'total'", [YEAR]).iloc[0]
    assert f"Indeks RB {numbers.number(pmprb['score'], 2)}" in text and pmprb["rating"] in text
    for row in query(sample, "SELECT year, value FROM outcome_status WHERE outcome = 'indeks_rb'").to_dict("records"):
        assert f"{row['year']} {numbers.number(row['value'], 2)}" in text  # the trend table, every year
    kendala = query(sample, "SELECT DISTINCT kendala FROM capaian WHERE year = ? AND kendala IS NOT NULL", [YEAR])
    assert len(kendala) > 0 and all(k in text for k in kendala["kendala"])
    assert SIGNER["signer_name"] in text and f"NIP. {SIGNER['signer_nip']}" in text
    pages = len(PdfReader(path).pages)
    assert f"Halaman 2 dari {pages}" in text and f"Halaman {pages} dari {pages}" in text
    assert "Kabupaten Magetan" in text and "Peraturan Bupati Magetan Nomor 14 Tahun 2020" in text


def test_every_page_renders_as_an_a4_page(sample, tmp_path):
    path = MONEV_REPORT.path(sample.outputs_dir, YEAR)
    reader = PdfReader(path)
    assert 10 <= len(reader.pages) <= 30
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4, points
    subprocess.run([require_tool("pdftoppm"), "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) == len(reader.pages)
    from PIL import Image

    for png in pngs:
        with Image.open(png) as image:
            width, height = image.size
            assert width == round(210 / 25.4 * 40) and abs(height / width - A4_RATIO) < 0.01
            assert image.convert("L").getextrema()[0] < 128, png  # something is printed on it


def test_the_report_holds_every_year_of_the_warehouse_and_names_no_date_inside_the_pdf(sample):
    data = json.loads(MONEV_REPORT_DATA.path(sample.outputs_dir, YEAR).read_text(encoding="utf-8"))
    assert sorted({r["year"] for r in data["trend"]}) == YEARS
    assert data["signature"]["signer_name"] == SIGNER["signer_name"]
    html = MONEV_REPORT_HTML.path(sample.outputs_dir, YEAR).read_text(encoding="utf-8")
    fetched = re.findall(r"\b(?:src|href)\s*=|url\(|@import", html)
    assert fetched == []  # nothing to fetch, on paper or on screen (the SVG namespace is a name, not a link)
    info = PdfReader(MONEV_REPORT.path(sample.outputs_dir, YEAR)).metadata or {}
    assert "/CreationDate" not in info and "/ModDate" not in info


def test_a_second_run_gives_the_same_bytes_and_rewrites_nothing(sample):
    paths = [o.path(sample.outputs_dir, YEAR) for o in (MONEV_REPORT, MONEV_REPORT_HTML, MONEV_REPORT_DATA)]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]
    result = run_annual(sample, YEAR, selection=["laporan_monev"])
    assert result.success
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths] == before


def test_the_date_moves_only_when_the_content_changes():
    first = monev.dated({"year": 2021, "x": 1}, dt.datetime(2026, 1, 5, 3, 0, tzinfo=dt.UTC), None)
    again = monev.dated({"year": 2021, "x": 1}, dt.datetime(2026, 2, 9, 3, 0, tzinfo=dt.UTC), first)
    changed = monev.dated({"year": 2021, "x": 2}, dt.datetime(2026, 2, 9, 3, 0, tzinfo=dt.UTC), first)
    assert first["generated_at"] == again["generated_at"] == "2026-01-05T03:00:00+00:00"
    assert changed["generated_at"] == "2026-02-09T03:00:00+00:00"


def test_indonesian_number_and_date_formats():
    assert numbers.number(1234567.891, 2) == "1.234.567,89"
    assert numbers.percent(95.04) == "95,0%" and numbers.percent(None) == "-"
    assert numbers.whole(1234) == "1.234"
    assert [numbers.signed(v) for v in (1.611, -0.97, 0.001, 0)] == ["+1,61", "-0,97", "0,00", "0,00"]
    assert numbers.date("2022-01-31") == "31 Januari 2022"
    assert numbers.moment_label("2026-12-02T02:15:00+00:00", "Asia/Makassar") == "2 Desember 2026 pukul 10.15 WITA"


def test_make_check_knows_the_signature_keys(sources_copy):
    config = sources_copy / "collection.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('signer_nip = ""', 'signer_nip = 1965\nsigner_nama = "X"'),
        encoding="utf-8",
    )
    problems = [str(p) for p in check_sources(sources_copy)]
    assert any("signer_nama" in p and "collection.toml" in p for p in problems), problems
    assert any("signer_nip di [laporan] harus teks" in p for p in problems), problems


def test_the_pmprb_section_reads_any_instruments_total_rows():
    """An instrument with several totals (PermenPANRB 9/2023: RB General, RB Tematik, Indeks RB) and no
    instrument tables yet: every total is shown, named from its code; the Indeks RB heads the summary."""
    import duckdb

    conn = duckdb.connect()
    conn.execute(
        "CREATE TABLE pmprb_scores (year INTEGER, instrument_version VARCHAR, level VARCHAR, code VARCHAR, "
        "answer VARCHAR, answer_source VARCHAR, score DOUBLE, weight DOUBLE, rating VARCHAR)"
    )
    rows = [("INDEKS_RB", 71.5, "BB"), ("RB_GENERAL", 40.25, None), ("RB_TEMATIK", 31.25, None)]
    for code, score, rating in rows:
        conn.execute(
            "INSERT INTO pmprb_scores VALUES (2023, 'permenpanrb-9-2023', 'total', ?, NULL, NULL, ?, NULL, ?)",
            [code, score, rating],
        )
    section = monev._pmprb(conn, 2023)
    assert [(t["name"], t["score"]) for t in section["totals"]] == [
        ("Indeks RB", 71.5),
        ("RB General", 40.25),
        ("RB Tematik", 31.25),
    ]
    assert section["headline"]["code"] == "INDEKS_RB" and section["instrument"] is None
    assert monev._pmprb(conn, 2022) == {"instrument": None, "totals": [], "headline": None, "parts": []}
