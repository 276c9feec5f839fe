"""The portal's own small database: accounts, sessions, failed logins, uploads and the audit log.

One SQLite file beside the warehouse (``Settings.portal_db_path``), not DuckDB:
DuckDB allows one writing process, and the portal writes while the pipeline
runs. The file and its tables are created on first use; every connection is
short-lived, in WAL mode, with a busy timeout, so the server's threads and the
account command can write at the same time. Times are stored as UTC ISO text.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    username TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    unit_code TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    password_set_at TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES accounts(username) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (
    username TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at TEXT NOT NULL,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS uploads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    unit_code TEXT,
    inbox TEXT NOT NULL,
    year TEXT NOT NULL,
    relative TEXT NOT NULL,
    original_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    receipt_recorded INTEGER NOT NULL DEFAULT 0  -- 1 once the warehouse holds its receipt time
);
CREATE TABLE IF NOT EXISTS evidence (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    year TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    code TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    extension TEXT NOT NULL,
    original_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    username TEXT NOT NULL,
    attached_at TEXT NOT NULL,
    UNIQUE (year, unit_code, code, sha256)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    username TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_code TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL,
    client TEXT NOT NULL
);
"""
SECRET_KEY = "session_secret"


class Store:
    """The portal database at ``path``; created, with its tables and its session secret, on first use."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)  # commits by itself
        finally:
            conn.close()
        with self.connect() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (SECRET_KEY, secrets.token_urlsafe(48))
            )
        self.path.chmod(0o600)  # password hashes and the session secret: the owner only

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection that commits on success and rolls back on error, then closes."""
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("BEGIN IMMEDIATE")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()

    @property
    def secret(self) -> str:
        with self.connect() as conn:
            return conn.execute("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,)).fetchone()["value"]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def to_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def from_text(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None
