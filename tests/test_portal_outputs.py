"""The outputs in the portal over real HTTP (an analyst's view): what a year's page lists, how files are served,
the validation report, and what is never served (traversal in every encoding: ``test_portal_attacks.py``)."""

from __future__ import annotations

import http.client
import os
import re

import pytest

from assets.validation_results import store_outcome
from expectations.adapter import ExpectationOutcome, SuiteOutcome
from tests.portal_support import analyst_over

YEAR = "2021"
SECRET = b"rahasia di luar folder hasil"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def outputs(tmp_path):
    """An outputs folder holding one of each kind of file, a temp file, and a secret next to it."""
    root = tmp_path / "outputs"
    files = {
        f"{YEAR}/pmprb_{YEAR}.xlsx": b"pmprb",
        f"{YEAR}/monitoring_{YEAR}.xlsx": b"monitoring",
        f"{YEAR}/rekap_pengumpulan.xlsx": b"rekap",
        f"{YEAR}/templates/DINKES.xlsx": b"templat",
        f"{YEAR}/feedback/DINKES.xlsx": b"umpan balik",
        f"{YEAR}/tables/progress.parquet": b"PAR1",
        f"{YEAR}/tables/progress.csv": "kode,unit\n1.1.a,Dinas Kesehatan – Magetan\n".encode(),
        f"{YEAR}/.pmprb_{YEAR}.xlsx.k2j3.tmp": b"setengah",
    }
    for relative, data in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_bytes(data)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    store_outcome(root, _outcome(), YEAR)
    return root


def _outcome() -> SuiteOutcome:
    failed = ExpectationOutcome(
        check_name="unit_known",
        expectation_type="expect_column_values_to_be_in_set",
        column="unit_code",
        severity="critical",
        reason_code="UNIT_UNKNOWN",
        reason="Kode unit tidak terdaftar",
        success=False,
        unexpected_count=2,
        unexpected_rows=[{"file": "a.xlsx", "row": 7}, {"file": "<b>b.xlsx</b>", "row": 9}],
    )
    passed = ExpectationOutcome(
        check_name="year_in_period",
        expectation_type="expect_column_values_to_be_between",
        column="year",
        severity="critical",
        reason_code="YEAR_OUTSIDE",
        reason="Tahun di luar periode",
        success=True,
        unexpected_count=0,
    )
    return SuiteOutcome("submissions", [failed, passed])


def test_year_page_lists_every_kind_with_size_and_time_in_wib(outputs):
    with analyst_over(outputs) as client:
        status, _, index = client.get("/").parts
        assert status == 200 and f'href="/{YEAR}/"'.encode() in index
        status, headers, page = client.get(f"/{YEAR}/").parts
    text = page.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    for kind in [
        "Kertas kerja PMPRB",
        "Monitoring Road Map",
        "Rekap pengumpulan",
        "Templat unit",
        "Umpan balik unit",
        "Tabel Parquet",
        "Tabel CSV",
        "Laporan validasi",
    ]:
        assert kind in text
    assert f'id="{YEAR}/pmprb_{YEAR}.xlsx"' in text and f'href="/berkas/{YEAR}/pmprb_{YEAR}.xlsx"' in text
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2} WIB", text) and "5 B" in text
    assert ".tmp" not in text and "setengah" not in text


@pytest.mark.parametrize(
    ("relative", "content_type", "filename"),
    [
        (f"{YEAR}/pmprb_{YEAR}.xlsx", XLSX, f"pmprb_{YEAR}.xlsx"),
        (f"{YEAR}/templates/DINKES.xlsx", XLSX, f"{YEAR}_templates_DINKES.xlsx"),
        (f"{YEAR}/tables/progress.parquet", "application/vnd.apache.parquet", f"{YEAR}_tables_progress.parquet"),
        (f"{YEAR}/tables/progress.csv", "text/csv; charset=utf-8", f"{YEAR}_tables_progress.csv"),
    ],
)
def test_files_come_with_their_content_type_and_download_name(outputs, relative, content_type, filename):
    with analyst_over(outputs) as client:
        status, headers, body = client.get(f"/berkas/{relative}").parts
        head_status, head_headers, head_body = client.request("HEAD", f"/berkas/{relative}").parts
    assert status == 200 and body == (outputs / relative).read_bytes()
    assert headers["content-type"] == content_type
    assert headers["content-disposition"] == f"attachment; filename*=UTF-8''{filename}"
    assert head_status == 200 and head_body == b"" and head_headers["content-length"] == str(len(body))


def test_validation_report_is_rendered_from_stored_results(outputs):
    with analyst_over(outputs) as client:
        status, headers, page = client.get(f"/{YEAR}/validasi.html").parts
    text = page.decode()
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "Kode unit tidak terdaftar" in text and "unit_known" in text and "year_in_period" in text
    assert "gagal" in text and "lulus" in text and "a.xlsx" in text
    assert "&lt;b&gt;b.xlsx&lt;/b&gt;" in text and "<b>b.xlsx" not in text


def test_symlinks_pointing_outside_are_refused_and_not_listed(outputs, tmp_path):
    (outputs / YEAR / "bocor.xlsx").symlink_to(tmp_path / "secret.txt")
    (outputs / YEAR / "luar").symlink_to(tmp_path, target_is_directory=True)
    (outputs / YEAR / "salinan.xlsx").symlink_to(outputs / YEAR / f"pmprb_{YEAR}.xlsx")
    with analyst_over(outputs) as client:
        outside = client.get(f"/berkas/{YEAR}/bocor.xlsx").parts
        through_folder = client.get(f"/berkas/{YEAR}/luar/secret.txt").parts
        inside = client.get(f"/berkas/{YEAR}/salinan.xlsx").parts
        _, _, page = client.get(f"/{YEAR}/").parts
    assert outside[0] == 403 and SECRET not in outside[2]
    assert through_folder[0] == 403 and SECRET not in through_folder[2]
    assert inside[0] == 200 and inside[2] == b"pmprb"
    assert b"bocor" not in page and b"luar/" not in page and b"salinan.xlsx" in page


def test_hidden_and_temporary_files_are_never_served(outputs):
    with analyst_over(outputs) as client:
        temp = client.get(f"/berkas/{YEAR}/.pmprb_{YEAR}.xlsx.k2j3.tmp").parts
        encoded = client.get(f"/berkas/{YEAR}/%2Epmprb_{YEAR}.xlsx.k2j3.tmp").parts
    assert temp[0] == 404 and encoded[0] == 404 and b"setengah" not in temp[2] + encoded[2]


def test_a_file_replaced_during_download_is_served_whole(outputs):
    path = outputs / YEAR / f"pmprb_{YEAR}.xlsx"
    old = os.urandom(8 * 1024 * 1024)
    path.write_bytes(old)
    with analyst_over(outputs) as client:
        host, port = client.base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        conn.request("GET", f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx", headers={"Cookie": cookies})
        response = conn.getresponse()
        first = response.read(64 * 1024)
        replacement = outputs / YEAR / f".pmprb_{YEAR}.xlsx.new.tmp"
        replacement.write_bytes(b"versi baru")
        os.replace(replacement, path)  # as the pipeline writes: temp file, then rename
        rest = response.read()
        conn.close()
        _, _, now = client.get(f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx").parts
    assert first + rest == old
    assert now == b"versi baru"


def test_unknown_pages_are_not_found(outputs):
    with analyst_over(outputs) as client:
        assert client.get("/1999/").parts[0] == 404
        assert client.get("/berkas/2021/tidak_ada.xlsx").parts[0] == 404
        assert client.get(f"/berkas/{YEAR}/templates").parts[0] == 404
