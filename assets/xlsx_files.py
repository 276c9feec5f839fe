"""Saving workbooks: deterministic bytes, atomic replacement, no rewrite when unchanged.

openpyxl stamps the save time into ``docProps/core.xml`` and every zip entry,
so two saves of the same content differ. Here openpyxl writes into an archive
that gives every entry a fixed time and the ``modified`` stamp set to the ``created`` one, so the same
content gives the same bytes; the file is replaced only when those bytes
change, atomically (:mod:`assets.files`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.writer.excel import ExcelWriter

from assets.files import write_bytes_atomically

FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_CREATED = dt.datetime(2000, 1, 1)


def workbook_bytes(wb: Workbook, created: dt.datetime = FIXED_CREATED) -> bytes:
    """The workbook as deterministic xlsx bytes (created and modified stamped ``created``)."""
    wb.properties.created = created
    wb.properties.creator = "rb-monitor"
    out = io.BytesIO()
    ExcelWriter(wb, _FixedZip(out, created.strftime("%Y-%m-%dT%H:%M:%SZ"))).save()
    return out.getvalue()


class _FixedZip(zipfile.ZipFile):
    """The archive openpyxl writes into: every entry with a fixed time, ``modified`` set to ``created``."""

    def __init__(self, file: io.BytesIO, created: str):
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self._created = created.encode()

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        data = data.encode() if isinstance(data, str) else data
        if name == "docProps/core.xml":
            data = re.sub(
                rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>" + self._created + rb"\g<2>", data
            )
        entry = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o600 << 16
        super().writestr(entry, data)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        self.writestr(arcname or os.path.basename(filename), Path(filename).read_bytes())


def save_workbook(wb: Workbook, path: Path, created: dt.datetime = FIXED_CREATED) -> bool:
    """Save deterministically and atomically; True when the file changed."""
    return write_bytes_atomically(path, workbook_bytes(wb, created))


DIGEST_PROPERTY = "rb_content_digest"
_DIGEST_RE = re.compile(rb'name="' + DIGEST_PROPERTY.encode() + rb'"[^>]*>\s*<vt:lpwstr>([0-9a-f]+)</vt:lpwstr>')


def stored_digest(path: Path) -> str | None:
    """The content digest a workbook was saved with (read from its zip, without openpyxl)."""
    try:
        with zipfile.ZipFile(path) as archive:
            match = _DIGEST_RE.search(archive.read("docProps/custom.xml"))
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    return match.group(1).decode() if match else None


def save_built_workbook(
    path: Path, digest: str, build: Callable[[], Workbook], created: dt.datetime = FIXED_CREATED
) -> bool:
    """Build and save a workbook only when ``path`` was not saved from the same ``digest``.

    Building a styled workbook is the expensive part; an unchanged one is not built at all.
    Returns True when the workbook was built (and saved if its bytes changed).
    """
    if stored_digest(path) == digest:
        return False
    wb = build()
    wb.custom_doc_props.append(StringProperty(name=DIGEST_PROPERTY, value=digest))
    save_workbook(wb, path, created)
    return True
