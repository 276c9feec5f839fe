"""The download page lists and serves regular, finished files only, and never blocks on anything else."""

from __future__ import annotations

import os
import socket

import pytest

from tests.download_support import raw_get, serving

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
    with serving(outputs) as base:
        status, _, index = raw_get(base, "/")
        year_status, _, page = raw_get(base, f"/{YEAR}/")
    assert status == 200 and year_status == 200
    assert b"(1 berkas)" in index
    text = page.decode()
    assert f'href="/berkas/{FINISHED}"' in text
    for relative in UNFINISHED + SPECIAL:
        assert relative.rsplit("/", 1)[1] not in text, relative


@pytest.mark.parametrize("relative", UNFINISHED + SPECIAL)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_unfinished_and_special_files_are_not_served_and_never_block(outputs, relative, method):
    with serving(outputs) as base:
        status, _, body = raw_get(base, "/berkas/" + relative, method=method)  # raw_get gives up after 10 s
        after, _, finished = raw_get(base, "/berkas/" + FINISHED)
    assert status == 404 and b"setengah" not in body
    assert after == 200 and finished == b"selesai"
