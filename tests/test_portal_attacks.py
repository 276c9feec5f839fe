"""The portal over real HTTP, attacked: no session, foreign CSRF tokens, other units' files by every id,
path and field, traversal in every encoding, oversized and mislabelled uploads, a burst of wrong passwords."""

from __future__ import annotations

import io
import sqlite3
import zipfile

import markupsafe
import openpyxl
import pytest

from assets.xlsx_files import workbook_bytes
from pipelines.portal.uploads import NOT_XLSX_NAME
from tests.conftest import SOURCES
from tests.hostile_support import answered, on_target, pmprb_worksheet
from tests.portal_support import FAST, SECRET, YEAR, Client, logged_in, serving, two_units
from tests.workbooks import unit_rows, unit_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def portal(tmp_path):
    return two_units(tmp_path)


def filled(unit: str, year: int = int(YEAR)) -> bytes:
    rows = unit_rows(SOURCES, year, unit)
    return workbook_bytes(on_target(unit_template(SOURCES, year, unit), rows, year))


def test_without_a_session_every_page_sends_to_the_login_and_every_post_is_refused(portal):
    with serving(portal) as base:
        anonymous = Client(base)
        for path in ["/", f"/{YEAR}/", f"/berkas/{YEAR}/templates/DINKES.xlsx", "/audit", "/audit.csv"]:
            reply = anonymous.get(path)
            assert reply.status == 303 and reply.headers["location"] == "/masuk", path
            assert b"templat" not in reply.body
        upload = anonymous.post_file(f"/{YEAR}/kirim", {"csrf": "x"}, "a.xlsx", filled("DINKES"))
        assert upload.status == 403
        forged = Client(base, {"rb_sesi": "dinkes.bukan-tanda-tangan"})
        assert forged.get(f"/berkas/{YEAR}/templates/DINKES.xlsx").status == 303
    assert not (portal.inbox_root / "submissions").exists()


def test_a_unit_sees_and_downloads_only_its_own_files(portal):
    with serving(portal) as base:
        dinkes, _ = logged_in(base, "dinkes")
        page = dinkes.get(f"/{YEAR}/").text
        assert "templates/DINKES.xlsx" in page and "feedback/DINKES.xlsx" in page
        assert "PBJ" not in page and "pmprb_" not in page and "monitoring_" not in page
        own = dinkes.get(f"/berkas/{YEAR}/templates/DINKES.xlsx")
        assert own.status == 200 and own.body == b"templat dinkes"
        assert own.headers["content-disposition"].startswith("attachment;")
        for path in [
            f"/berkas/{YEAR}/templates/PBJ.xlsx",
            f"/berkas/{YEAR}/feedback/PBJ.xlsx",
            f"/berkas/{YEAR}/templates/pbj.xlsx",
            f"/berkas/{YEAR}/templates/DINKES.xlsx/../PBJ.xlsx",
            f"/berkas/{YEAR}/templates/%50BJ.xlsx",
            f"/berkas/{YEAR}/templates//PBJ.xlsx",
            f"/berkas/{YEAR}/templates/./PBJ.xlsx",
            f"/berkas/{YEAR}/feedback/../templates/PBJ.xlsx",
            f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx",
            f"/berkas/{YEAR}/rekap_pengumpulan.xlsx",
            f"/berkas/{YEAR}/tables/progress.csv",
            f"/{YEAR}/validasi.html",
            f"/{YEAR}/templat_unit_{YEAR}.zip",
            f"/{YEAR}/umpan_balik_{YEAR}.zip",
            "/audit",
            "/audit.csv",
        ]:
            reply = dinkes.get(path)
            assert reply.status in (403, 404), path
            assert b"pbj" not in reply.body and b"pmprb" not in reply.body, path


def test_the_tim_pmprb_reads_the_worksheet_and_the_monitoring_workbook_and_sends_only_a_pmprb_worksheet(portal):
    with serving(portal) as base:
        tim, token = logged_in(base, "tim")
        page = tim.get(f"/{YEAR}/").text
        worksheet = tim.get(f"/berkas/{YEAR}/pmprb_{YEAR}.xlsx")
        template = tim.get(f"/berkas/{YEAR}/templates/DINKES.xlsx")
        realisasi = tim.post_file(f"/{YEAR}/kirim", {"csrf": token}, "lke.xlsx", filled("DINKES"))
        assert not list(portal.inbox_root.rglob("*.xlsx"))
        lke = workbook_bytes(answered(pmprb_worksheet(int(YEAR))))
        sent = tim.post_file(f"/{YEAR}/kirim", {"csrf": token}, "LKE 2021.xlsx", lke)
        after = tim.get(f"/{YEAR}/").text
    assert f"pmprb_{YEAR}.xlsx" in page and f"monitoring_{YEAR}.xlsx" in page and "templates/" not in page
    assert worksheet.status == 200 and worksheet.body == b"pmprb" and template.status == 404
    assert realisasi.status == 422 and "kotak masuk yang salah" in realisasi.text
    assert sent.status == 303, sent.text[:500]
    assert "LKE 2021.xlsx" in after and "diterima" in after and 'http-equiv="refresh"' not in after
    stored = [p.relative_to(portal.inbox_root).as_posix() for p in portal.inbox_root.rglob("*.xlsx")]
    assert len(stored) == 1 and stored[0].startswith(f"pmprb/{YEAR}/pmprb/")


def test_a_link_inside_outputs_to_another_units_file_is_not_served(portal):
    (portal.outputs_dir / YEAR / "feedback" / "DINKES.xlsx").unlink()
    (portal.outputs_dir / YEAR / "feedback" / "DINKES.xlsx").symlink_to(
        portal.outputs_dir / YEAR / "feedback" / "PBJ.xlsx"
    )
    with serving(portal) as base:
        dinkes, _ = logged_in(base, "dinkes")
        reply = dinkes.get(f"/berkas/{YEAR}/feedback/DINKES.xlsx")
    assert reply.status == 404 and b"pbj" not in reply.body


@pytest.mark.parametrize(
    "path",
    [
        "/berkas/../secret.txt",
        f"/berkas/{YEAR}/../../secret.txt",
        "/berkas/..%2fsecret.txt",
        "/berkas/..%2Fsecret.txt",
        f"/berkas/{YEAR}%2f..%2f..%2fsecret.txt",
        "/berkas/%2e%2e/secret.txt",
        "/berkas/%2E%2E%2Fsecret.txt",
        "/berkas/%252e%252e/secret.txt",
        "/berkas/..%5csecret.txt",
        "/berkas/..%c0%afsecret.txt",
        "/berkas/%00../secret.txt",
        "/berkas//etc/passwd",
        "/berkas/%2Fetc%2Fpasswd",
        "/..%2f..%2f/",
        "/%2e%2e/validasi.html",
        f"/{YEAR}%2f..%2f..%2f/templat_unit_{YEAR}.zip",
        "/bukti/..%2f..%2fsecret.txt",
        "/bukti/1%00",
    ],
)
def test_paths_leaving_the_outputs_folder_are_refused_even_for_an_analyst(portal, path):
    with serving(portal) as base:
        analyst, _ = logged_in(base, "analis")
        reply = analyst.get(path)
    assert reply.status in (403, 404) and SECRET not in reply.body and b"root:" not in reply.body


def test_an_analyst_sees_everything_and_html_outputs_are_downloaded_not_rendered(portal):
    with serving(portal) as base:
        analyst, _ = logged_in(base, "analis")
        page = analyst.get(f"/{YEAR}/").text
        for name in ["templates/PBJ.xlsx", "templates/DINKES.xlsx", f"pmprb_{YEAR}.xlsx", "tables/progress.csv"]:
            assert name in page
        html = analyst.get(f"/berkas/{YEAR}/laporan.html")
        bundle = analyst.get(f"/{YEAR}/templat_unit_{YEAR}.zip")
        wrong_year = analyst.get(f"/{YEAR}/templat_unit_2020.zip")
    with zipfile.ZipFile(io.BytesIO(bundle.body)) as archive:
        assert len(archive.namelist()) == 2 and {archive.read(n) for n in archive.namelist()} == {
            b"templat dinkes",
            b"templat pbj",
        }
    assert wrong_year.status == 404
    assert html.status == 200 and html.headers["content-type"] == "application/octet-stream"
    assert html.headers["x-content-type-options"] == "nosniff" and "sandbox" not in html.headers.get("csp", "")
    assert html.headers["content-disposition"].startswith("attachment;")


def test_a_foreign_csrf_token_and_a_cross_site_form_are_refused(portal):
    with serving(portal) as base:
        dinkes, _ = logged_in(base, "dinkes")
        _, pbj_token = logged_in(base, "pbj")
        data = filled("DINKES")
        assert dinkes.post_file(f"/{YEAR}/kirim", {"csrf": pbj_token}, "a.xlsx", data).status == 403
        assert dinkes.post_file(f"/{YEAR}/kirim", {}, "a.xlsx", data).status == 403
        assert dinkes.post_form("/keluar", {"csrf": pbj_token}).status == 403
        own = dinkes.get("/").csrf()
        cross = dinkes.request(
            "POST",
            "/keluar",
            f"csrf={own}".encode(),
            {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://penyerang.example"},
        )
        assert cross.status == 403
        login_form = Client(base).get("/masuk").csrf()  # another browser's login token
        stranger = Client(base)
        stranger.get("/masuk")
        reply = stranger.post_form(
            "/masuk", {"csrf": login_form, "nama": "dinkes", "sandi": "sandi-dinkes-yang-panjang"}
        )
        assert reply.status == 403 and "rb_sesi" not in stranger.cookies
    assert not (portal.inbox_root / "submissions").exists()


def test_a_burst_of_wrong_passwords_slows_down_and_locks_the_account_even_for_the_right_one(portal):
    with serving(portal) as base:
        client = Client(base)
        statuses = [client.log_in("dinkes", "salah-salah-salah").status for _ in range(FAST.max_failures)]
        right = client.log_in("dinkes")
        unknown = [Client(base).log_in("tidak-ada", "salah-salah-salah").status for _ in range(2)]
        other = Client(base).log_in("pbj")
    assert statuses == [401] * (FAST.max_failures - 1) + [429]
    assert right.status == 429 and "dikunci" in right.text and "rb_sesi" not in client.cookies
    assert unknown == [401, 401] and other.status == 303
    with sqlite3.connect(portal.portal_db_path) as conn:
        outcomes = conn.execute(
            "SELECT outcome, detail FROM audit WHERE username = 'dinkes' AND action = 'masuk'"
        ).fetchall()
    assert outcomes.count(("ditolak", "salah")) == FAST.max_failures - 1 and ("ditolak", "terkunci") in outcomes


def test_a_unit_uploads_into_its_own_folder_whatever_the_form_says(portal):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        reply = dinkes.request(
            "POST",
            f"/{YEAR}/kirim",
            *_multipart(
                {"csrf": token, "unit": "PBJ", "year": "2022", "path": "../PBJ"},
                "../../PBJ/..%2fPBJ.xlsx",
                filled("DINKES"),
            ),
        )
        assert reply.status in (303, 400), reply.text[:300]
        dinkes.post_file(f"/{YEAR}/kirim", {"csrf": token}, "..\\..\\PBJ.xlsx", filled("DINKES"))
        page = dinkes.get(f"/{YEAR}/").text
    stored = sorted(p.relative_to(portal.inbox_root).as_posix() for p in portal.inbox_root.rglob("*.xlsx"))
    assert stored and all(s.startswith(f"submissions/{YEAR}/DINKES/") for s in stored), stored
    assert "menunggu proses" in page and "PBJ.xlsx" in page  # the name sent is shown, never used as a path


def test_a_unit_cannot_send_another_units_report_or_another_year(portal):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        other_unit = dinkes.post_file(f"/{YEAR}/kirim", {"csrf": token}, "pbj.xlsx", filled("PBJ"))
        other_year = dinkes.post_file("/2022/kirim", {"csrf": token}, "a.xlsx", filled("DINKES"))
        outside = dinkes.post_file("/1999/kirim", {"csrf": token}, "a.xlsx", filled("DINKES"))
    assert other_unit.status == 422 and "bukan unit Anda" in other_unit.text
    assert other_year.status == 422 and "bukan tahun 2022" in other_year.text
    assert outside.status == 404
    assert not list(portal.inbox_root.rglob("*.xlsx"))


@pytest.mark.parametrize(
    ("filename", "data", "content_type", "reason"),
    [
        ("laporan.html", b"<html><script>alert(1)</script></html>", "text/html", NOT_XLSX_NAME),
        ("laporan.xlsx", b"<html><script>alert(1)</script></html>", XLSX, "bukan workbook Excel"),
        ("laporan.xlsx", b"kode,realisasi\n1.1.a,5\n", "text/csv", "bukan workbook Excel"),
        ("laporan.xlsx", b"", XLSX, "File kosong"),
        ("laporan.pdf", b"%PDF-1.4", "application/pdf", NOT_XLSX_NAME),
    ],
)
def test_mislabelled_files_are_refused_with_a_reason_and_never_stored(portal, filename, data, content_type, reason):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        reply = dinkes.post_file(f"/{YEAR}/kirim", {"csrf": token}, filename, data, content_type)
    assert reply.status in (400, 422) and str(markupsafe.escape(reason)) in reply.text
    assert "<script>alert" not in reply.text
    assert not list(portal.inbox_root.rglob("*.*"))


def test_an_oversized_upload_is_refused_before_it_is_read(portal):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        big = b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024)
        declared = dinkes.post_file(f"/{YEAR}/kirim", {"csrf": token}, "besar.xlsx", big)
        lying = dinkes.request(
            "POST",
            f"/{YEAR}/kirim",
            b"x" * 200_000,
            {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": "100"},
        )
        chunked = dinkes.request(
            "POST",
            f"/{YEAR}/kirim",
            b"5\r\nhallo\r\n0\r\n\r\n",
            {"Content-Type": "multipart/form-data; boundary=b", "Transfer-Encoding": "chunked", "Content-Length": ""},
        )
    assert declared.status == 413 and lying.status in (400, 413) and chunked.status in (400, 411)
    assert not list(portal.inbox_root.rglob("*.*"))


def test_every_page_carries_the_security_headers(portal):
    with serving(portal) as base:
        client = Client(base)
        login = client.get("/masuk")
        cookie = next(v for k, v in login.headers.items() if k == "set-cookie")
    assert "default-src 'none'" in login.headers["content-security-policy"]
    assert login.headers["x-frame-options"] == "DENY" and login.headers["x-content-type-options"] == "nosniff"
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie


def _multipart(fields: dict[str, str], filename: str, data: bytes) -> tuple[bytes, dict[str, str]]:
    boundary = "grenzeRB"
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    out.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="{filename}"\r\n'
        f"Content-Type: {XLSX}\r\n\r\n".encode()
    )
    out.write(data + f"\r\n--{boundary}--\r\n".encode())
    return out.getvalue(), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_filled_template_is_a_workbook():  # the fixture the upload tests rely on
    assert "Identitas" in openpyxl.load_workbook(io.BytesIO(filled("DINKES"))).sheetnames
