"""How the portal hands a file over: its media type, its download name, and a stream that survives a replacement.

Every file is an attachment (``Content-Disposition``) with a sandboxing
``Content-Security-Policy``, and an HTML output is sent as
``application/octet-stream``: nothing under outputs/ or among the evidence
files is ever rendered on the portal's own address. The stream reads from the
descriptor opened before the headers are sent: the pipeline replaces outputs
with ``os.replace``, so a download started before a replacement delivers the
old file whole.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import BinaryIO
from urllib.parse import quote

from starlette.responses import StreamingResponse

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".parquet": "application/vnd.apache.parquet",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".zip": "application/zip",
}
OCTETS = "application/octet-stream"
CHUNK = 256 * 1024


def content_type(name: str) -> str:
    """The media type a file is sent with, by its extension; never HTML (an HTML output is downloaded)."""
    return CONTENT_TYPES.get(PurePosixPath(name).suffix.lower(), OCTETS)


def content_disposition(filename: str) -> str:
    """``attachment; filename*=UTF-8''<name>`` (RFC 6266 / 8187)."""
    return "attachment; filename*=UTF-8''" + quote(filename, safe="")


def attachment(f: BinaryIO, name: str, media_type: str) -> StreamingResponse:
    """``f`` (already open) streamed as the download ``name``."""
    size = os.fstat(f.fileno()).st_size

    def chunks():
        with f:
            while block := f.read(CHUNK):
                yield block

    headers = {
        "Content-Disposition": content_disposition(name),
        "Content-Length": str(size),
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "no-cache",
    }
    return StreamingResponse(chunks(), media_type=media_type, headers=headers)


def size(n: int) -> str:
    """``812 B``, ``26,0 KB``, ``3,4 MB``."""
    if n < 1024:
        return f"{n} B"
    value, unit = n / 1024, "KB"
    if value >= 1024:
        value, unit = value / 1024, "MB"
    return f"{value:.1f} {unit}".replace(".", ",")
