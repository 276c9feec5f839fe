"""When each content arrived: the warehouse's one record of when a unit sent a file, by sha256.

A file's sending time is the moment the pipeline first received or saw its
content (sha256). It is recorded once, in the table ``receipts``, and never
changed: a later copy, ``touch``, backup restore, overwrite with the same
content, or move to another sub-folder finds the time already recorded.

- A channel that receives files itself (the web portal) records the moment
  of receipt with :func:`record_receipt` before or after it stores the
  upload in the inbox (basis ``unggahan``).
- Otherwise the first run that finds the content in an inbox records the
  moment of that run (basis ``pemindaian``).
- A file already in a year's inbox when that year's inbox is scanned for the
  first time arrived while no run was watching: its time is not known. Its
  modification time at that first sight (never later than the sight) is
  recorded instead (basis ``waktu_file``) and the rekap says so.

Each content that was once a readable file of a unit in a year's inbox is
kept in ``sendings``, so the unit's first sending stays known after that file
is overwritten with new content, deleted or replaced.

Times are stored in UTC (naive); the road map's clock shows them
(``assets/local_time.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import duckdb

RECEIPTS = "receipts"
SCANS = "inbox_scans"
SENDINGS = "sendings"
UPLOADED = "unggahan"  # recorded by the channel that received the file (record_receipt)
SCANNED = "pemindaian"  # first seen by a run, in an inbox year that was scanned before
FILE_TIME = "waktu_file"  # already there at the inbox year's first scan: the file's own time at that sight
SAMPLE = "contoh"  # the sample generator's fabricated sending time
BASIS_LABELS = {  # as the rekap names them
    UPLOADED: "dicatat saat diunggah",
    SCANNED: "saat pertama terlihat di kotak masuk",
    FILE_TIME: "tidak tercatat: waktu file saat pertama terlihat",
    SAMPLE: "waktu kirim data contoh",
}
_TABLES = (
    f"""CREATE TABLE IF NOT EXISTS {RECEIPTS} (
        sha256 VARCHAR PRIMARY KEY, received_at TIMESTAMP NOT NULL, basis VARCHAR NOT NULL,
        modified_at TIMESTAMP, recorded_at TIMESTAMP NOT NULL)""",
    f"""CREATE TABLE IF NOT EXISTS {SCANS} (
        inbox VARCHAR, year INTEGER, first_scan_at TIMESTAMP NOT NULL, PRIMARY KEY (inbox, year))""",
    f"""CREATE TABLE IF NOT EXISTS {SENDINGS} (
        inbox VARCHAR, year INTEGER, unit_code VARCHAR, sha256 VARCHAR, PRIMARY KEY (inbox, year, unit_code, sha256))""",
)


@dataclass(frozen=True)
class Receipt:
    received_at: dt.datetime  # UTC, naive: when the unit sent it, by the rule above
    basis: str  # a key of BASIS_LABELS
    modified_at: dt.datetime | None = (
        None  # the file's modification time at its first sight (orders files seen together)
    )

    @property
    def order(self) -> tuple[dt.datetime, dt.datetime]:
        """Which of two contents came first: received time, then the file time recorded with it."""
        return self.received_at, self.modified_at or self.received_at


def record_receipt(
    conn: duckdb.DuckDBPyConnection, sha256: str, received_at: dt.datetime, channel: str = UPLOADED
) -> dt.datetime:
    """Record that the content ``sha256`` was received at ``received_at`` (aware, or naive UTC) through
    ``channel``; the first record of a content wins. Returns the recorded time (naive UTC).

    For a channel that receives files itself (the portal): call it with the upload's sha256 and the moment
    the upload was received, on a connection to the warehouse (``Warehouse.get_connection()``).
    """
    when = utc(received_at)
    _ensure(conn)
    conn.execute(
        f"INSERT INTO {RECEIPTS} VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [sha256, when, channel, when, utc(dt.datetime.now(dt.UTC))],
    )
    return conn.execute(f"SELECT received_at FROM {RECEIPTS} WHERE sha256 = ?", [sha256]).fetchone()[0]


@dataclass
class ReceiptBook:
    """The receipts an inbox year's scan knows, and those it adds (``fresh``) for contents seen for the first time."""

    known: Mapping[str, Receipt]
    first_scan: bool  # the inbox year was never scanned before: files found now arrived unwatched
    now: dt.datetime  # UTC, naive: the moment of this scan
    fresh: dict[str, Receipt] = field(default_factory=dict)

    def sight(self, seen: Iterable[tuple[str, dt.datetime]]) -> None:
        """Record the first sight of each (sha256, modification time) not known yet; copies keep the earliest time."""
        earliest: dict[str, dt.datetime] = {}
        for sha256, modified in seen:
            if sha256 not in self.known:
                earliest[sha256] = min(modified, earliest.get(sha256, modified))
        for sha256, modified in earliest.items():
            when, basis = (min(modified, self.now), FILE_TIME) if self.first_scan else (self.now, SCANNED)
            self.fresh.setdefault(sha256, Receipt(when, basis, modified))

    def of(self, sha256: str) -> Receipt:
        return self.known.get(sha256) or self.fresh[sha256]


def open_book(conn: duckdb.DuckDBPyConnection, inbox: str, year: int, now: dt.datetime) -> ReceiptBook:
    """What the warehouse knows before scanning ``inbox`` (a form's inbox folder name) for ``year``."""
    _ensure(conn)
    rows = conn.execute(f"SELECT sha256, received_at, basis, modified_at FROM {RECEIPTS}").fetchall()
    known = {sha: Receipt(at, basis, modified) for sha, at, basis, modified in rows}
    scanned = conn.execute(f"SELECT count(*) FROM {SCANS} WHERE inbox = ? AND year = ?", [inbox, year]).fetchone()[0]
    return ReceiptBook(known, first_scan=not scanned, now=now)


def close_book(
    conn: duckdb.DuckDBPyConnection,
    book: ReceiptBook,
    inbox: str,
    year: int,
    sendings: Iterable[tuple[str, str]] = (),
) -> None:
    """Store the scan's fresh receipts, that ``inbox`` was scanned for ``year``, and ``sendings`` (unit code,
    sha256: the readable files of units, in force or superseded), in one transaction."""
    conn.execute("BEGIN TRANSACTION")
    try:
        for unit_code, sha256 in sorted(set(sendings)):
            conn.execute(
                f"INSERT INTO {SENDINGS} VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", [inbox, year, unit_code, sha256]
            )
        for sha256, r in sorted(book.fresh.items()):
            conn.execute(
                f"INSERT INTO {RECEIPTS} VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [sha256, r.received_at, r.basis, r.modified_at, book.now],
            )
        conn.execute(f"INSERT INTO {SCANS} VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [inbox, year, book.now])
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise


def utc(moment: dt.datetime) -> dt.datetime:
    """``moment`` as naive UTC to the second (naive input is taken as UTC already)."""
    aware = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return aware.replace(tzinfo=None, microsecond=0)


def _ensure(conn: duckdb.DuckDBPyConnection) -> None:
    for sql in _TABLES:
        conn.execute(sql)
