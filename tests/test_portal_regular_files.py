"""The portal lists and serves regular, finished files only, and never blocks on anything else."""

from __future__ import annotations

import os
import socket

import pytest

from tests.portal_support import analyst_over

YEAR = "2021"
FINISHED = f"{YEAR}/pmprb_{YEAR}.xlsx"
UNFINISHED = [  # the names editors, office suites and copy tools leave behind while they write
    f"{YEAR}/~$pmprb_{YEAR}.xlsx",
    f"{YEAR}/rekap_pengumpulan.xlsx.tmp",
    f"{YEAR}/monitoring_{YEAR}.xlsx~",
    f"{YEAR}/.~lock.pmprb_{YEAR}.xlsx#",
    f"{YEAR}/.rahasia.csv",
    f"{YEAR}/tables/~$capaian.csv",
    f"{YEAR}/tables/capaian.csv.tmp",
]
SPECIAL = [f"{YEAR}/tables/pipa.csv", f"{YEAR}/soket.xlsx", f"{YEAR}/tautan_pipa.csv"]


@pytest.fixture
def outputs(tmp_path):
    """A year with one finished workbook, temporary and lock files, a named pipe, a socket and a link to the pipe."""
    root = tmp_path / "o"  # short: a Unix socket's path is limited to about 100 bytes
    (root / YEAR / "tables").mkdir(parents=True)
    (root / FINISHED).write_bytes(b"selesai")
    for relative in UNFINISHED:
        (root / relative).write_bytes(b"setengah")
    os.mkfifo(root / SPECIAL[0])
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(root / SPECIAL[1]))
    (root / SPECIAL[2]).symlink_to(root / SPECIAL[0])
    yield root
    listener.close()


def test_the_listing_shows_finished_regular_files_only(outputs):
    with analyst_over(outputs) as client:
        status, _, index = client.get("/").parts
        year_status, _, page = client.get(f"/{YEAR}/").parts
    assert status == 200 and year_status == 200
    assert b"(1 berkas)" in index
    text = page.decode()
    assert f'href="/berkas/{FINISHED}"' in text
    for relative in UNFINISHED + SPECIAL:
        assert relative.rsplit("/", 1)[1] not in text, relative


@pytest.mark.parametrize("relative", UNFINISHED + SPECIAL)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_unfinished_and_special_files_are_not_served_and_never_block(outputs, relative, method):
    with analyst_over(outputs) as client:
        status, _, body = client.request(method, "/berkas/" + relative).parts  # the client gives up after 30 s
        after, _, finished = client.get("/berkas/" + FINISHED).parts
    assert status == 404 and b"setengah" not in body
    assert after == 200 and finished == b"selesai"
