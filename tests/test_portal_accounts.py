"""Accounts made and reset from the command line, argon2 hashes, and sessions that are signed and expire."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys

from pipelines.portal import accounts
from pipelines.portal.sessions import Sessions
from pipelines.portal.store import Store
from pipelines.settings import ENV_PORTAL_DB, PROJECT_DIR

PASSWORD = "kata-sandi-analis-panjang"


def _command(db, *args: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.portal", "account", *args],
        input=password + "\n",
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        env={**os.environ, ENV_PORTAL_DB: str(db)},
        timeout=120,
    )


def test_the_first_analyst_is_made_by_the_documented_command_and_nothing_has_a_default_password(tmp_path):
    db = tmp_path / "warehouse" / "portal.sqlite3"
    made = _command(db, "add", "analis.org", "--role", "analyst", "--password-stdin")
    assert made.returncode == 0, made.stderr
    short = _command(db, "add", "pendek", "--role", "analyst", "--password-stdin", password="pendek")
    unknown_unit = _command(db, "add", "x", "--role", "unit", "--unit", "TIDAKADA", "--password-stdin")
    no_unit = _command(db, "add", "y", "--role", "unit", "--password-stdin")
    again = _command(db, "add", "analis.org", "--role", "analyst", "--password-stdin")
    listed = _command(db, "list")
    assert [r.returncode for r in (short, unknown_unit, no_unit, again)] == [2, 2, 2, 2]
    assert "minimal 12 karakter" in short.stderr and "TIDAKADA" in unknown_unit.stderr and "sudah ada" in again.stderr
    assert listed.stdout.split() == ["analis.org", "analyst"]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with sqlite3.connect(db) as conn:
        (hashed,) = conn.execute("SELECT password_hash FROM accounts").fetchone()
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    store = Store(db)
    assert accounts.log_in(store, "analis.org", PASSWORD, accounts.DEFAULT_POLICY).outcome == accounts.OK
    assert accounts.log_in(store, "analis.org", "", accounts.DEFAULT_POLICY).outcome == accounts.WRONG


def test_a_reset_changes_the_password_ends_the_sessions_and_lifts_the_lock(tmp_path):
    db = tmp_path / "portal.sqlite3"
    store = Store(db)
    account = accounts.create(store, "dinkes", accounts.UNIT, "sandi-lama-yang-panjang", "DINKES")
    sessions = Sessions(store)
    cookie, _ = sessions.open(account)
    policy = accounts.LoginPolicy(max_failures=2, delay_seconds=0)
    for _ in range(2):
        accounts.log_in(store, "dinkes", "salah-salah", policy)
    assert accounts.log_in(store, "dinkes", "sandi-lama-yang-panjang", policy).outcome == accounts.LOCKED
    reset = _command(db, "reset", "dinkes", "--password-stdin", password="sandi-baru-yang-panjang")
    assert reset.returncode == 0, reset.stderr
    assert sessions.find(cookie) is None
    assert accounts.log_in(store, "dinkes", "sandi-lama-yang-panjang", policy).outcome == accounts.WRONG
    assert accounts.log_in(store, "dinkes", "sandi-baru-yang-panjang", policy).outcome == accounts.OK


def test_a_lock_runs_out(tmp_path):
    store = Store(tmp_path / "portal.sqlite3")
    accounts.create(store, "pbj", accounts.UNIT, "sandi-pbj-yang-panjang", "PBJ")
    policy = accounts.LoginPolicy(max_failures=1, lock_minutes=15, delay_seconds=0)
    start = dt.datetime.now(dt.UTC)
    assert accounts.log_in(store, "pbj", "salah-salah", policy, at=start).outcome == accounts.LOCKED
    assert (
        accounts.log_in(store, "pbj", "sandi-pbj-yang-panjang", policy, at=start + dt.timedelta(minutes=14)).outcome
        == accounts.LOCKED
    )
    later = start + dt.timedelta(minutes=16)
    assert accounts.log_in(store, "pbj", "sandi-pbj-yang-panjang", policy, at=later).outcome == accounts.OK


def test_sessions_are_signed_and_expire(tmp_path):
    store = Store(tmp_path / "portal.sqlite3")
    account = accounts.create(store, "dinkes", accounts.UNIT, "sandi-dinkes-yang-panjang", "DINKES")
    cookie, session = Sessions(store).open(account)
    assert Sessions(store).find(cookie).account == account and session.accepts(session.csrf)
    token, _, signature = cookie.rpartition(".")
    assert Sessions(store).find(token + "." + signature[::-1]) is None  # signature changed
    assert Sessions(store).find(token) is None  # unsigned
    other = Store(tmp_path / "lain.sqlite3")  # another deployment's secret signs differently
    accounts.create(other, "dinkes", accounts.UNIT, "sandi-dinkes-yang-panjang", "DINKES")
    assert Sessions(other).find(cookie) is None
    expired, _ = Sessions(store, lifetime=dt.timedelta(seconds=-1)).open(account)
    assert Sessions(store).find(expired) is None
    assert not session.accepts("bukan-token") and not session.accepts(None)
