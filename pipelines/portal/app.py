"""The portal: login, each role's years and files, a unit's upload and status, the analysts' audit log.

Routes (every page but the login form needs a session; every POST needs the session's CSRF token):

- ``GET/POST /masuk``, ``POST /keluar``: log in and out;
- ``GET /``: the years the account may see;
- ``GET /<year>/``: the year's Laporan Monev (for those who may read it), then the files the account may
  read, by kind; for a unit or the Tim PMPRB also the upload form, its uploads with the pipeline's
  verdicts and, for a unit, its rows accepted and refused;
- ``GET /<year>/laporan_monev.css``: the report's stylesheet (the pages allow no inline style);
- ``GET /<year>/templat_unit_<year>.zip``, ``/<year>/umpan_balik_<year>.zip``: a year's templates (feedback
  workbooks) in one zip, made on request (analysts);
- ``POST /<year>/kirim``: upload a workbook into the account's own inbox folder;
- ``GET /<year>/validasi.html``: the validation report (analysts);
- ``GET /berkas/<path under outputs>``: a file the account may read, as an attachment;
- ``GET /bukti/<id>``: an evidence file, to its own unit, the analysts and the Tim PMPRB;
- ``GET /audit``, ``GET /audit.csv``: the audit log (analysts).

What outputs/ holds is ``listing.py``'s; which paths may be touched,
``paths.py``'s; how a file is handed over, ``files.py``'s; what a role may
read, ``access.py``'s one rule.
"""

from __future__ import annotations

import asyncio
import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from assets.bundles import bundle_listed_with, bundle_named, zip_bytes
from assets.forms.collection import Collection
from assets.forms.probe import MB, Limits
from assets.local_time import LocalTime
from assets.published import GENERAL, MONEV_REPORT, section_url
from assets.reports import monev, monev_render
from assets.roadmap.catalogue import load_units
from assets.roadmap.identity import RoadmapIdentity
from assets.source_files.evidence import KNOWN_TYPES, EvidenceLimits
from pipelines.portal import access, accounts, audit, evidence, files, listing, status, uploads, validation
from pipelines.portal.accounts import UNIT, LoginPolicy
from pipelines.portal.files import CHUNK, content_disposition
from pipelines.portal.guards import FORM_LIMIT, BodyLimit, SecurityHeaders
from pipelines.portal.paths import Refused, open_regular, resolve_inside
from pipelines.portal.sessions import COOKIE, COOKIE_OPTIONS, CSRF_FIELD, LOGIN_COOKIE, Session, Sessions
from pipelines.portal.store import Store
from pipelines.settings import Settings

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = Path(__file__).resolve().parent / "static" / "gaya.css"
FILES_PREFIX = listing.FILES_PREFIX
REPORT_STYLESHEET = "laporan_monev.css"
REFRESH_SECONDS = 10
NOT_FOUND = "Berkas atau halaman ini tidak ada, atau bukan untuk akun Anda."
FORBIDDEN = (
    "Permintaan ditolak: formulir ini kedaluwarsa atau bukan dari portal ini. Muat ulang halaman lalu coba lagi."
)
OUTSIDE = "Hanya berkas di dalam folder hasil yang dapat diunduh."
WRONG_LOGIN = "Nama akun atau kata sandi salah."
LOCKED_LOGIN = "Terlalu banyak percobaan yang salah: akun ini dikunci sementara sampai {until}. Coba lagi nanti atau hubungi Bagian Organisasi."


@dataclass(frozen=True)
class Portal:
    """What every request needs, made once at start."""

    settings: Settings
    store: Store
    sessions: Sessions
    policy: LoginPolicy
    clock: LocalTime
    years: list[str]
    limits: Limits
    evidence_limits: EvidenceLimits
    coordinator: str | None
    unit_names: dict[str, str]  # the registry's code -> name, shown beside each unit's file
    pages: jinja2.Environment

    @classmethod
    def start(cls, settings: Settings, policy: LoginPolicy) -> Portal:
        store = Store(settings.portal_db_path)
        roadmap = RoadmapIdentity.load(settings.roadmap_dir)
        collection = Collection.load(settings.sources_dir)
        units = load_units(settings.sources_dir)
        pages = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
        )
        pages.filters["size"] = files.size
        pages.filters["stamp"] = roadmap.local_time.stamp
        pages.filters["number"] = _number
        evidence.write_manifests(store, settings.evidence_dir, [str(y) for y in roadmap.years])
        return cls(
            settings,
            store,
            Sessions(store),
            policy,
            roadmap.local_time,
            [str(y) for y in roadmap.years],
            collection.limits,
            EvidenceLimits.load(settings.sources_dir),
            collection.coordinator_unit,
            dict(zip(units["code"], units["name"])),
            pages,
        )

    def render(self, name: str, status_code: int = 200, session: Session | None = None, **context) -> HTMLResponse:
        context.setdefault("error", None)
        context.setdefault("notice", None)
        context.setdefault("refresh", None)
        account = session.account if session else None
        html = self.pages.get_template(name).render(account=account, csrf=session.csrf if session else "", **context)
        return HTMLResponse(html, status_code=status_code)

    def message(self, session: Session | None, title: str, text: str, status_code: int) -> HTMLResponse:
        return self.render("message.html", status_code, session, title=title, text=text)

    def not_found(self, session: Session | None) -> HTMLResponse:
        return self.message(session, "Tidak ditemukan", NOT_FOUND, 404)


def build_app(settings: Settings, policy: LoginPolicy = accounts.DEFAULT_POLICY) -> Starlette:
    portal = Portal.start(settings, policy)
    upload_limit = uploads.body_limit(portal.limits)

    evidence_limit = portal.evidence_limits.max_bytes + uploads.FORM_OVERHEAD

    def limit_for(path: str) -> int:
        if path.endswith("/kirim"):
            return upload_limit
        return evidence_limit if path.endswith("/bukti") else FORM_LIMIT

    def session_of(request: Request) -> Session | None:
        return portal.sessions.find(request.cookies.get(COOKIE))

    def analysts_only(request: Request) -> Session | Response:
        """The analyst's session, or the answer for anyone else (the login page, or not found)."""
        session = session_of(request)
        if session is None:
            return to_login()
        return session if session.account.role == accounts.ANALYST else portal.not_found(session)

    def client(request: Request) -> str:
        return request.client.host if request.client else ""

    def to_login() -> RedirectResponse:
        return RedirectResponse("/masuk", status_code=303)

    def same_origin(request: Request) -> bool:
        """A browser's form from another site names that site in ``Origin``; no ``Origin``: not a cross-site form."""
        origin = request.headers.get("origin")

        return origin is None or origin == f"{request.url.scheme}://{request.url.netloc}"

    # --- logging in and out ---

    def login_page(request: Request, error: str | None = None, status_code: int = 200) -> Response:
        nonce, token = portal.sessions.login_form(request.cookies.get(LOGIN_COOKIE))
        response = portal.render(
            "login.html",
            status_code,
            None,
            title="Masuk",
            error=error,
            login_token=token,
            max_failures=policy.max_failures,
            lock_minutes=policy.lock_minutes,
        )
        response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, **COOKIE_OPTIONS)
        return response

    def show_login(request: Request) -> Response:
        if session_of(request):
            return RedirectResponse("/", status_code=303)
        return login_page(request)

    async def log_in(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=3, max_part_size=1024)
        name = str(form.get("nama", ""))[:64]
        if not same_origin(request) or not portal.sessions.login_form_accepts(
            request.cookies.get(LOGIN_COOKIE), form.get(CSRF_FIELD)
        ):
            await run_in_threadpool(
                audit.record, portal.store, audit.LOGIN, "/masuk", username=name, outcome=audit.REFUSED,
                detail="token CSRF salah", client=client(request),
            )  # fmt: skip
            return portal.message(None, "Ditolak", FORBIDDEN, 403)
        result = await run_in_threadpool(accounts.log_in, portal.store, name, str(form.get("sandi", "")), policy)
        if result.outcome != accounts.OK:
            await run_in_threadpool(
                audit.record, portal.store, audit.LOGIN, "/masuk", username=name, outcome=audit.REFUSED,
                detail=result.outcome, client=client(request),
            )  # fmt: skip
            await asyncio.sleep(result.delay)
            if result.outcome == accounts.LOCKED:
                return login_page(request, LOCKED_LOGIN.format(until=portal.clock.stamp(result.locked_until)), 429)
            return login_page(request, WRONG_LOGIN, 401)
        cookie, _ = await run_in_threadpool(portal.sessions.open, result.account)
        await run_in_threadpool(
            audit.record, portal.store, audit.LOGIN, "/masuk", account=result.account, client=client(request)
        )
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, cookie, max_age=int(portal.sessions.lifetime.total_seconds()), **COOKIE_OPTIONS)
        response.delete_cookie(LOGIN_COOKIE, **COOKIE_OPTIONS)
        return response

    async def log_out(request: Request) -> Response:
        session = await run_in_threadpool(session_of, request)
        form = await request.form(max_files=0, max_fields=2, max_part_size=1024)
        if session is None or not same_origin(request) or not session.accepts(form.get(CSRF_FIELD)):
            return portal.message(session, "Ditolak", FORBIDDEN, 403)
        await run_in_threadpool(portal.sessions.close, request.cookies.get(COOKIE))
        await run_in_threadpool(
            audit.record, portal.store, audit.LOGOUT, "/keluar", account=session.account, client=client(request)
        )
        response = to_login()
        response.delete_cookie(COOKIE, **COOKIE_OPTIONS)
        return response

    # --- pages ---

    def home(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return to_login()
        account = session.account
        outputs = settings.outputs_dir
        shown = [s for s in listing.sections(outputs) if access.sees_section(account, s)]
        sends = bool(uploads.inboxes_for(account, portal.coordinator))
        if sends:  # a unit or the Tim PMPRB may send for any year of the road map, published or not
            shown = sorted(set(shown) | set(portal.years), key=lambda s: (s == GENERAL, s), reverse=True)
            shown = [s for s in shown if s != GENERAL]
        sections = [
            {
                "url": section_url(s),
                "title": _title(s),
                "count": len(access.visible(account, listing.entries(outputs, s), portal.coordinator)),
                "sends": sends,
            }
            for s in shown
        ]
        return portal.render("home.html", 200, session, title="Portal Reformasi Birokrasi", sections=sections)

    def year_page(request: Request, error: str | None = None, status_code: int = 200) -> Response:
        session = session_of(request)
        if session is None:
            return to_login()
        section = request.path_params["section"]
        account = session.account
        inboxes = uploads.inboxes_for(account, portal.coordinator)
        known = listing.section_folder(settings.outputs_dir, section) is not None
        if not access.sees_section(account, section) or not (known or (inboxes and section in portal.years)):
            return portal.not_found(session)
        entries = access.visible(account, listing.entries(settings.outputs_dir, section), portal.coordinator)
        analyst = account.role == accounts.ANALYST
        report = monev.published(settings.outputs_dir, section) if known and _reads_report(account, section) else None
        context = {
            "groups": _groups(section, entries, zips=analyst),
            "unit_names": portal.unit_names,
            "report": monev_render.render_html(report, standalone=False, inline_css=False) if report else "",
            "report_css": section_url(section) + REPORT_STYLESHEET if report else "",
            "sending": [],
            "year": section,
            "rows": [],
            "codes": [],
            "evidence": {},
            "all_evidence": [],
            "evidence_limits": portal.evidence_limits,
        }
        if account.role == UNIT and section in portal.years:
            context["codes"] = evidence.unit_codes(settings.sources_dir, section, account.unit_code)
            context["evidence"] = evidence.listed(portal.store, section, account.unit_code)
        elif account.role in (accounts.ANALYST, accounts.PMPRB) and section in portal.years:
            context["all_evidence"] = [a for found in evidence.listed(portal.store, section).values() for a in found]
        for inbox in inboxes:
            sent = status.uploads(portal.store, account.username, section, settings.outputs_dir, inbox)
            waiting = any(u.status == status.WAITING for u in sent)
            context["sending"].append({"inbox": inbox, "uploads": sent, "waiting": waiting})
            context["max_mb"] = _number(portal.limits.max_file_mb)
            if waiting:
                context["refresh"] = REFRESH_SECONDS
            if inbox is uploads.SUBMISSIONS and sent and not waiting:
                rows = status.row_verdicts(settings.outputs_dir, section, account.unit_code)
                accepted = sum(r.accepted for r in rows)
                context.update(
                    rows=rows,
                    accepted=accepted,
                    refused=len(rows) - accepted,
                    feedback=status.feedback_url(settings.outputs_dir, section, account.unit_code),
                )
        return portal.render("year.html", status_code, session, title=_title(section), error=error, **context)

    def validation_report(request: Request) -> Response:
        session = analysts_only(request)
        if isinstance(session, Response):
            return session
        section = request.path_params["section"]
        folder = listing.section_folder(settings.outputs_dir, section)
        if folder is None:
            return portal.not_found(session)
        results = validation.load_results(folder / listing.VALIDATION_DIR)
        return portal.render(
            "validation.html", 200, session, title=f"Laporan validasi {section}", section=section,
            suites=validation.suites(results),
        )  # fmt: skip

    def report_stylesheet(request: Request) -> Response:
        """The year's Laporan Monev stylesheet, for those who may read the report."""
        session = session_of(request)
        section = request.path_params["section"]
        if session is None or not _reads_report(session.account, section):
            return PlainTextResponse("", status_code=404)
        report = monev.published(settings.outputs_dir, section)
        if report is None:
            return PlainTextResponse("", status_code=404)
        return PlainTextResponse(monev_render.render_css(report), media_type="text/css; charset=utf-8")

    def bundle(request: Request) -> Response:
        """A year's templates or feedback workbooks in one zip, made on request (analysts)."""
        session = analysts_only(request)
        if isinstance(session, Response):
            return session
        section, name = request.path_params["section"], request.path_params["name"]
        found = bundle_named(name) if listing.section_folder(settings.outputs_dir, section) else None
        data = zip_bytes(settings.outputs_dir, section, found) if found and name == found.name(section) else None
        if data is None:
            return portal.not_found(session)
        audit.record(portal.store, audit.DOWNLOAD, f"{section}/{name}", account=session.account, client=client(request))
        return Response(data, media_type="application/zip", headers={"Content-Disposition": content_disposition(name)})

    def download(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return to_login()
        raw = request.scope.get("raw_path", request.url.path.encode()).decode("latin-1").split("?", 1)[0]
        relative = unquote(raw[len(FILES_PREFIX) :])

        def refused(status_code: int, title: str, text: str, why: str) -> Response:
            audit.record(
                portal.store, audit.DOWNLOAD, relative, account=session.account, outcome=audit.REFUSED, detail=why,
                client=client(request),
            )  # fmt: skip
            return portal.message(session, title, text, status_code)

        try:
            path = resolve_inside(settings.outputs_dir, relative)
        except Refused:
            return refused(403, "Ditolak", OUTSIDE, "jalur di luar folder hasil")
        real = path.relative_to(settings.outputs_dir.resolve()).as_posix() if path else ""
        allowed = path is not None and all(
            access.may_read(session.account, r, portal.coordinator) for r in (relative, real)
        )
        f = open_regular(path) if allowed else None
        if f is None:
            return refused(404, "Tidak ditemukan", NOT_FOUND, "tidak ada atau bukan untuk akun ini")
        audit.record(portal.store, audit.DOWNLOAD, relative, account=session.account, client=client(request))
        name = listing.download_name(relative)
        return files.attachment(f, name, files.content_type(name))

    def evidence_file(request: Request) -> Response:
        session = session_of(request)
        if session is None:
            return to_login()
        found = evidence.find(portal.store, request.path_params["id"])
        target = f"bukti/{request.path_params['id']}"
        f = None
        if found is not None and evidence.may_read(session.account, found):
            f = open_regular(found.path(settings.evidence_dir))
        if f is None:
            audit.record(
                portal.store, audit.DOWNLOAD, target, account=session.account, outcome=audit.REFUSED,
                detail="tidak ada atau bukan untuk akun ini", client=client(request),
            )  # fmt: skip
            return portal.not_found(session)
        detail = f"{found.unit_code} {found.code} {found.original_name}"
        audit.record(
            portal.store, audit.DOWNLOAD, target, account=session.account, detail=detail, client=client(request)
        )
        return files.attachment(f, found.original_name, KNOWN_TYPES[found.extension].media_type)

    # --- upload ---

    async def posted_file(request: Request, session: Session, form, action: str, target: str):
        """(the form's file, its name) once the form is this session's own; else the refusal, audited."""
        if not same_origin(request) or not session.accepts(form.get(CSRF_FIELD)):
            await run_in_threadpool(
                audit.record, portal.store, action, target, account=session.account, outcome=audit.REFUSED,
                detail="token CSRF salah", client=client(request),
            )  # fmt: skip
            return portal.message(session, "Ditolak", FORBIDDEN, 403)
        sent = form.get("berkas")
        if not isinstance(sent, UploadFile) or not sent.filename:
            return await run_in_threadpool(year_page, request, uploads.NO_FILE, 400)
        return sent, _sent_name(sent)

    async def upload(request: Request) -> Response:
        session = await run_in_threadpool(session_of, request)
        if session is None:
            return portal.message(None, "Ditolak", FORBIDDEN, 403)
        account, year = session.account, request.path_params["section"]
        form = await request.form(max_files=1, max_fields=3, max_part_size=1024)
        inbox = uploads.inbox_named(account, portal.coordinator, str(form.get("formulir", "")))
        if inbox is None or year not in portal.years:
            return portal.not_found(session)
        posted = await posted_file(request, session, form, audit.UPLOAD, f"{inbox.name}/{year}")
        if isinstance(posted, Response):
            return posted
        sent, name = posted
        outcome = await run_in_threadpool(_receive, portal, sent, name, account, year, inbox)
        detail = outcome if isinstance(outcome, str) else f"{outcome.relative} sha256 {outcome.sha256[:12]}"
        await run_in_threadpool(
            audit.record, portal.store, audit.UPLOAD, f"{inbox.name}/{year}: {name}", account=account,
            outcome=audit.REFUSED if isinstance(outcome, str) else audit.ALLOWED, detail=detail,
            client=client(request),
        )  # fmt: skip
        if isinstance(outcome, str):
            code = 413 if outcome.startswith(uploads.TOO_LARGE.split("{")[0]) else 422
            return await run_in_threadpool(year_page, request, outcome, code)
        return RedirectResponse(f"{section_url(year)}#{inbox.anchor}", status_code=303)

    async def attach(request: Request) -> Response:
        session = await run_in_threadpool(session_of, request)
        if session is None:
            return portal.message(None, "Ditolak", FORBIDDEN, 403)
        account, year = session.account, request.path_params["section"]
        if account.role != UNIT or year not in portal.years:
            return portal.not_found(session)
        form = await request.form(max_files=1, max_fields=3, max_part_size=1024)
        code = str(form.get("kode", ""))[:40]
        posted = await posted_file(request, session, form, audit.ATTACH, f"{year} {code}")
        if isinstance(posted, Response):
            return posted
        sent, name = posted
        outcome = await run_in_threadpool(_attach, portal, sent, name, code, account, year)
        refused = isinstance(outcome, str)
        await run_in_threadpool(
            audit.record, portal.store, audit.ATTACH, f"{year} {code}: {name}", account=account,
            outcome=audit.REFUSED if refused else audit.ALLOWED,
            detail=outcome if refused else f"bukti/{outcome.id} sha256 {outcome.sha256[:12]}", client=client(request),
        )  # fmt: skip
        if refused:
            return await run_in_threadpool(year_page, request, outcome, 422)
        return RedirectResponse(f"{section_url(year)}#bukti", status_code=303)

    # --- audit log ---

    def audit_page(request: Request) -> Response:
        session = analysts_only(request)
        if isinstance(session, Response):
            return session
        events = audit.events(portal.store, portal.clock, limit=audit.SHOWN)
        return portal.render(
            "audit.html", 200, session, title="Log audit", events=events, headers=audit.headers(portal.clock)
        )

    def audit_csv(request: Request) -> Response:
        session = analysts_only(request)
        if isinstance(session, Response):
            return session
        audit.record(portal.store, audit.DOWNLOAD, "audit.csv", account=session.account, client=client(request))
        return Response(
            ("\ufeff" + audit.to_csv(portal.store, portal.clock)).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": content_disposition("log_audit_portal.csv")},
        )

    stylesheet = STYLESHEET.read_text(encoding="utf-8")

    def style(request: Request) -> Response:
        return PlainTextResponse(stylesheet, media_type="text/css; charset=utf-8")

    routes = [
        Route("/", home),
        Route("/gaya.css", style),
        Route("/masuk", show_login, methods=["GET"]),
        Route("/masuk", log_in, methods=["POST"]),
        Route("/keluar", log_out, methods=["POST"]),
        Route("/audit", audit_page),
        Route("/audit.csv", audit_csv),
        Route(FILES_PREFIX + "{rest:path}", download),
        Route("/{section}/kirim", upload, methods=["POST"]),
        Route("/{section}/bukti", attach, methods=["POST"]),
        Route("/bukti/{id}", evidence_file),
        Route("/{section}/" + listing.REPORT_NAME, validation_report),
        Route("/{section}/" + REPORT_STYLESHEET, report_stylesheet),
        Route("/{section}/", year_page),
        Route("/{section}/{name}", bundle),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        async def retry_receipts() -> None:
            while True:
                await asyncio.sleep(uploads.RECEIPT_RETRY_SECONDS)
                await run_in_threadpool(
                    uploads.record_pending_receipts, portal.store, settings.warehouse_path, uploads.RECEIPT_WAIT_SECONDS
                )

        task = asyncio.create_task(retry_receipts())
        try:
            yield
        finally:
            task.cancel()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.router.redirect_slashes = False  # an address is answered as written, never rewritten into another
    app.state.portal = portal
    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.add_middleware(SecurityHeaders)
    return app


def _spool(sent: UploadFile, scratch: Path, limit: int) -> Path | None:
    """The upload copied into ``scratch``, or None as soon as it grows past ``limit`` bytes."""
    path, size = Path(scratch) / "kiriman", 0
    with open(path, "wb") as out:
        sent.file.seek(0)
        while block := sent.file.read(CHUNK):
            size += len(block)
            if size > limit:
                return None
            out.write(block)
    return path


def _receive(portal: Portal, sent: UploadFile, name: str, account, year: str, inbox: uploads.Inbox):
    """Check the upload and store it in the inbox: the stored record, or the reason it was refused."""
    with tempfile.TemporaryDirectory(prefix="rb-portal-") as scratch:
        path = _spool(sent, Path(scratch), int(portal.limits.max_file_mb * MB))
        if path is None:
            return uploads.TOO_LARGE.format(limit=_number(portal.limits.max_file_mb))
        reason = uploads.refusal(path, name, account, year, inbox, portal.limits)
        if reason:
            return reason
        return uploads.store(
            portal.store,
            path.read_bytes(),
            inbox_root=portal.settings.inbox_root,
            warehouse=portal.settings.warehouse_path,
            inbox=inbox,
            year=year,
            account=account,
            original_name=name,
        )


def _attach(portal: Portal, sent: UploadFile, name: str, code: str, account, year: str):
    """Check an evidence file and store it: the attachment, or the reason it was refused."""
    limits = portal.evidence_limits
    with tempfile.TemporaryDirectory(prefix="rb-portal-") as scratch:
        path = _spool(sent, Path(scratch), limits.max_bytes)
        size = path.stat().st_size if path else limits.max_bytes + 1
        reason = evidence.refusal(
            path or Path(scratch), name, size, code, account, year, limits, portal.store, portal.settings.sources_dir
        )
        if reason:
            return reason
        return evidence.attach(portal.store, portal.settings.evidence_dir, path.read_bytes(), name, code, account, year)


def _sent_name(sent: UploadFile) -> str:
    """The file's own name as the browser sent it, without any folder (shown and recorded, never a path)."""
    return PurePosixPath(sent.filename.replace("\\", "/")).name[:200]


def _reads_report(account, section: str) -> bool:
    """Whether ``account`` may read the year's Laporan Monev (the rule for its PDF, ``access.py``)."""
    return access.may_read(account, f"{section}/{MONEV_REPORT.where.format(year=section)}", None)


def _groups(section: str, entries: list, *, zips: bool) -> list[dict]:
    """The entries by kind, in the listing's order; beside a kind, the zip of all its files (``zips``: analysts)."""
    groups: dict[str, list] = {}
    for e in entries:
        groups.setdefault(e.kind, []).append(e)
    shown = []
    for kind, group in groups.items():
        bundle = bundle_listed_with(kind) if zips else None
        zipped = {"url": section_url(section) + bundle.name(section), "label": bundle.output.label} if bundle else None
        shown.append({"kind": kind, "entries": group, "zip": zipped})
    return shown


def _title(section: str) -> str:
    return "Berkas umum (katalog dan instrumen)" if section == GENERAL else f"Tahun {section}"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")
