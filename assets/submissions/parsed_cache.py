"""Parsed rows kept by the workbook's sha256: an unchanged file is not parsed again.

A re-run of a year reads from the cache every file whose bytes (sha256, from
the inventory) it has parsed before. The key also holds a digest of the
reader's source (and of the workbook module it reads through) and of the layout, so a change to either parses every file
again. The cache is a folder of pickles beside the warehouse, written only by
the pipeline; deleting it is always safe. Only the reading is skipped: every
row is still parsed into values and validated on every run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

from assets.forms.layout import FormLayout
from assets.intake import workbook
from assets.submissions import reader
from assets.submissions.reader import SheetRow

FOLDER = "parsed_rows"


def folder_beside(database: str | Path) -> Path:
    """The cache folder next to the warehouse file."""
    return Path(database).parent / FOLDER


@lru_cache(maxsize=8)
def reader_digest(layout: FormLayout) -> str:
    source = b"".join(Path(m.__file__).read_bytes() for m in (reader, workbook))
    return hashlib.sha256(source + repr(layout).encode()).hexdigest()[:16]


def read_rows_cached(
    path: Path, sha256: str | None, layout: FormLayout, folder: Path | None,
    read: Callable[[Path, FormLayout], list[SheetRow]] = reader.read_rows,
) -> list[SheetRow]:  # fmt: skip
    """The rows of ``path``, from the cache when its sha256 was parsed before with this reader."""
    if folder is None or not isinstance(sha256, str) or not sha256:
        return read(path, layout)
    entry = folder / f"{sha256}-{reader_digest(layout)}.pickle"
    try:
        return pickle.loads(entry.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    rows = read(path, layout)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(tmp, entry)
    return rows
