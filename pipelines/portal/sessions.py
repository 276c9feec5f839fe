"""Signed, expiring sessions in a secure cookie, and the tokens every form carries against forgery.

The cookie holds a random token signed with the portal's secret (kept in the
portal database); the database keeps only the token's sha256, the account,
the session's own CSRF token and when it expires. A cookie that is not signed
by this portal, names no session, or outlived its session opens nothing.
The cookie is ``HttpOnly``, ``Secure`` and ``SameSite=Strict``.

Before anyone is logged in, the login form is protected by a double submit: a
random nonce in a cookie of its own, and the same nonce signed (and dated) in
the form; the two must agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

from pipelines.portal.accounts import Account
from pipelines.portal.store import Store, from_text, now, to_text

COOKIE = "rb_sesi"
LOGIN_COOKIE = "rb_masuk"
CSRF_FIELD = "csrf"
LIFETIME = dt.timedelta(hours=8)
LOGIN_FORM_SECONDS = 3600
NONCE = re.compile(r"^[A-Za-z0-9_-]{32}$")
COOKIE_OPTIONS = {"httponly": True, "secure": True, "samesite": "strict", "path": "/"}


@dataclass(frozen=True)
class Session:
    account: Account
    csrf: str
    expires_at: dt.datetime

    def accepts(self, token: object) -> bool:
        """Whether a form's token is this session's (compared in constant time)."""
        return isinstance(token, str) and hmac.compare_digest(token.encode(), self.csrf.encode())


class Sessions:
    """Opening, finding and closing sessions in ``store``."""

    def __init__(self, store: Store, lifetime: dt.timedelta = LIFETIME) -> None:
        self.store = store
        self.lifetime = lifetime
        secret = store.secret
        self._signer = Signer(secret, salt="rb-portal-session")
        self._login = URLSafeTimedSerializer(secret, salt="rb-portal-login")

    def open(self, account: Account) -> tuple[str, Session]:
        """A new session for ``account``: (the cookie's value, the session)."""
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        started = now()
        session = Session(account, csrf, started + self.lifetime)
        with self.store.connect() as conn:
            conn.execute("DELETE FROM sessions WHERE expires_at < ?", (to_text(started),))
            conn.execute(
                "INSERT INTO sessions (token_hash, username, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                (_digest(token), account.username, csrf, to_text(started), to_text(session.expires_at)),
            )
        return self._signer.sign(token).decode(), session

    def find(self, cookie: str | None) -> Session | None:
        token = self._token(cookie)
        if token is None:
            return None
        with self.store.connect() as conn:
            row = conn.execute(
                "SELECT s.csrf, s.expires_at, a.username, a.role, a.unit_code FROM sessions s"
                " JOIN accounts a ON a.username = s.username WHERE s.token_hash = ?",
                (_digest(token),),
            ).fetchone()
            if row is None:
                return None
            expires = from_text(row["expires_at"])
            if expires <= now():
                conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))
                return None
        return Session(Account(row["username"], row["role"], row["unit_code"]), row["csrf"], expires)

    def close(self, cookie: str | None) -> None:
        token = self._token(cookie)
        if token is not None:
            with self.store.connect() as conn:
                conn.execute("DELETE FROM sessions WHERE token_hash = ?", (_digest(token),))

    def login_form(self, nonce: str | None = None) -> tuple[str, str]:
        """(nonce for the login cookie, token for the login form); a browser's nonce is kept, so that two
        login forms open in one browser both stay valid."""
        nonce = nonce if nonce and NONCE.match(nonce) else secrets.token_urlsafe(24)
        return nonce, self._login.dumps(nonce)

    def login_form_accepts(self, nonce: str | None, token: object) -> bool:
        if not nonce or not isinstance(token, str):
            return False
        try:
            signed = self._login.loads(token, max_age=LOGIN_FORM_SECONDS)
        except BadSignature:
            return False
        return isinstance(signed, str) and hmac.compare_digest(signed.encode(), nonce.encode())

    def _token(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            return self._signer.unsign(cookie.encode()).decode()
        except (BadSignature, UnicodeError):
            return None


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
