"""The portal's outer guards, as plain ASGI middleware: request body limits and security headers.

:class:`BodyLimit` refuses a request body before reading it when it declares
no length or a length over the limit (413/411), and stops one that sends more
than it declared; uploads get the collection's file limit, every other form a
small one. :class:`SecurityHeaders` puts on every response the headers that
keep a page from being framed, sniffed or made to run anything not served
by the portal itself.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FORM_LIMIT = 16 * 1024
HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
    "content-security-policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}
TOO_LARGE = "Kiriman terlalu besar; tidak dibaca."
NO_LENGTH = "Kiriman harus menyebutkan ukurannya (Content-Length)."


class TooLarge(Exception):
    """The body grew past the length it declared, or past the limit."""


class BodyLimit:
    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for  # path -> the largest body accepted there

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        limit = self.limit_for(scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is None or not declared.isdigit():
            return await PlainTextResponse(NO_LENGTH, status_code=411)(scope, receive, send)
        if int(declared) > limit:
            return await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)
        allowed, seen = int(declared), 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > allowed:
                    raise TooLarge()
            return message

        try:
            await self.app(scope, bounded, send)
        except TooLarge:
            await PlainTextResponse(TOO_LARGE, status_code=413)(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)
