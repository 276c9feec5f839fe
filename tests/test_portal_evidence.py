"""Evidence files beside a unit's rows: attached, stored by content hash, listed, and never served to
another unit, whatever id it asks for; the limits in collection.toml, as the source check reads them."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest

from assets.source_files.check import check_sources
from pipelines.portal import evidence
from tests.conftest import SOURCES
from tests.portal_support import YEAR, Client, logged_in, serving, two_units

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def portal(tmp_path):
    return two_units(tmp_path)


def _code(unit: str, index: int = 0) -> str:
    return evidence.unit_codes(SOURCES, YEAR, unit)[index]


def _attach(client: Client, token: str, code: str, filename: str, data: bytes, content_type="application/pdf"):
    return client.post_file(f"/{YEAR}/bukti", {"csrf": token, "kode": code}, filename, data, content_type)


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_a_unit_attaches_evidence_to_its_row_and_only_it_the_analyst_and_the_tim_pmprb_can_read_it(portal):
    code = _code("DINKES")
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        assert _attach(dinkes, token, code, "SK Bupati.pdf", PDF).status == 303
        assert _attach(dinkes, token, code, "foto kegiatan.png", PNG, "image/png").status == 303
        page = dinkes.get(f"/{YEAR}/").text
        ids = re.findall(r'href="/bukti/(\d+)">SK Bupati.pdf', page)
        assert ids and "foto kegiatan.png" in page
        own = dinkes.get(f"/bukti/{ids[0]}")
        pbj, _ = logged_in(base, "pbj")
        foreign = [
            pbj.get(f"/bukti/{i}")
            for i in [ids[0], f"{ids[0]}%2f", f"0{ids[0]}", "-1", "..%2f1", f"{ids[0]}?unit=DINKES"]
        ]
        pbj_page = pbj.get(f"/{YEAR}/").text
        analyst, _ = logged_in(base, "analis")
        by_analyst = analyst.get(f"/bukti/{ids[0]}")
        analyst_page = analyst.get(f"/{YEAR}/").text
        log = analyst.get("/audit").text
    assert own.status == 200 and own.body == PDF and own.headers["content-type"] == "application/pdf"
    assert (
        own.headers["content-disposition"].startswith("attachment;")
        and "sandbox" in own.headers["content-security-policy"]
    )
    assert all(r.status in (307, 404) and PDF not in r.body for r in foreign), [r.status for r in foreign]
    assert "SK Bupati" not in pbj_page
    assert by_analyst.status == 200 and by_analyst.body == PDF
    assert "SK Bupati.pdf" in analyst_page and "DINKES" in analyst_page
    stored = portal.evidence_dir / YEAR / "DINKES" / f"{hashlib.sha256(PDF).hexdigest()}.pdf"
    assert stored.read_bytes() == PDF
    assert "lampirkan" in log and f"{YEAR} {code}: SK Bupati.pdf" in log


def test_the_same_content_attached_twice_to_a_row_is_stored_and_listed_once(portal):
    code = _code("DINKES")
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        _attach(dinkes, token, code, "a.pdf", PDF)
        _attach(dinkes, token, code, "salinan.pdf", PDF)
    assert len(list((portal.evidence_dir / YEAR / "DINKES").iterdir())) == 1
    assert len(evidence.listed(evidence.Store(portal.portal_db_path), YEAR, "DINKES")[code]) == 1


@pytest.mark.parametrize(
    ("filename", "data", "code_of", "status", "reason"),
    [
        ("bukti.pdf", PDF, "PBJ", 422, "bukan indikator unit Anda"),
        ("bukti.pdf", b"<html><script>alert(1)</script></html>", "DINKES", 422, "tidak sesuai dengan jenisnya"),
        ("bukti.docx", b"PK\x03\x04bukan office", "DINKES", 422, "tidak sesuai dengan jenisnya"),
        ("bukti.html", b"<html></html>", "DINKES", 422, "tidak diizinkan"),
        ("bukti.exe", b"MZ\x90\x00", "DINKES", 422, "tidak diizinkan"),
        ("bukti.pdf", b"", "DINKES", 422, "File kosong"),
    ],
)
def test_evidence_of_another_row_type_or_content_is_refused_and_not_stored(
    portal, filename, data, code_of, status, reason
):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        reply = _attach(dinkes, token, _code(code_of), filename, data, "application/pdf")
    assert reply.status == status and reason in reply.text and "<script>alert" not in reply.text
    assert not portal.evidence_dir.exists() or not any(portal.evidence_dir.rglob("*.*"))


def test_office_files_are_known_by_their_content(portal):
    with serving(portal) as base:
        dinkes, token = logged_in(base, "dinkes")
        assert _attach(dinkes, token, _code("DINKES"), "notulen.docx", _docx()).status == 303


def test_evidence_needs_a_session_its_own_csrf_token_and_a_unit_account_and_stays_under_the_limit(portal):
    code = _code("DINKES")
    with serving(portal) as base:
        anonymous = Client(base).post_file(f"/{YEAR}/bukti", {"csrf": "x", "kode": code}, "a.pdf", PDF)
        dinkes, _ = logged_in(base, "dinkes")
        _, pbj_token = logged_in(base, "pbj")
        foreign = _attach(dinkes, pbj_token, code, "a.pdf", PDF)
        analyst, analyst_token = logged_in(base, "analis")
        by_analyst = _attach(analyst, analyst_token, code, "a.pdf", PDF)
        _, token = logged_in(base, "dinkes")
        big = _attach(dinkes, dinkes.get("/").csrf(), code, "besar.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))
    assert anonymous.status == 403 and foreign.status == 403 and by_analyst.status == 404 and big.status == 413
    assert not portal.evidence_dir.exists()


def test_the_source_check_knows_the_evidence_limits(sources_copy):
    path = sources_copy / "collection.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('types = ["pdf"', 'types = ["exe", "pdf"').replace(
            "max_per_row = 10", "max_per_row = 0\nmax_size = 3"
        ),
        encoding="utf-8",
    )
    said = "\n".join(str(p) for p in check_sources(sources_copy))
    assert "Jenis file bukti 'exe' tidak dikenal" in said
    assert "max_per_row harus angka lebih dari 0" in said
    assert "max_size" in said
    assert not [p for p in check_sources(SOURCES) if "evidence" in str(p) or "bukti" in str(p)]
