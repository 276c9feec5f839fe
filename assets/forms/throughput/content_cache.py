"""Results computed from a file's bytes, kept by the file's sha256.

A key is the content's sha256 and a version: a digest of the source of the
code that computed the result (and of its settings), so a code change
computes again. Entries are pickles written atomically; deleting the folder is
always safe. Used for the rows read from a workbook (``parsed_cache``) and for
the file-level checks of the inventory (``inventory``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from assets.files import write_bytes_atomically

Result = TypeVar("Result")
FOLDER = "parsed_rows"


def folder_beside(database: str | Path) -> Path:
    """The cache folder next to the warehouse file."""
    return Path(database).parent / FOLDER


def cached(folder: Path | None, sha256: str | None, version: str, compute: Callable[[], Result]) -> Result:
    """``compute()``, or what it returned before for the same file content (sha256) and ``version``."""
    if folder is None or not isinstance(sha256, str) or not sha256:
        return compute()
    entry = folder / f"{sha256}-{version}.pickle"
    try:
        return pickle.loads(entry.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    value = compute()
    write_bytes_atomically(entry, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value
