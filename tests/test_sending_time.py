"""When a unit sent: the first sight of its content, recorded once, never moved by touch, copy, overwrite or move."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import replace

import duckdb
import openpyxl

from assets.forms.inbox import sha256_of
from assets.forms.receipts import FILE_TIME, SCANNED, UPLOADED, record_receipt
from assets.xlsx_files import workbook_bytes
from tests.conftest import SOURCES, run_annual
from tests.workbooks import put, unit_template

YEAR = 2021  # deadline 2022-01-31 in sources/collection.toml
UTC = dt.UTC
SELECTION = [
    "units",
    "roadmap_indicators",
    "roadmap_targets",
    "submissions",
    "submission_timeliness",
    "progress",
    "progress_rejects",
    "progress_history",
    "collection_status",
]


def _run(settings) -> dict[str, tuple]:
    """Unit code -> (status, first sent, file in force, in force sent, time note), from the stored rekap table."""
    assert run_annual(settings, YEAR, selection=SELECTION).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        rows = conn.execute(
            "SELECT unit_code, status, first_sent_local, file_in_force, in_force_sent_local, time_note "
            "FROM collection_status WHERE year = ? AND status <> 'Belum Mengirim'",
            [YEAR],
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def _touch(path) -> None:
    os.utime(path)  # now, as `touch` does


def test_touch_copy_overwrite_and_move_change_no_verdict(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    org = put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2022, 1, 20, 3, 0, tzinfo=UTC))
    hukum = put(folder / "hukum.xlsx", unit_template(SOURCES, YEAR, "HUKUM"), dt.datetime(2022, 2, 3, 3, 0, tzinfo=UTC))
    first = _run(settings)
    assert first["ORG"][0] == "Tepat Waktu" and first["HUKUM"][0] == "Terlambat"
    assert first["ORG"][1] == dt.datetime(2022, 1, 20, 10, 0)  # WIB
    assert "tidak tercatat" in first["ORG"][4]  # already there at the year's first scan: explained

    # touch every file
    for path in folder.rglob("*.xlsx"):
        _touch(path)
    assert _run(settings) == first

    # a copy to another folder (a new computer, a backup restore): new modification time, same content
    (folder / "salinan").mkdir()
    shutil.copy(org, folder / "salinan" / "org.xlsx")
    assert _run(settings) == first

    # overwrite in place with the same content (saved again, or copied over from elsewhere)
    hukum.write_bytes(hukum.read_bytes())
    assert _run(settings) == first

    # move between sub-folders
    (folder / "arsip").mkdir()
    moved = org.rename(folder / "arsip" / "org.xlsx")
    after_move = _run(settings)
    assert {u: v[:2] + v[3:] for u, v in after_move.items()} == {u: v[:2] + v[3:] for u, v in first.items()}
    assert after_move["ORG"][2] in ("submissions/2021/arsip/org.xlsx", "submissions/2021/salinan/org.xlsx")

    # a touched old file does not come back into force over the unit's newer resend
    correction = unit_template(SOURCES, YEAR, "ORG")
    correction.properties.title = "Perbaikan"
    put(folder / "org perbaikan.xlsx", correction)
    resent = _run(settings)
    assert resent["ORG"][2] == "submissions/2021/org perbaikan.xlsx"
    _touch(moved)
    assert _run(settings) == resent
    assert resent["ORG"][:2] == first["ORG"][:2]  # still on time, first sent when it was


def test_overwrite_in_place_with_new_content_is_a_resend_received_when_first_seen(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    path = put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2022, 1, 20, 3, 0, tzinfo=UTC))
    first = _run(settings)
    correction = unit_template(SOURCES, YEAR, "ORG")
    correction.properties.title = "Perbaikan"
    before = dt.datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    put(path, correction, dt.datetime(2022, 1, 21, 3, 0, tzinfo=UTC))  # an old-looking file time on new content
    after = _run(settings)
    assert after["ORG"][0] == "Tepat Waktu" and after["ORG"][1] == first["ORG"][1]
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        seen, basis = conn.execute(
            "SELECT first_seen, received_basis FROM submissions WHERE year = ? AND status = 'berlaku'", [YEAR]
        ).fetchone()
    assert basis == SCANNED and seen >= before  # the run that saw it, not the file's own time


def test_an_upload_records_its_own_receipt_time(settings, tmp_path):
    """The portal's path: ``record_receipt`` at upload; the scan finds the recorded time, whatever the file says."""
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    data = workbook_bytes(unit_template(SOURCES, YEAR, "HUKUM"))
    path = put(folder / "portal" / "hukum.xlsx", data, dt.datetime(2022, 3, 1, tzinfo=UTC))  # file time: late
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        received = dt.datetime(2022, 1, 31, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))  # WIB
        assert record_receipt(conn, sha256_of(path), received) == dt.datetime(2022, 1, 31, 16, 30)
        # the first record wins: a later call for the same content does not move it
        assert record_receipt(conn, sha256_of(path), dt.datetime(2022, 3, 1)) == dt.datetime(2022, 1, 31, 16, 30)
    verdict = _run(settings)["HUKUM"]
    assert verdict[0] == "Tepat Waktu" and verdict[1] == dt.datetime(2022, 1, 31, 23, 30) and verdict[4] is None
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        assert conn.execute("SELECT received_basis FROM submissions WHERE year = ?", [YEAR]).fetchone() == (UPLOADED,)


def test_the_rekap_explains_a_time_before_the_collection_opens_and_one_not_recorded(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    folder = settings.inbox_root / "submissions" / str(YEAR)
    early = put(folder / "org.xlsx", unit_template(SOURCES, YEAR, "ORG"), dt.datetime(2021, 12, 15, 3, 0, tzinfo=UTC))
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        record_receipt(conn, sha256_of(early), dt.datetime(2021, 12, 15, 3, 0, tzinfo=UTC))
    put(folder / "hukum.xlsx", unit_template(SOURCES, YEAR, "HUKUM"), dt.datetime(2022, 1, 10, 3, 0, tzinfo=UTC))
    verdicts = _run(settings)
    assert "sebelum masa pengumpulan dibuka (01-01-2022)" in verdicts["ORG"][4]
    assert verdicts["HUKUM"][4].startswith("Waktu terima tidak tercatat")
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        assert conn.execute(
            "SELECT received_basis FROM submissions WHERE year = ? AND file LIKE '%hukum%'", [YEAR]
        ).fetchone() == (FILE_TIME,)
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx")["Rekap Pengumpulan"]
    text = [str(c) for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Catatan Waktu Kirim" in text
    assert any("sebelum masa pengumpulan dibuka" in t for t in text)
    assert any(t.startswith("Waktu kirim sebuah file = saat pipeline pertama kali") for t in text)
