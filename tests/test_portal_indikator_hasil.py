"""The coordinating unit sends the Indikator Hasil form from the portal; no other account can, by any field."""

from __future__ import annotations

import pytest

from assets.published import INDIKATOR_HASIL_FORM, UNIT_TEMPLATE
from tests.portal_support import logged_in, serving, year_copy
from tests.year_support import materialized_year

FORM = "indikator_hasil"


@pytest.fixture
def copied(tmp_path_factory, tmp_path):
    year = materialized_year(tmp_path_factory)
    return year.year, year_copy(year, tmp_path / "year", ["org", "dinkes", "tim"])


def _stored(settings, year: str) -> list:
    return sorted((settings.inbox_root / FORM / year).rglob("*.xlsx"))


def test_the_coordinating_unit_sends_the_indikator_hasil_form_into_its_own_inbox(copied):
    year, settings = copied
    form = INDIKATOR_HASIL_FORM.path(settings.outputs_dir, year).read_bytes()
    before = _stored(settings, year)
    with serving(settings) as base:
        org, csrf = logged_in(base, "org")
        page = org.get(f"/{year}/").text
        assert 'name="formulir" value="indikator_hasil"' in page and "Kirim Formulir Indikator Hasil" in page
        sent = org.post_file(f"/{year}/kirim", {"csrf": csrf, "formulir": FORM}, "hasil 2021.xlsx", form)
        assert sent.status == 303 and sent.headers["location"] == f"/{year}/#status-{FORM}"
        after = org.get(f"/{year}/").text
        wrong = org.post_file(
            f"/{year}/kirim",
            {"csrf": csrf, "formulir": FORM},
            "realisasi.xlsx",
            UNIT_TEMPLATE.path(settings.outputs_dir, year, unit="ORG").read_bytes(),
        )
    new = [p for p in _stored(settings, year) if p not in before]
    assert len(new) == 1 and new[0].parent.name == "ORG" and new[0].read_bytes() == form
    assert 'data-formulir="indikator_hasil"' in after and "hasil 2021.xlsx" in after and "diterima" in after
    assert wrong.status == 422 and len(_stored(settings, year)) == len(before) + 1  # a Realisasi is not this form


@pytest.mark.parametrize("name", ["dinkes", "tim"])
def test_no_other_account_sends_it_whatever_the_form_says(copied, name):
    year, settings = copied
    form = INDIKATOR_HASIL_FORM.path(settings.outputs_dir, year).read_bytes()
    before = _stored(settings, year)
    with serving(settings) as base:
        client, csrf = logged_in(base, name)
        assert 'value="indikator_hasil"' not in client.get(f"/{year}/").text
        for field in [
            FORM,
            "../indikator_hasil",
            "submissions/../indikator_hasil",
            "pmprb" if name == "dinkes" else "submissions",
        ]:
            reply = client.post_file(f"/{year}/kirim", {"csrf": csrf, "formulir": field}, "hasil.xlsx", form)
            assert reply.status == 404, field
    assert _stored(settings, year) == before
