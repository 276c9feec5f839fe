"""The read-only download page over the outputs folder (stdlib ``http.server``).

Routes: ``/`` the years; ``/<year>/`` a year's page (its Laporan Monev, then its
files by kind); ``/<year>/validasi.html`` its validation report;
``/<year>/templat_unit_<year>.zip`` and ``/<year>/umpan_balik_<year>.zip`` every
template (every feedback workbook) of the year in one zip, made on request
(``assets/bundles.py``); ``/berkas/<path under outputs>`` a regular, finished
file, as an attachment (anything else under outputs/ is not found). Only GET
and HEAD. A file is served from the descriptor opened before the headers are
sent: the pipeline replaces outputs with ``os.replace``, so a download started
before a replacement delivers the old file whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from assets.bundles import Bundle, bundle_named, zip_bytes
from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.published import section_url
from assets.reports import monev, monev_render
from pipelines.download import listing, pages, report
from pipelines.download.paths import Refused, open_regular, resolve_inside

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
HTML = CONTENT_TYPES[".html"]
FILES_PREFIX = "/berkas/"
CHUNK = 256 * 1024


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), "application/octet-stream")


def content_disposition(filename: str) -> str:
    """``attachment; filename*=UTF-8''<name>`` (RFC 6266 / 8187)."""
    return "attachment; filename*=UTF-8''" + quote(filename, safe="")


class DownloadHandler(BaseHTTPRequestHandler):
    """Serves one outputs folder, read-only; the folder is the server's ``outputs`` attribute."""

    server_version = "rb-unduhan"
    sys_version = ""

    @property
    def outputs(self) -> Path:
        return self.server.outputs  # type: ignore[attr-defined]

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)

    def _respond(self, *, send_body: bool) -> None:
        raw = urlsplit(self.path).path
        if raw.startswith(FILES_PREFIX):
            return self._file(unquote(raw[len(FILES_PREFIX) :]), send_body)
        parts = [unquote(p) for p in raw.strip("/").split("/")] if raw.strip("/") else []
        if not parts:
            sections = listing.sections(self.outputs)
            counts = {s: len(listing.entries(self.outputs, s)) for s in sections}
            return self._html(HTTPStatus.OK, pages.index(sections, counts), send_body)
        folder = listing.section_folder(self.outputs, parts[0])
        if folder is not None and len(parts) == 1:
            if not raw.endswith("/"):
                return self._redirect(section_url(parts[0]))
            return self._html(HTTPStatus.OK, self._section_page(parts[0]), send_body)
        if folder is not None and parts[1:] == [listing.REPORT_NAME]:
            results = report.load_results(folder / listing.VALIDATION_DIR)
            return self._html(HTTPStatus.OK, report.render(parts[0], results, self.server.clock), send_body)
        bundle = bundle_named(parts[1]) if folder is not None and len(parts) == 2 else None
        if bundle is not None and parts[1] == bundle.name(parts[0]):
            return self._bundle(parts[0], bundle, send_body)
        return self._not_found(send_body)

    def _section_page(self, section: str) -> str:
        """The year's page: the published Laporan Monev (when there is one) above the files."""
        report = monev.published(self.outputs, section)
        names = {u["unit"]: u["unit_name"] for u in report["units"]} if report else {}
        return pages.section(
            section,
            listing.entries(self.outputs, section),
            self.server.clock,
            report_html=monev_render.render_html(report, standalone=False) if report else "",
            unit_names={**names, **self.server.unit_names},
        )

    def _bundle(self, section: str, bundle: Bundle, send_body: bool) -> None:
        data = zip_bytes(self.outputs, section, bundle)
        if data is None:
            return self._not_found(send_body)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", CONTENT_TYPES[".zip"])
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Content-Disposition", content_disposition(bundle.name(section)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(data)

    def _file(self, relative: str, send_body: bool) -> None:
        try:
            path = resolve_inside(self.outputs, relative)
        except Refused:
            return self._html(
                HTTPStatus.FORBIDDEN,
                pages.message("Ditolak", "Hanya berkas di dalam folder hasil yang dapat diunduh."),
                send_body,
            )
        if path is None:
            return self._not_found(send_body)
        f = open_regular(path)
        if f is None:
            return self._not_found(send_body)
        with f:
            info = os.fstat(f.fileno())
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type(path.name))
            self.send_header("Content-Length", str(info.st_size))
            self.send_header("Content-Disposition", content_disposition(listing.download_name(relative)))
            self.send_header("Last-Modified", self.date_time_string(int(info.st_mtime)))
            self.send_header("Cache-Control", "no-cache")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if send_body:
                shutil.copyfileobj(f, self.wfile, CHUNK)

    def _html(self, status: HTTPStatus, text: str, send_body: bool) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_found(self, send_body: bool) -> None:
        self._html(
            HTTPStatus.NOT_FOUND, pages.message("Tidak ditemukan", "Berkas atau halaman ini tidak ada."), send_body
        )

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


def make_server(
    outputs: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    *,
    quiet: bool = False,
    clock: LocalTime = DEFAULT_CLOCK,
    unit_names: Mapping[str, str] | None = None,
) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (port 0: any free port) serving ``outputs``, times on ``clock``
    (roadmap.toml's timezone), each unit's file beside its name (``unit_names``: the registry's
    code -> name); call ``serve_forever``."""
    server = ThreadingHTTPServer((host, port), DownloadHandler)
    server.daemon_threads = True
    server.outputs = Path(outputs)  # type: ignore[attr-defined]
    server.quiet = quiet  # type: ignore[attr-defined]
    server.clock = clock  # type: ignore[attr-defined]
    server.unit_names = dict(unit_names or {})  # type: ignore[attr-defined]
    return server
