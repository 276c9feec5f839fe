"""A refused resend never replaces the file in force: one resend per refusal code, the unit's accepted rows unchanged."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import msoffcrypto.format.ooxml
import pandas as pd
import pytest
import xlwt

from assets.forms.inbox import REFUSED_REASONS
from assets.forms.probe import REASONS
from pipelines.settings import Settings
from tests.conftest import SOURCES, run_annual
from tests.intake_support import SUBMISSIONS_GROUP, as_bytes, filled, load, query, rows_unreadable, with_identity
from tests.workbooks import put, unit_template

YEAR = 2021
T0 = dt.datetime(2022, 1, 10, 9, 0)
MB = 1024 * 1024
ROOT = os.geteuid() == 0


def org(**identity) -> bytes:
    """ORG's template, filled; with ``identity`` edits to its Identitas."""
    return as_bytes(with_identity(filled(unit_template(SOURCES, YEAR, "ORG")), **identity))


def org_revised() -> bytes:
    """A newer, valid ORG file: what would supersede the good one if it were read."""
    return as_bytes(
        filled(unit_template(SOURCES, YEAR, "ORG"), value_of=lambda satuan: "Tidak" if satuan == "Ya/Tidak" else 1)
    )


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (60 * MB))
    return out.getvalue()


def encrypted() -> bytes:
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(io.BytesIO(org())).encrypt("rahasia", out)
    return out.getvalue()


def legacy() -> bytes:
    out = io.BytesIO()
    book = xlwt.Workbook()
    book.add_sheet("Realisasi").write(0, 0, "Kode")
    book.save(out)
    return out.getvalue()


def edited(change) -> bytes:
    wb = filled(unit_template(SOURCES, YEAR, "ORG"))
    change(wb)
    return as_bytes(wb)


def no_identity(wb) -> None:
    del wb["Identitas"]
    wb.custom_doc_props.props.clear()


def long_sheet(wb) -> None:
    for i in range(2001):
        wb["Realisasi"].append([f"9.9.{i}", None, None, None, None, 1])


def signed_for_dinkes(outputs: Path) -> bytes:
    """Dinas Kesehatan's own signed template, filled, with its Identitas edited to say Bagian Organisasi."""
    wb = filled(load(outputs / str(YEAR) / "templates" / "DINKES.xlsx"))
    return as_bytes(with_identity(wb, unit="Bagian Organisasi", unit_code="ORG"))


def unsigned_dinkes_as_org() -> bytes:
    return as_bytes(
        with_identity(filled(unit_template(SOURCES, YEAR, "DINKES")), unit="Bagian Organisasi", unit_code="ORG")
    )


# code -> how the resend is made in the year folder: (folder, outside folder, outputs, name, modified) -> name shown
def _file(data):
    def make(folder, outside, outputs, name, modified):
        put(folder / name, data(outputs) if callable(data) else data, modified)
        return name

    return make


def _broken_link(folder, outside, outputs, name, modified):
    os.symlink(folder / "tidak_ada.xlsx", folder / name)
    return name


def _outside_link(folder, outside, outputs, name, modified):
    put(outside / name, org_revised(), modified)
    os.symlink(outside / name, folder / name)
    return name


def _fifo(folder, outside, outputs, name, modified):
    os.mkfifo(folder / name)
    return name


def _undecodable(folder, outside, outputs, name, modified):
    put(folder / os.fsdecode(name.encode() + b"\xff.xlsx"), org_revised(), modified)
    return name + "\\xff.xlsx"


def _unreadable(folder, outside, outputs, name, modified):
    os.chmod(put(folder / name, org_revised(), modified), 0)
    return name


def _unreadable_folder(folder, outside, outputs, name, modified):
    put(folder / name / "org.xlsx", org_revised(), modified)
    os.chmod(folder / name, 0)
    return name


RESENDS = {
    "FILE_EMPTY": _file(b""),
    "FILE_TOO_LARGE": _file(lambda _: b"PK\x03\x04" + b"\x00" * (11 * MB)),
    "FILE_UNPACKED_TOO_LARGE": _file(lambda _: zip_bomb()),
    "FILE_ENCRYPTED": _file(lambda _: encrypted()),
    "FILE_LEGACY_XLS": _file(lambda _: legacy()),
    "FILE_NOT_XLSX": _file(b"Kode;Realisasi\n1.1.a;1\n"),
    "FILE_CORRUPT": _file(lambda _: org()[:3000]),
    "IDENTITY_MISSING": _file(lambda _: edited(no_identity)),
    "FORM_MISMATCH": _file(lambda _: org(form="Indikator Hasil Reformasi Birokrasi")),
    "SHEET_MISSING": _file(lambda _: edited(lambda wb: setattr(wb["Realisasi"], "title", "Lembar1"))),
    "HEADER_MISSING": _file(lambda _: edited(lambda wb: wb["Realisasi"].cell(row=1, column=6, value="Capaian"))),
    "TOO_MANY_ROWS": _file(lambda _: edited(long_sheet)),
    "UNIT_MISSING": _file(lambda _: org(unit=None, unit_code=None)),
    "UNIT_UNKNOWN": _file(lambda _: org(unit="Dinas Antah Berantah", unit_code="ANTAH")),
    "YEAR_MISMATCH": _file(lambda _: org(year=YEAR - 1)),
    "FILE_UNREADABLE": _unreadable,
    "FILE_ROWS_UNREADABLE": _file(lambda _: rows_unreadable(org())),
    "UNIT_SIGNATURE_MISMATCH": _file(signed_for_dinkes),
    "ROWS_OF_OTHER_UNIT": _file(lambda _: unsigned_dinkes_as_org()),
    "ENTRY_BROKEN_LINK": _broken_link,
    "ENTRY_OUTSIDE_INBOX": _outside_link,
    "ENTRY_NOT_REGULAR": _fifo,
    "ENTRY_NAME_UNDECODABLE": _undecodable,
    "FOLDER_UNREADABLE": _unreadable_folder,
}
NEEDS_NON_ROOT = {"FILE_UNREADABLE", "FOLDER_UNREADABLE"}  # root reads a chmod 000 file (see test_inbox_entries)


ENTRIES = set(REFUSED_REASONS)  # entries that cannot be read at all: sent in a run of their own


@pytest.fixture(scope="module")
def resent(tmp_path_factory):
    """ORG's good file in force, then every kind of refused resend, each newer than it: first the files whose
    content is refused, then (in a third run) the inbox entries that cannot be read at all."""
    root = tmp_path_factory.mktemp("resend")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    put(folder / "org_baik.xlsx", org(), T0)
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    before = query(settings, "SELECT code, realisasi, file FROM progress WHERE unit = 'ORG'")
    shown, runs = {}, {}
    for batch, codes in (("content", sorted(set(RESENDS) - ENTRIES)), ("entries", sorted(ENTRIES))):
        resends = folder / "kiriman ulang" / batch
        resends.mkdir(parents=True)
        for day, code in enumerate(codes, start=len(shown) + 1):
            if code in NEEDS_NON_ROOT and ROOT:
                continue
            name = f"{code}.xlsx" if code != "FOLDER_UNREADABLE" else code
            shown[code] = RESENDS[code](resends, root / "luar", settings.outputs_dir, name, T0 + dt.timedelta(days=day))
        try:
            succeeded = run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
        finally:
            for path in resends.iterdir():
                if not path.is_symlink():
                    os.chmod(path, 0o755)
        files = query(settings, "SELECT * FROM submissions WHERE year = ?", [YEAR])
        files["name"] = files["file"].str.rsplit("/", n=1).str[-1]
        after = query(settings, "SELECT code, realisasi, file FROM progress WHERE unit = 'ORG'")
        runs.update({code: (succeeded, files, after) for code in codes})
    return before, runs, shown


def test_every_refusal_code_has_a_resend_here():
    assert set(RESENDS) == set(REASONS) | set(REFUSED_REASONS)


@pytest.mark.parametrize("code", sorted(RESENDS))
def test_a_refused_resend_leaves_the_good_file_in_force_and_its_rows(resent, code):
    if code in NEEDS_NON_ROOT and ROOT:
        pytest.skip("running as root, which reads a chmod 000 file; tests/test_inbox_entries.py covers it as uid 65534")
    before, runs, shown = resent
    succeeded, files, after = runs[code]
    assert succeeded
    resend = files[files["name"] == shown[code]]
    assert len(resend) == 1, list(files["name"])
    assert (resend.iloc[0]["status"], resend.iloc[0]["reason_code"]) == ("ditolak", code)
    assert len(resend.iloc[0]["reason"]) > 30
    good = files[files["name"] == "org_baik.xlsx"].iloc[0]
    assert good["status"] == "berlaku" and pd.isna(good["superseded_by"])
    assert len(before) > 30 and set(before["file"]) == {good["file"]}
    assert after.sort_values("code").reset_index(drop=True).equals(before.sort_values("code").reset_index(drop=True))
