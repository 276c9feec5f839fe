"""What was parsed from a workbook, kept by its sha256: an unchanged file is not parsed again.

Two things are kept: the rows the reader returns (here) and the file-level
checks of the inventory (``assets/forms/inventory.py``), each under a key that
also holds a digest of the code that computed it.

A re-run of a year reads from the cache every file whose bytes (sha256, from
the inventory) it has parsed before. The key also holds a digest of the
reader's source (and of the workbook module it reads through) and of the layout, so a change to either parses every file
again. The cache is a folder of pickles beside the warehouse, written only by
the pipeline; deleting it is always safe. Only the reading is skipped: every
row is still parsed into values and validated on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from assets.files import source_digest
from assets.forms import read as reader
from assets.forms import submitted
from assets.forms.layouts import FormLayout
from assets.forms.read import SheetRow
from assets.forms.throughput.content_cache import cached


@lru_cache(maxsize=8)
def reader_digest(layout: FormLayout) -> str:
    return source_digest(reader, submitted, extra=repr(layout))


def read_rows_cached(
    path: Path,
    sha256: str | None,
    layout: FormLayout,
    folder: Path | None,
    read: Callable[[Path, FormLayout], list[SheetRow]] = reader.read_rows,
) -> list[SheetRow]:
    """The rows of ``path``, from the cache when its sha256 was parsed before with this reader."""
    return cached(folder, sha256, reader_digest(layout), lambda: read(path, layout))


def row_codes(path: Path, sha256: str | None, folder: Path | None, *, layout: FormLayout) -> list[str | None]:
    """The Kode of every row of ``path`` (read through the cache); raises when the rows cannot be read.

    The inventory calls it to refuse an unreadable file at file level; the rows it reads stay cached for ``progress``.
    """
    return [r.code for r in read_rows_cached(path, sha256, layout, folder)]
