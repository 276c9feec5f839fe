"""The download page over real HTTP: what it lists, how it serves, and what it refuses."""

from __future__ import annotations

import http.client
import os
import re

import pytest

from assets.validation_results import store_outcome
from expectations.adapter import ExpectationOutcome, SuiteOutcome
from tests.download_support import raw_get, serving

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
    with serving(outputs) as base:
        status, _, index = raw_get(base, "/")
        assert status == 200 and f'href="/{YEAR}/"'.encode() in index
        status, headers, page = raw_get(base, f"/{YEAR}/")
    text = page.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
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
    with serving(outputs) as base:
        status, headers, body = raw_get(base, f"/berkas/{relative}")
        head_status, head_headers, head_body = raw_get(base, f"/berkas/{relative}", method="HEAD")
    assert status == 200 and body == (outputs / relative).read_bytes()
    assert headers["Content-Type"] == content_type
    assert headers["Content-Disposition"] == f"attachment; filename*=UTF-8''{filename}"
    assert head_status == 200 and head_body == b"" and head_headers["Content-Length"] == str(len(body))


def test_validation_report_is_rendered_from_stored_results(outputs):
    with serving(outputs) as base:
        status, headers, page = raw_get(base, f"/{YEAR}/validasi.html")
    text = page.decode()
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Kode unit tidak terdaftar" in text and "unit_known" in text and "year_in_period" in text
    assert "gagal" in text and "lulus" in text and "a.xlsx" in text
    assert "&lt;b&gt;b.xlsx&lt;/b&gt;" in text and "<b>b.xlsx" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/berkas/../secret.txt",
        f"/berkas/{YEAR}/../../secret.txt",
        "/berkas/..%2fsecret.txt",
        f"/berkas/{YEAR}%2f..%2f..%2fsecret.txt",
        "/berkas/%2e%2e/secret.txt",
        "/berkas/..%5csecret.txt",
        "/berkas//etc/passwd",
        "/berkas/%2Fetc%2Fpasswd",
    ],
)
def test_paths_leaving_the_outputs_folder_are_refused(outputs, path):
    with serving(outputs) as base:
        status, _, body = raw_get(base, path)
    assert status == 403 and SECRET not in body and b"root:" not in body


def test_symlinks_pointing_outside_are_refused_and_not_listed(outputs, tmp_path):
    (outputs / YEAR / "bocor.xlsx").symlink_to(tmp_path / "secret.txt")
    (outputs / YEAR / "luar").symlink_to(tmp_path, target_is_directory=True)
    (outputs / YEAR / "salinan.xlsx").symlink_to(outputs / YEAR / f"pmprb_{YEAR}.xlsx")
    with serving(outputs) as base:
        outside = raw_get(base, f"/berkas/{YEAR}/bocor.xlsx")
        through_folder = raw_get(base, f"/berkas/{YEAR}/luar/secret.txt")
        inside = raw_get(base, f"/berkas/{YEAR}/salinan.xlsx")
        _, _, page = raw_get(base, f"/{YEAR}/")
    assert outside[0] == 403 and SECRET not in outside[2]
    assert through_folder[0] == 403 and SECRET not in through_folder[2]
    assert inside[0] == 200 and inside[2] == b"pmprb"
    assert b"bocor" not in page and b"luar/" not in page and b"salinan.xlsx" in page


def test_hidden_and_temporary_files_are_never_served(outputs):
    with serving(outputs) as base:
        temp = raw_get(base, f"/berkas/{YEAR}/.pmprb_{YEAR}.xlsx.k2j3.tmp")
        encoded = raw_get(base, f"/berkas/{YEAR}/%2Epmprb_{YEAR}.xlsx.k2j3.tmp")
    assert temp[0] == 404 and encoded[0] == 404 and b"setengah" not in temp[2] + encoded[2]


def test_a_file_replaced_during_download_is_served_whole(outputs):
    path = outputs / YEAR / f"pmprb_{YEAR}.xlsx"
    old = os.urandom(8 * 1024 * 1024)
    path.write_bytes(old)
    with serving(outputs) as base:
        host, port = base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        conn.request("GET", f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx")
        response = conn.getresponse()
        first = response.read(64 * 1024)
        replacement = outputs / YEAR / f".pmprb_{YEAR}.xlsx.new.tmp"
        replacement.write_bytes(b"versi baru")
        os.replace(replacement, path)  # as the pipeline writes: temp file, then rename
        rest = response.read()
        conn.close()
        _, _, now = raw_get(base, f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx")
    assert first + rest == old
    assert now == b"versi baru"


def test_unknown_pages_are_not_found(outputs):
    with serving(outputs) as base:
        assert raw_get(base, "/1999/")[0] == 404
        assert raw_get(base, "/berkas/2021/tidak_ada.xlsx")[0] == 404
        assert raw_get(base, f"/berkas/{YEAR}/templates")[0] == 404
