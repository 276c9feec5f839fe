"""A workbook counts as unit X's only if it is X's: the template signature, and whose indicators its rows are."""

from __future__ import annotations

import datetime as dt
import os
import stat

import openpyxl
import pytest

from assets.forms import realisasi
from assets.forms.identity import FormIdentity, read_identity
from assets.forms.inventory import other_units_rows
from assets.forms.layouts import REALISASI
from assets.forms.signature import KEY_FILE, TemplateSigner, deployment_key
from assets.forms.submitted import SubmittedWorkbook
from assets.roadmap.identity import RoadmapIdentity
from pipelines.settings import Settings
from tests.conftest import SOURCES, run_annual
from tests.intake_support import SUBMISSIONS_GROUP, as_bytes, filled, load, query, with_identity
from tests.workbooks import put, unit_rows, unit_template

YEAR = 2023
T0 = dt.datetime(2024, 1, 10, 9, 0)


def identity_of(path) -> FormIdentity:
    with SubmittedWorkbook(path) as wb:
        return read_identity(wb)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    """A deployment whose templates were written by a first run; ORG and BKD send their signed templates back."""
    root = tmp_path_factory.mktemp("signed")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    templates = settings.outputs_dir / str(YEAR) / "templates"
    inbox = settings.inbox_root / "submissions" / str(YEAR)
    put(inbox / "org.xlsx", as_bytes(filled(load(templates / "ORG.xlsx"))), T0)
    bkd = filled(load(templates / "BKD.xlsx"))
    bkd["Realisasi"].cell(row=2, column=REALISASI.value_index + 1, value="sudah")  # one refused row: BKD gets feedback
    put(inbox / "bkd.xlsx", as_bytes(bkd), T0)
    put(inbox / "hukum_lama.xlsx", as_bytes(filled(unit_template(SOURCES, YEAR, "HUKUM"))), T0)  # before signatures
    first = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in templates.iterdir()}
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    return settings, first


def test_templates_are_signed_for_their_unit_and_year_and_rewritten_byte_identical(deployment):
    settings, first = deployment
    templates = settings.outputs_dir / str(YEAR) / "templates"
    key_file = settings.warehouse_path.parent / KEY_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not any(p.name == KEY_FILE for p in settings.outputs_dir.rglob("*"))
    signer = TemplateSigner(key_file.read_bytes(), RoadmapIdentity.load(SOURCES / "roadmap").government)
    for name in ("ORG.xlsx", "DINKES.xlsx"):
        ident = identity_of(templates / name)
        assert (
            ident.signature == signer.signature(REALISASI.form, ident.unit_code, YEAR) and ident.unit_code == name[:-5]
        )
        assert not signer.made_for(ident.signature, REALISASI.form, "HUKUM", YEAR)
    again = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in templates.iterdir()}
    assert again == first  # same key, same inputs: same bytes, not even rewritten


def test_the_signature_hides_in_a_locked_row_and_survives_a_lost_row(deployment):
    settings, _ = deployment
    path = settings.outputs_dir / str(YEAR) / "templates" / "ORG.xlsx"
    ws = openpyxl.load_workbook(path)["Identitas"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Tanda Template")
    assert ws.row_dimensions[row].hidden and ws.protection.sheet and ws.cell(row=row, column=2).protection.locked
    wb = openpyxl.load_workbook(path)
    wb["Identitas"].delete_rows(row)
    copy = put(settings.outputs_dir.parent / "tanpa_baris.xlsx", as_bytes(wb))
    assert identity_of(copy).signature == identity_of(path).signature  # from the workbook's properties


def test_signed_unsigned_and_feedback_workbooks_are_accepted(deployment):
    settings, _ = deployment
    files = query(settings, "SELECT file, unit_code, status FROM submissions WHERE year = ?", [YEAR]).set_index("file")
    assert files.loc[f"submissions/{YEAR}/org.xlsx", "status"] == "berlaku"
    assert files.loc[f"submissions/{YEAR}/hukum_lama.xlsx", "status"] == "berlaku"  # an old-style, unsigned workbook
    accepted = query(settings, "SELECT unit, count(*) AS n FROM progress WHERE year = ? GROUP BY unit", [YEAR])
    accepted = accepted.set_index("unit")["n"]
    assert accepted["ORG"] == len(unit_rows(SOURCES, YEAR, "ORG")) == 40


def test_a_feedback_workbook_is_signed_and_its_resend_is_accepted(tmp_path_factory):
    root = tmp_path_factory.mktemp("feedback")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    inbox = settings.inbox_root / "submissions" / str(YEAR)
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    bkd = filled(load(settings.outputs_dir / str(YEAR) / "templates" / "BKD.xlsx"))
    bkd["Realisasi"].cell(row=2, column=REALISASI.value_index + 1, value="sudah")
    put(inbox / "bkd.xlsx", as_bytes(bkd), T0)
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    feedback = settings.outputs_dir / str(YEAR) / "feedback" / "BKD.xlsx"
    signer = TemplateSigner.beside(settings.warehouse_path, RoadmapIdentity.load(SOURCES / "roadmap").government)
    assert signer.made_for(identity_of(feedback).signature, REALISASI.form, "BKD", YEAR)
    wb = load(feedback)
    wb["Realisasi"].cell(row=2, column=REALISASI.value_index + 1, value=3)
    put(inbox / "perbaikan" / "bkd.xlsx", as_bytes(wb), T0 + dt.timedelta(days=2))
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    files = query(settings, "SELECT file, status, reason_code FROM submissions WHERE year = ?", [YEAR]).set_index(
        "file"
    )
    assert files.loc[f"submissions/{YEAR}/perbaikan/bkd.xlsx", "status"] == "berlaku"
    assert len(query(settings, "SELECT * FROM progress_rejects WHERE unit = 'BKD'")) == 0
    assert len(query(settings, "SELECT * FROM progress WHERE unit = 'BKD'")) == len(unit_rows(SOURCES, YEAR, "BKD"))


@pytest.fixture(scope="module")
def impostors(deployment):
    """Dinas Kesehatan's signed template claiming ORG, and ORG's template signed by another deployment."""
    settings, _ = deployment
    inbox = settings.inbox_root / "submissions" / str(YEAR)
    templates = settings.outputs_dir / str(YEAR) / "templates"
    dinkes = with_identity(filled(load(templates / "DINKES.xlsx")), unit="Bagian Organisasi", unit_code="ORG")
    put(inbox / "kiriman ulang" / "dinkes_sebagai_org.xlsx", as_bytes(dinkes), T0 + dt.timedelta(days=1))
    other = TemplateSigner(b"k" * 32, RoadmapIdentity.load(SOURCES / "roadmap").government)
    rows = unit_rows(SOURCES, YEAR, "ORG")
    ident = identity_of(templates / "ORG.xlsx")
    foreign = realisasi.build_template(
        FormIdentity(**{**ident.__dict__, "source": "", "signature": other.signature(REALISASI.form, "ORG", YEAR)}),
        realisasi.template_rows(rows),
    )
    put(inbox / "kiriman ulang" / "instalasi_lain.xlsx", as_bytes(filled(foreign)), T0 + dt.timedelta(days=2))
    before = query(settings, "SELECT code, realisasi FROM progress WHERE unit = 'ORG' ORDER BY code")
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    after = query(settings, "SELECT code, realisasi FROM progress WHERE unit = 'ORG' ORDER BY code")
    files = query(settings, "SELECT * FROM submissions WHERE year = ?", [YEAR]).set_index("file")
    return settings, before, after, files


def test_another_units_template_claiming_a_unit_is_refused_and_its_rows_stay(impostors):
    settings, before, after, files = impostors
    row = files.loc[f"submissions/{YEAR}/kiriman ulang/dinkes_sebagai_org.xlsx"]
    assert (row["status"], row["reason_code"], row["unit_code"]) == ("ditolak", "UNIT_SIGNATURE_MISMATCH", "ORG")
    assert "Dinas Kesehatan" in row["reason"] and "Bagian Organisasi" in row["reason"]
    assert files.loc[f"submissions/{YEAR}/org.xlsx", "status"] == "berlaku"
    assert len(before) == 40 and after.equals(before)
    rekap = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Semua File"]
    shown = [[c for c in r] for r in rekap.iter_rows(values_only=True)]
    assert any(r[0] == row.name and r[4] == "ditolak" and r[5] == row["reason"] for r in shown)


def test_a_template_from_another_deployment_is_refused(impostors):
    _, before, after, files = impostors
    row = files.loc[f"submissions/{YEAR}/kiriman ulang/instalasi_lain.xlsx"]
    assert (row["status"], row["reason_code"]) == ("ditolak", "UNIT_SIGNATURE_MISMATCH")
    assert "instalasi lain" in row["reason"]
    assert after.equals(before)


def test_a_file_is_another_units_when_more_than_half_of_its_codes_are_one_other_units():
    responsible = {
        "ORG": frozenset({"1", "2", "3"}),
        "DINKES": frozenset({"3", "4", "5", "6"}),
        "BKD": frozenset({"7"}),
    }
    assert other_units_rows(["3", "4", "5", "6"], "ORG", responsible) == ("DINKES", 3, 4)
    assert other_units_rows(["1", "2", "4", "5"], "ORG", responsible) is None  # half is not more than half
    assert (
        other_units_rows(["1", "4", "5", "7", "7"], "ORG", responsible) is None
    )  # two other units, neither a majority
    assert other_units_rows(["1", "2", "3", "9", None], "ORG", responsible) is None


def test_the_deployment_key_is_created_once_and_kept(tmp_path):
    first = deployment_key(tmp_path / "warehouse")
    assert deployment_key(tmp_path / "warehouse") == first and len(first) == 32
    assert stat.S_IMODE(os.stat(tmp_path / "warehouse" / KEY_FILE).st_mode) == 0o600
    assert deployment_key(tmp_path / "other") != first
    (tmp_path / "warehouse" / KEY_FILE).write_bytes(b"short")
    with pytest.raises(ValueError, match="restore"):
        deployment_key(tmp_path / "warehouse")
