"""The README's first round in a real (headless) browser, its accounts made by its own commands: a unit logs in,
downloads its template, uploads it filled, watches it wait for the run, sees its rows accepted and its feedback,
attaches evidence; then the analyst reads the audit log."""

from __future__ import annotations

import csv
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

from assets.forms.receipts import UPLOADED
from assets.published import UNIT_TEMPLATE
from assets.xlsx_files import workbook_bytes
from pipelines.settings import ENV_SOURCES, ENV_WAREHOUSE, PROJECT_DIR, Settings
from samples.fill import fill_row
from tests.browser_support import browser_page, download
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import count_codes, on_target
from tests.portal_support import browser_log_in, serving, year_copy
from tests.workbooks import unit_rows
from tests.year_support import materialized_year

UNIT = "DINKES"  # the README's unit account
PASSWORD = "sandi-dari-terminal-panjang"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SCREENSHOTS = Path(os.environ["RB_TEST_SCREENSHOTS"]) if os.environ.get("RB_TEST_SCREENSHOTS") else None


README_STEPS = "### A first round, step by step"
ACCOUNT_COMMAND = ".venv/bin/python -m pipelines.portal account add "


def readme_commands() -> list[str]:
    """The commands of the README's first round, as written there (comments taken off)."""
    text = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    block = text.split(README_STEPS, 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def made_as_the_readme_says(settings: Settings) -> dict[str, str]:
    """The README's accounts, made by its own commands (the password on standard input instead of the terminal):
    role -> account name."""
    made = {}
    environment = {**os.environ, ENV_WAREHOUSE: str(settings.warehouse_path), ENV_SOURCES: str(settings.sources_dir)}
    for command in readme_commands():
        if command.startswith("make "):
            target = command.split()[1]
            assert re.search(rf"^{target}:", (PROJECT_DIR / "Makefile").read_text(), re.M), command
            continue
        assert command.startswith(ACCOUNT_COMMAND), command
        args = shlex.split(command.removeprefix(".venv/bin/python "))
        done = subprocess.run(
            [sys.executable, *args, "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True,
            cwd=PROJECT_DIR, env=environment, timeout=120,
        )  # fmt: skip
        assert done.returncode == 0, (command, done.stderr)
        made[args[args.index("--role") + 1]] = args[4]
    return made


def lke_items_by_code(settings: Settings, year: str) -> dict[str, str]:
    """Road-map code -> an LKE item whose suggestion it counts in (the road map's mapping), for the year."""
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        found = conn.execute("SELECT code, linked_codes FROM pmprb_suggestions WHERE year = ?", [int(year)]).fetchall()
    return {linked.split(" ")[0]: item for item, codes in found for linked in (codes or "").split("; ") if linked}


def evidence_link(monitoring: Path, code: str):
    """The File Bukti Dukung cell of DINKES's row ``code`` in the monitoring workbook's Rincian Indikator."""
    ws = openpyxl.load_workbook(monitoring)["Rincian Indikator"]
    header = next(r for r in range(1, 30) if ws.cell(row=r, column=1).value == "Kode")
    columns = {c.value: c.column for c in ws[header]}
    rows = [r for r in range(header + 1, ws.max_row + 1) if ws.cell(row=r, column=1).value == code]
    linked = [ws.cell(row=r, column=columns["File Bukti Dukung"]) for r in rows]
    return next(c for c in linked if c.value)


@pytest.fixture
def copied(tmp_path_factory, tmp_path):
    year = materialized_year(tmp_path_factory)
    settings = year_copy(year, tmp_path / "year", [])
    return year.year, settings, made_as_the_readme_says(settings)


def test_a_unit_logs_in_downloads_uploads_and_sees_its_rows_and_the_analyst_sees_the_audit(copied, tmp_path):
    year, settings, names = copied
    unit_account, analyst = names["unit"], names["analyst"]
    template = f"{year}/{UNIT_TEMPLATE.where.format(unit=UNIT)}"
    with serving(settings) as base, browser_page(downloads=True) as page:
        browser_log_in(page, base, unit_account, PASSWORD)
        page.get_by_role("link", name=f"Tahun {year}").click()
        page.wait_for_url(f"{base}/{year}/")
        listed = page.locator("tbody").first.inner_text()
        assert "Templat unit" in listed and "PBJ" not in listed and "PMPRB" not in listed
        with page.expect_download() as started:
            page.locator(f'tr[id="{template}"]').get_by_role("link", name="Unduh").click()
        saved = tmp_path / started.value.suggested_filename
        started.value.save_as(saved)
        assert saved.name == f"{year}_templates_{UNIT}.xlsx"

        filled = tmp_path / "laporan DINKES.xlsx"
        rows = unit_rows(SOURCES, int(year), UNIT)
        wb = on_target(openpyxl.load_workbook(saved), rows, int(year))
        dashed = count_codes(rows)[0]
        fill_row(wb, dashed, {"Realisasi": "-"})  # one row the pipeline refuses: a dash is not a number
        filled.write_bytes(workbook_bytes(wb))
        page.get_by_label("File .xlsx").set_input_files(filled)
        page.get_by_role("button", name="Kirim").click()
        page.wait_for_url(f"{base}/{year}/#status")
        assert "menunggu proses" in page.locator("tr.kiriman").first.inner_text()
        assert page.locator('meta[http-equiv="refresh"]').count() == 1  # the page watches the run

        stored = list((settings.inbox_root / "submissions" / year / UNIT).glob("*.xlsx"))
        assert len(stored) == 1 and stored[0].read_bytes() == filled.read_bytes()
        result = run_annual(settings, year)  # what the inbox sensor starts, through the same job
        assert result.success
        with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
            basis = conn.execute(
                "SELECT received_basis FROM submissions WHERE year = ? AND unit_code = ? AND status = 'berlaku'",
                [int(year), UNIT],
            ).fetchone()
        assert basis == (UPLOADED,)  # sent when it was uploaded, as the portal recorded it

        page.reload()
        upload = page.locator("tr.kiriman").first.inner_text()
        assert "berlaku" in upload and "laporan DINKES.xlsx" in upload
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        summary = page.locator("#baris + p").inner_text()
        assert f"{len(rows) - 1} baris diterima, 1 baris ditolak" in summary, summary
        refused = page.locator("#baris ~ table tr.gagal").inner_text()
        assert dashed in refused and "bukan angka" in refused
        assert page.locator("#baris ~ table tr.lulus").count() == len(rows) - 1
        with page.expect_download() as feedback:
            page.get_by_role("link", name="Unduh workbook umpan balik").click()
        feedback_path = tmp_path / "umpan_balik.xlsx"
        feedback.value.save_as(feedback_path)
        assert "Identitas" in openpyxl.load_workbook(feedback_path).sheetnames

        evidence = tmp_path / "SK Tim RB.pdf"
        evidence.write_bytes(PDF)
        supported = lke_items_by_code(settings, year)
        backed = next(c for c in rows.sort_values("csv_line")["code"] if c in supported)  # a row an LKE item uses
        page.get_by_label("Baris (kode indikator)").select_option(backed)
        page.get_by_label("File bukti").set_input_files(evidence)
        page.get_by_role("button", name="Lampirkan").click()
        page.wait_for_url(f"{base}/{year}/#bukti")
        row = page.locator("#baris ~ table tr").filter(has=page.get_by_role("cell", name=backed, exact=True)).first
        assert "SK Tim RB.pdf" in row.inner_text()
        served_at = row.get_by_role("link", name="SK Tim RB.pdf").get_attribute("href")
        assert run_annual(
            settings, year
        ).success  # what the inbox sensor starts when the attachment changes the manifest
        if SCREENSHOTS:
            page.screenshot(path=str(SCREENSHOTS / "portal_unit.png"), full_page=True)
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url(base + "/masuk")

        browser_log_in(page, base, analyst, PASSWORD)
        page.get_by_role("link", name="Log audit").click()
        log = page.locator("tbody").inner_text()
        assert "unggah" in log and "laporan DINKES.xlsx" in log and "WIB" in log
        assert f"{year}/templates/{UNIT}.xlsx" in log and "lampirkan" in log
        page.goto(f"{base}/{year}/")
        assert "SK Tim RB.pdf" in page.locator("tr.bukti").first.inner_text()
        with page.expect_download() as attached:
            page.get_by_role("link", name="SK Tim RB.pdf").click()
        assert open(attached.value.path(), "rb").read() == PDF
        monitoring = download(
            page, page.locator(f'tr[id="{year}/monitoring_{year}.xlsx"]').get_by_role("link"), tmp_path
        )
        worksheet = download(page, page.locator(f'tr[id="{year}/pmprb_{year}.xlsx"]').get_by_role("link"), tmp_path)
        page.get_by_role("link", name="Log audit").click()
        if SCREENSHOTS:
            page.screenshot(path=str(SCREENSHOTS / "portal_audit.png"), full_page=True)
        with page.expect_download() as exported:
            page.get_by_role("link", name="Unduh seluruh log (CSV)").click()
        text = open(exported.value.path(), encoding="utf-8-sig").read()
    link = evidence_link(monitoring, backed)
    assert link.value == "SK Tim RB.pdf" and link.hyperlink.target == settings.download_url + served_at
    lke = openpyxl.load_workbook(worksheet)["LKE"]
    offered = [c.value for r in lke.iter_rows() for c in r if isinstance(c.value, str) and served_at in c.value]
    assert offered and all(f"{UNIT}: file SK Tim RB.pdf" in v for v in offered), offered  # beside its LKE item
    entries = list(csv.DictReader(io.StringIO(text)))
    assert {"masuk", "unggah", "unduh", "keluar"} <= {e["Kegiatan"] for e in entries}
    assert any(e["Akun"] == unit_account and e["Kegiatan"] == "unggah" and e["Hasil"] == "diizinkan" for e in entries)
