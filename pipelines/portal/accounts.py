"""Accounts and roles, argon2 password hashes, and the slowdown and lockout after failed logins.

Three roles: a unit account (``unit``) sees and sends only its own unit's
files; an analyst account (``analyst``, Bagian Organisasi) sees everything and
reads the audit log; a Tim PMPRB account (``pmprb``) sends the PMPRB worksheet
and reads the worksheet and the monitoring workbook. Accounts are made and
reset from the command line only (``python -m pipelines.portal account ...``),
never with a default password.

Failed logins are counted per user name (whether or not the account exists,
so a guesser learns nothing): each failure in a row makes the answer wait
longer, and after ``max_failures`` the name is locked for ``lock_minutes``,
even for the right password.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pipelines.portal.store import Store, from_text, now, to_text

UNIT = "unit"
ANALYST = "analyst"
PMPRB = "pmprb"
ROLES = {UNIT: "Unit kerja", ANALYST: "Analis Bagian Organisasi", PMPRB: "Tim PMPRB"}
MIN_PASSWORD = 12
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")

HASHER = PasswordHasher()  # argon2id, RFC 9106's low-memory profile (64 MiB, 3 passes)
_DUMMY_HASH = HASHER.hash("bukan kata sandi siapa pun")  # verified for unknown names, so they take as long

OK = "ok"
WRONG = "salah"
LOCKED = "terkunci"


class AccountError(ValueError):
    """A request the account command refuses; the message is for the person at the terminal."""


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    unit_code: str | None

    @property
    def role_label(self) -> str:
        return ROLES[self.role]


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5  # failures in a row before the name is locked
    lock_minutes: int = 15
    delay_seconds: float = 0.5  # the n-th failure in a row waits delay * 2**(n-1) seconds ...
    max_delay_seconds: float = 8.0  # ... at most this long

    def delay(self, failures: int) -> float:
        return min(self.delay_seconds * 2 ** max(failures - 1, 0), self.max_delay_seconds)


DEFAULT_POLICY = LoginPolicy()


@dataclass(frozen=True)
class Login:
    outcome: str  # OK, WRONG or LOCKED
    account: Account | None = None
    delay: float = 0.0  # how long to wait before answering
    locked_until: dt.datetime | None = None


def create(store: Store, username: str, role: str, password: str, unit_code: str | None = None) -> Account:
    """A new account; refuses a taken or malformed name, an unknown role, a unit role without a unit, a short password."""
    username = _checked_name(username)
    if role not in ROLES:
        raise AccountError(f"Peran '{role}' tidak dikenal; pilih salah satu dari: {', '.join(ROLES)}.")
    if role == UNIT and not unit_code:
        raise AccountError("Akun unit memerlukan kode unit (--unit, kode di sources/units.csv).")
    if role != UNIT:
        unit_code = None
    _check_password(password)
    stamp = to_text(now())
    with store.connect() as conn:
        if conn.execute("SELECT 1 FROM accounts WHERE username = ?", (username,)).fetchone():
            raise AccountError(f"Akun '{username}' sudah ada; gunakan 'account reset' untuk mengganti kata sandinya.")
        conn.execute(
            "INSERT INTO accounts (username, role, unit_code, password_hash, created_at, password_set_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (username, role, unit_code, HASHER.hash(password), stamp, stamp),
        )
    return Account(username, role, unit_code)


def reset(store: Store, username: str, password: str) -> None:
    """A new password; ends the account's sessions and lifts a lock."""
    _check_password(password)
    with store.connect() as conn:
        changed = conn.execute(
            "UPDATE accounts SET password_hash = ?, password_set_at = ? WHERE username = ?",
            (HASHER.hash(password), to_text(now()), username),
        ).rowcount
        if not changed:
            raise AccountError(f"Akun '{username}' tidak ada.")
        conn.execute("DELETE FROM sessions WHERE username = ?", (username,))
        conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))


def listed(store: Store) -> list[Account]:
    with store.connect() as conn:
        rows = conn.execute("SELECT username, role, unit_code FROM accounts ORDER BY role, username").fetchall()
    return [Account(r["username"], r["role"], r["unit_code"]) for r in rows]


def find(store: Store, username: str) -> Account | None:
    with store.connect() as conn:
        row = conn.execute("SELECT username, role, unit_code FROM accounts WHERE username = ?", (username,)).fetchone()
    return Account(row["username"], row["role"], row["unit_code"]) if row else None


def log_in(store: Store, username: str, password: str, policy: LoginPolicy, at: dt.datetime | None = None) -> Login:
    """Check a password against the name's hash, counting failures and honouring a lock."""
    at = at or now()
    username = username.strip().lower()
    with store.connect() as conn:
        failure = conn.execute("SELECT * FROM login_failures WHERE username = ?", (username,)).fetchone()
        locked_until = from_text(failure["locked_until"]) if failure else None
        if locked_until and locked_until > at:
            return Login(LOCKED, delay=policy.delay(policy.max_failures), locked_until=locked_until)
        count = 0 if failure is None or locked_until else failure["count"]  # a lock that ran out starts afresh
        row = conn.execute("SELECT * FROM accounts WHERE username = ?", (username,)).fetchone()
        if row is not None and _verifies(row["password_hash"], password):
            conn.execute("DELETE FROM login_failures WHERE username = ?", (username,))
            if HASHER.check_needs_rehash(row["password_hash"]):
                conn.execute(
                    "UPDATE accounts SET password_hash = ? WHERE username = ?", (HASHER.hash(password), username)
                )
            return Login(OK, Account(row["username"], row["role"], row["unit_code"]))
        if row is None:
            _verifies(_DUMMY_HASH, password)
        count += 1
        lock = at + dt.timedelta(minutes=policy.lock_minutes) if count >= policy.max_failures else None
        conn.execute(
            "INSERT INTO login_failures (username, count, last_at, locked_until) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (username) DO UPDATE SET count = excluded.count, last_at = excluded.last_at,"
            " locked_until = excluded.locked_until",
            (username, count, to_text(at), to_text(lock) if lock else None),
        )
    return Login(LOCKED if lock else WRONG, delay=policy.delay(count), locked_until=lock)


def _verifies(hashed: str, password: str) -> bool:
    try:
        return HASHER.verify(hashed, password)
    except (VerificationError, InvalidHashError):
        return False


def _checked_name(username: str) -> str:
    name = username.strip().lower()
    if not USERNAME.match(name):
        raise AccountError(
            "Nama akun hanya boleh memuat huruf kecil, angka, titik, garis bawah dan tanda hubung (2-64 karakter)."
        )
    return name


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
