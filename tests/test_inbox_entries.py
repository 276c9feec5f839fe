"""Inbox entries that are not regular readable files: recorded with a reason, never followed out, never stopping the year."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from assets.forms.inventory import inventory
from assets.forms.layouts import REALISASI
from assets.forms.probe import Limits
from assets.roadmap.catalogue import load_units
from assets.xlsx_files import workbook_bytes
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import UNDECODABLE, UNDECODABLE_SHOWN
from tests.intake_support import SUBMISSIONS_GROUP
from tests.workbooks import put, unit_template

YEAR = 2021
T0 = dt.datetime(2022, 1, 10, 9, 0)
NOBODY = 65534


def run(inbox: Path) -> pd.DataFrame:
    return inventory(
        year=YEAR,
        folder=inbox / "submissions" / str(YEAR),
        root=inbox,
        spec=REALISASI.spec,
        limits=Limits(),
        units=load_units(SOURCES),
        now=dt.datetime(2022, 2, 1),
    )


def entry(table: pd.DataFrame, name: str) -> dict:
    rows = table[table["file"].str.rsplit("/", n=1).str[-1] == name]
    assert len(rows) == 1, (name, list(table["file"]))
    return rows.iloc[0].to_dict()


def good(unit: str) -> bytes:
    return workbook_bytes(unit_template(SOURCES, YEAR, unit))


def hostile_inbox(inbox: Path, outside: Path) -> Path:
    """A year folder with one good file of ORG and every kind of entry that is not a regular readable file."""
    folder = inbox / "submissions" / str(YEAR)
    put(folder / "org.xlsx", good("ORG"), T0)
    put(outside / "hukum.xlsx", good("HUKUM"), T0)
    put(outside / "berkas" / "bkd.xlsx", good("BKD"), T0)
    put(folder / "arsip" / "inspektorat.xlsx", good("INSPEKTORAT"), T0)
    os.symlink(folder / "tidak_ada.xlsx", folder / "tautan_putus.xlsx")
    os.symlink(outside / "hukum.xlsx", folder / "tautan_keluar.xlsx")
    os.symlink(outside / "berkas", folder / "folder_luar")
    os.symlink(folder / "arsip", folder / "folder_dalam")
    os.symlink(folder / "org.xlsx", folder / "tautan_dalam.xlsx")
    os.symlink(folder / "tautan_a.xlsx", folder / "tautan_b.xlsx")
    os.symlink(folder / "tautan_b.xlsx", folder / "tautan_a.xlsx")  # a loop
    put(folder / UNDECODABLE, good("PBJ"), T0)
    os.mkfifo(folder / "pipa.xlsx")
    return folder


def test_every_entry_that_is_not_a_regular_file_is_recorded_with_a_reason_and_never_followed_out(tmp_path):
    hostile_inbox(tmp_path / "inbox", tmp_path / "luar")
    table = run(tmp_path / "inbox")
    expected = {
        "org.xlsx": ("berlaku", None),
        "inspektorat.xlsx": ("berlaku", None),
        "tautan_putus.xlsx": ("ditolak", "ENTRY_BROKEN_LINK"),
        "tautan_a.xlsx": ("ditolak", "ENTRY_BROKEN_LINK"),
        "tautan_b.xlsx": ("ditolak", "ENTRY_BROKEN_LINK"),
        "tautan_keluar.xlsx": ("ditolak", "ENTRY_OUTSIDE_INBOX"),
        "folder_luar": ("ditolak", "ENTRY_OUTSIDE_INBOX"),
        "folder_dalam": ("diabaikan", "IGNORED_LINKED_FOLDER"),
        "tautan_dalam.xlsx": (
            "duplikat",
            "DUPLICATE_CONTENT",
        ),  # a link inside the inbox is read: same content as org.xlsx
        UNDECODABLE_SHOWN: ("ditolak", "ENTRY_NAME_UNDECODABLE"),
        "pipa.xlsx": ("ditolak", "ENTRY_NOT_REGULAR"),
    }
    for name, (status, code) in expected.items():
        row = entry(table, name)
        assert (row["status"], None if pd.isna(row["reason_code"]) else row["reason_code"]) == (status, code), name
        if status != "berlaku":
            assert len(row["reason"]) > 40, name  # a sentence a clerk can act on
    assert len(table) == len(expected)  # nothing inside the linked folders was listed, nothing outside read
    assert set(table.loc[table["status"] == "berlaku", "unit_code"]) == {"ORG", "INSPEKTORAT"}
    assert not table["unit_code"].isin(["HUKUM", "BKD", "PBJ"]).any()
    refused = table[table["reason_code"].isin(["ENTRY_BROKEN_LINK", "ENTRY_OUTSIDE_INBOX", "ENTRY_NOT_REGULAR"])]
    assert refused["sha256"].isna().all()  # never opened


def test_a_year_whose_inbox_holds_every_such_entry_runs_to_the_end(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    hostile_inbox(settings.inbox_root, tmp_path / "luar")
    assert run_annual(settings, YEAR, SUBMISSIONS_GROUP).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        files = conn.execute("SELECT file, status, reason_code FROM submissions WHERE year = ?", [YEAR]).df()
        read = "SELECT unit FROM progress WHERE year = $1 UNION SELECT unit FROM progress_rejects WHERE year = $1"
        units = set(conn.execute(read, [YEAR]).df()["unit"])  # rows read, accepted or refused
    assert f"submissions/{YEAR}/{UNDECODABLE_SHOWN}" in set(files["file"])  # stored as visible text
    assert files.loc[files["file"].str.endswith("pipa.xlsx"), "reason_code"].tolist() == ["ENTRY_NOT_REGULAR"]
    assert units == {"ORG", "INSPEKTORAT"}
    assert (settings.outputs_dir / str(YEAR) / "rekap_pengumpulan.xlsx").exists()


def _inventory_as(uid: int, inbox: Path) -> pd.DataFrame:
    """The inventory computed by a forked process that runs as ``uid`` (so a root test session can meet a file it cannot read)."""
    if os.geteuid() != 0:
        return run(inbox)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, take the inventory, send it back
        os.close(read)
        status = 1
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            with os.fdopen(write, "wb") as out:
                out.write(pickle.dumps(run(inbox)))
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as source:
        data = source.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0 and data, "the unprivileged child failed"
    return pickle.loads(data)


def test_an_unreadable_file_is_refused_and_the_others_still_count():
    base = Path(
        tempfile.mkdtemp(prefix="rb-unreadable-")
    )  # outside pytest's root-only folders, so uid 65534 can enter it
    try:
        inbox = base / "inbox"
        folder = inbox / "submissions" / str(YEAR)
        put(folder / "org.xlsx", good("ORG"), T0)
        secret = put(folder / "terkunci" / "hukum.xlsx", good("HUKUM"), T0)
        put(folder / "tertutup" / "bkd.xlsx", good("BKD"), T0)
        for path in [base, *sorted(base.rglob("*"))]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        os.chmod(secret, 0)
        os.chmod(folder / "tertutup", 0)
        table = _inventory_as(NOBODY, inbox)
        assert (entry(table, "hukum.xlsx")["status"], entry(table, "hukum.xlsx")["reason_code"]) == (
            "ditolak",
            "FILE_UNREADABLE",
        )
        assert (entry(table, "tertutup")["status"], entry(table, "tertutup")["reason_code"]) == (
            "ditolak",
            "FOLDER_UNREADABLE",
        )
        assert entry(table, "org.xlsx")["status"] == "berlaku"
        assert "izin" in entry(table, "hukum.xlsx")["reason"]
    finally:
        for path in [base, *base.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(base)
