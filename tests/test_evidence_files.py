"""Evidence files from the portal to the monitoring workbook: attached through the real portal, listed in its
manifest, read by the real evidence_files asset, linked from Rincian Indikator and listed in File Bukti.

On the made-up regency of test_monitoring_fixture (2025): SATU attaches one file to 1.1.a and two to 2.1.c
through the portal; DUA's file on 2.1.b is then lost from the evidence folder, and a file recorded on
1.1.a for DUA (not DUA's indicator, as when the road map changed after the attachment) does not count.
"""

from __future__ import annotations

import dataclasses

import dagster as dg
import openpyxl
import pytest

from assets.source_files.evidence_manifest import MANIFEST, read_manifest, stored_path
from pipelines.portal import accounts, evidence
from pipelines.portal.store import Store
from tests.monitoring_support import assert_workbook_equals_tables, monitoring_definitions, query
from tests.portal_support import Client, serving
from tests.test_monitoring_fixture import monitored_uji

YEAR = "2025"
PORTAL = "https://rb.uji.go.id/"
PASSWORD = "sandi-satu-yang-panjang"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2000


def _attach(client: Client, token: str, code: str, filename: str, data: bytes, content_type: str):
    reply = client.post_file(f"/{YEAR}/bukti", {"csrf": token, "kode": code}, filename, data, content_type)
    assert reply.status == 303, reply.text[:500]


def _run(settings):
    job = monitoring_definitions(settings).resolve_job_def("annual")
    keys = [dg.AssetKey(k) for k in ("evidence_files", "monitoring_workbook")]
    result = job.execute_in_process(partition_key=YEAR, asset_selection=keys, raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


@pytest.fixture(scope="module")
def attached(tmp_path_factory):
    """(settings, the evidence_files materialization's metadata) after the attachments and one run."""
    settings = dataclasses.replace(monitored_uji(tmp_path_factory.mktemp("uji")), download_url=PORTAL)
    store = Store(settings.portal_db_path)
    accounts.create(store, "satu", accounts.UNIT, PASSWORD, "SATU")
    with serving(settings) as base:
        satu = Client(base)
        assert satu.log_in("satu", PASSWORD).status == 303
        token = satu.get("/").csrf()
        _attach(satu, token, "1.1.a", "SK Tim RB 2025.pdf", PDF, "application/pdf")
        _attach(satu, token, "2.1.c", "Laporan realisasi anggaran.pdf", PDF + b"%2", "application/pdf")
        _attach(satu, token, "2.1.c", "foto=kegiatan.png", PNG, "image/png")
    dua = accounts.Account("dua", accounts.UNIT, "DUA")
    lost = evidence.attach(store, settings.evidence_dir, PDF + b"%lost", "undangan.pdf", "2.1.b", dua, YEAR)
    stored_path(settings.evidence_dir, YEAR, "DUA", lost.sha256, lost.extension).unlink()
    evidence.attach(store, settings.evidence_dir, PDF + b"%other", "bukan milik DUA.pdf", "1.1.a", dua, YEAR)
    result = _run(settings)
    (materialization,) = [m for m in result.asset_materializations_for_node("evidence_files")]
    checks = {c.check_name: c for c in result.get_asset_check_evaluations() if c.asset_key.path == ["evidence_files"]}
    return settings, {**materialization.metadata, "checks": checks}


def _detail(settings):
    wb = openpyxl.load_workbook(settings.outputs_dir / YEAR / f"monitoring_{YEAR}.xlsx")
    ws = wb["Rincian Indikator"]
    header = next(r for r in range(1, 30) if ws.cell(row=r, column=1).value == "Kode")
    columns = {c.value: c.column for c in ws[header]}
    unit_names = {"Bagian Satu": "SATU", "Dinas Dua": "DUA", "Dinas Tiga": "TIGA"}
    rows = {
        (ws.cell(row=r, column=1).value, unit_names[ws.cell(row=r, column=columns["Penanggung Jawab"]).value]): ws.cell(
            row=r, column=columns["File Bukti Dukung"]
        )
        for r in range(header + 1, ws.max_row + 1)
        if ws.cell(row=r, column=1).value
    }
    return wb, rows


def test_the_portal_lists_every_attachment_in_the_years_manifest_sorted(attached):
    settings, _ = attached
    manifest = read_manifest(settings.evidence_dir, YEAR)
    assert list(zip(manifest["unit_code"], manifest["code"], manifest["original_name"])) == [
        ("DUA", "1.1.a", "bukan milik DUA.pdf"),
        ("DUA", "2.1.b", "undangan.pdf"),
        ("SATU", "1.1.a", "SK Tim RB 2025.pdf"),
        ("SATU", "2.1.c", "Laporan realisasi anggaran.pdf"),
        ("SATU", "2.1.c", "foto=kegiatan.png"),
    ]
    assert list(manifest["size_bytes"])[-1] == len(PNG)
    before = MANIFEST.path(settings.evidence_dir, YEAR).read_bytes()
    evidence.write_manifests(Store(settings.portal_db_path), settings.evidence_dir, [YEAR, "2026"])  # a restart
    assert MANIFEST.path(settings.evidence_dir, YEAR).read_bytes() == before
    assert not MANIFEST.path(settings.evidence_dir, "2026").exists()  # a year without attachments gets none


def test_only_stored_files_on_the_units_own_rows_count_and_the_others_are_reported(attached):
    settings, metadata = attached
    table = query(settings, "SELECT unit, code, original_name, url FROM evidence_files WHERE year = 2025 ORDER BY id")
    ids = query(settings, "SELECT id FROM evidence_files WHERE year = 2025 ORDER BY id")["id"].tolist()
    assert list(zip(table["unit"], table["code"], table["original_name"])) == [
        ("SATU", "1.1.a", "SK Tim RB 2025.pdf"),
        ("SATU", "2.1.c", "Laporan realisasi anggaran.pdf"),
        ("SATU", "2.1.c", "foto=kegiatan.png"),
    ]
    assert list(table["url"]) == [f"https://rb.uji.go.id/bukti/{i}" for i in ids]
    assert metadata["dagster/row_count"].value == 3 and metadata["set_aside_count"].value == 2
    report = metadata["set_aside"].value
    assert "undangan.pdf" in report and "tidak ditemukan" in report
    assert "bukan milik DUA.pdf" in report and "bukan indikator unit DUA" in report
    checks = metadata["checks"]
    assert checks["id_unique"].passed and checks["sha256_format"].passed
    for name, file in [("attached_to_own_row", "bukan milik DUA.pdf"), ("file_stored", "undangan.pdf")]:
        assert not checks[name].passed and file in str(checks[name].metadata), name


def test_the_detail_links_one_file_to_the_portal_and_several_to_the_file_bukti_sheet(attached):
    settings, _ = attached
    wb, rows = _detail(settings)
    ids = query(settings, "SELECT id FROM evidence_files WHERE year = 2025 ORDER BY id")["id"].tolist()
    one = rows[("1.1.a", "SATU")]
    assert one.value == "SK Tim RB 2025.pdf" and one.hyperlink.target == f"https://rb.uji.go.id/bukti/{ids[0]}"
    several = rows[("2.1.c", "SATU")]
    assert several.value == "2 file" and several.hyperlink.target is None
    sheet, cell = several.hyperlink.location.split("!")
    assert sheet == "'File Bukti'"
    listing = wb["File Bukti"]
    first = listing[cell].row
    header = next(r for r in range(1, 30) if listing.cell(row=r, column=1).value == "Kode Unit")
    assert first == header + 2  # SATU's 1.1.a is listed first
    headers = [c.value for c in listing[header]]
    name = headers.index("Nama File") + 1
    assert [listing.cell(row=r, column=headers.index("Kode") + 1).value for r in (first, first + 1)] == ["2.1.c"] * 2
    files = [listing.cell(row=r, column=name) for r in (first, first + 1)]
    assert [f.value for f in files] == ["Laporan realisasi anggaran.pdf", "foto=kegiatan.png"]  # text, not a formula
    assert [f.hyperlink.target for f in files] == [f"https://rb.uji.go.id/bukti/{i}" for i in ids[1:]]
    for unlinked in [("2.1.b", "DUA"), ("1.1.b", "DUA"), ("2.1.d", "SATU")]:
        assert rows[unlinked].value is None and rows[unlinked].hyperlink is None
    assert listing.page_setup.orientation == "landscape" and listing.print_title_rows
    assert_workbook_equals_tables(settings, 2025)


def test_the_same_manifest_gives_the_same_workbook_bytes(attached):
    settings, _ = attached
    path = settings.outputs_dir / YEAR / f"monitoring_{YEAR}.xlsx"
    before = path.read_bytes()
    result = _run(settings)
    assert path.read_bytes() == before
    (workbook,) = result.asset_materializations_for_node("monitoring_workbook")
    assert workbook.metadata["rewritten"].value is False


def test_the_laporan_monev_counts_each_units_linked_files(attached):
    import duckdb

    from assets.monitoring.sheets import PER_UNIT
    from assets.reports.monev import records, with_evidence

    settings, _ = attached
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        units = with_evidence(conn, 2025, records(PER_UNIT.frame(conn, 2025)))
    assert {u["unit"]: u["evidence_files"] for u in units} == {"SATU": 3, "DUA": 0, "TIGA": 0}
