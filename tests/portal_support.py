"""The portal for tests: uvicorn in a thread on a free port, accounts made as the command makes them,
and a small HTTP client that keeps its cookies and sends paths exactly as written."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import uvicorn

from pipelines.portal import accounts
from pipelines.portal.accounts import LoginPolicy
from pipelines.portal.app import build_app
from pipelines.portal.store import Store
from pipelines.settings import PORTAL_DB_NAME, Settings
from tests.conftest import SOURCES

FAST = LoginPolicy(max_failures=5, lock_minutes=15, delay_seconds=0.05, max_delay_seconds=0.2)
PASSWORDS = {
    "analis": "sandi-analis-yang-panjang",
    "dinkes": "sandi-dinkes-yang-panjang",
    "pbj": "sandi-pbj-panjang-x",
    "tim": "sandi-tim-pmprb-panjang",
    "org": "sandi-bagian-organisasi",
}
ACCOUNTS = {
    "analis": ("analyst", None),
    "dinkes": ("unit", "DINKES"),
    "pbj": ("unit", "PBJ"),
    "tim": ("pmprb", None),
    "org": ("unit", "ORG"),  # the coordinating unit (collection.toml): it also sends the Indikator Hasil form
}
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
YEAR = "2021"
SECRET = b"rahasia di luar folder hasil"


def two_units(tmp_path: Path) -> Settings:
    """Settings over an outputs folder holding two units' templates and feedback, the year's other outputs,
    a secret beside it, and three accounts: an analyst, DINKES and PBJ."""
    outputs = tmp_path / "outputs"
    files = {
        f"{YEAR}/pmprb_{YEAR}.xlsx": b"pmprb",
        f"{YEAR}/monitoring_{YEAR}.xlsx": b"monitoring",
        f"{YEAR}/rekap_pengumpulan.xlsx": b"rekap",
        f"{YEAR}/templates/DINKES.xlsx": b"templat dinkes",
        f"{YEAR}/templates/PBJ.xlsx": b"templat pbj",
        f"{YEAR}/feedback/DINKES.xlsx": b"umpan balik dinkes",
        f"{YEAR}/feedback/PBJ.xlsx": b"umpan balik pbj",
        f"{YEAR}/tables/progress.csv": b"kode\n1.1.a\n",
        f"{YEAR}/laporan.html": b"<script>alert(1)</script>",
    }
    for relative, data in files.items():
        (outputs / relative).parent.mkdir(parents=True, exist_ok=True)
        (outputs / relative).write_bytes(data)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    settings = Settings(SOURCES, tmp_path / "inbox", outputs, tmp_path / "warehouse" / "rb.duckdb")
    make_accounts(settings)
    return settings


def year_copy(year, folder: Path, names=tuple(ACCOUNTS)) -> Settings:
    """A private copy of a materialized year (``tests/year_support.py``: inbox, outputs, warehouse with its signing
    key) in ``folder``, with the accounts ``names``: uploads into it change nothing another test reads."""
    for part in ("inbox", "outputs", "warehouse"):
        shutil.copytree(year.settings.inbox_root.parent / part, Path(folder) / part, symlinks=True)
    settings = Settings(
        SOURCES, Path(folder) / "inbox", Path(folder) / "outputs", Path(folder) / "warehouse" / "rb.duckdb"
    )
    make_accounts(settings, names)
    return settings


def with_accounts(settings: Settings, folder: Path, names=tuple(ACCOUNTS)) -> Settings:
    """``settings`` with a portal database (and evidence folder) of its own in ``folder``, holding ``names``:
    a shared materialized year is read, never written, by the portal of one test."""
    own = replace(settings, portal_db=Path(folder) / PORTAL_DB_NAME)
    make_accounts(own, names)
    return own


def browser_log_in(page, base: str, name: str, password: str | None = None) -> None:
    """Log in as ``name`` in a real browser, as a person does: the address, the form, the button."""
    page.goto(base + "/")
    page.wait_for_url(base + "/masuk")
    page.get_by_label("Nama akun").fill(name)
    page.get_by_label("Kata sandi").fill(password or PASSWORDS[name])
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/")


def make_accounts(settings: Settings, names=tuple(ACCOUNTS)) -> None:
    store = Store(settings.portal_db_path)
    for name in names:
        role, unit = ACCOUNTS[name]
        accounts.create(store, name, role, PASSWORDS[name], unit)


@contextmanager
def serving(settings: Settings, policy: LoginPolicy = FAST) -> Iterator[str]:
    """The portal for ``settings`` on 127.0.0.1 and a free port; yields the base URL; always stops."""
    app = build_app(settings, policy)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the portal did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def parts(self) -> tuple[int, dict[str, str], bytes]:
        return self.status, self.headers, self.body

    def csrf(self) -> str:
        found = CSRF.search(self.text)
        assert found, self.text[:500]
        return found.group(1)


@dataclass
class Client:
    """One browser: its cookies, sent back on every request (Secure cookies included: the tests speak to 127.0.0.1)."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> Reply:
        host, port = self.base.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            sent = dict(headers or {})
            if self.cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if method == "POST" and "Content-Length" not in sent:
                sent["Content-Length"] = str(len(body))
            for k, v in sent.items():
                if v == "":  # a header the caller wants left out
                    continue
                conn.putheader(k, v)
            conn.endheaders()
            if body:
                conn.send(body)
            response = conn.getresponse()
            data = response.read()
            for k, v in response.getheaders():
                if k.lower() == "set-cookie":
                    name, _, rest = v.partition("=")
                    value = rest.split(";", 1)[0].strip('"')
                    if "max-age=0" in v.lower() or value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = value
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        finally:
            conn.close()

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str], headers: dict[str, str] | None = None) -> Reply:
        from urllib.parse import urlencode

        body = urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        )

    def post_file(
        self,
        path: str,
        fields: dict[str, str],
        filename: str,
        data: bytes,
        content_type: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ) -> Reply:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="berkas"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})

    def log_in(self, name: str, password: str | None = None) -> Reply:
        form = self.get("/masuk")
        return self.post_form("/masuk", {"csrf": form.csrf(), "nama": name, "sandi": password or PASSWORDS[name]})


@contextmanager
def analyst_over(outputs: Path) -> Iterator[Client]:
    """The portal over ``outputs`` (the tests' sources, an inbox and warehouse beside it), an analyst logged in."""
    root = Path(outputs).parent
    settings = Settings(SOURCES, root / "inbox", Path(outputs), root / "warehouse" / "rb.duckdb")
    make_accounts(settings, ["analis"])
    with serving(settings) as base:
        yield logged_in(base, "analis")[0]


def logged_in(base: str, name: str) -> tuple[Client, str]:
    """A client logged in as ``name`` and its session's CSRF token."""
    client = Client(base)
    reply = client.log_in(name)
    assert reply.status == 303, reply.text[:500]
    return client, client.get("/").csrf()
