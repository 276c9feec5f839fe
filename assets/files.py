"""Writing output and cache files: atomic replacement, no rewrite when unchanged, digests of code.

Every file the pipeline writes goes through :func:`replace_atomically`: the
content is written to a temporary name in the target folder and moved over
the target with ``os.replace``, so nobody ever reads half a file; when the new
bytes equal the file's, the file is left alone (its modification time too).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def replace_atomically(path: Path, write: Callable[[Path], None]) -> bool:
    """Let ``write`` fill a temporary file beside ``path``, then replace ``path`` with it unless the
    bytes are the same; True when ``path`` changed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        if path.is_file() and _same_bytes(tmp, path):
            tmp.unlink()
            return False
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        return True
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    path = Path(path)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    return replace_atomically(path, lambda tmp: tmp.write_bytes(data))


def source_digest(*modules: ModuleType, extra: str = "") -> str:
    """A short digest of the modules' source and ``extra``: a change to the code that made a result
    (a workbook, a cache entry) makes it again."""
    source = b"".join(Path(m.__file__).read_bytes() for m in modules)
    return hashlib.sha256(source + extra.encode()).hexdigest()[:16]


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
