"""Writing output and cache files: atomic replacement, no rewrite when unchanged, digests of code.

Every file the pipeline writes goes through :func:`write_bytes_atomically` or
:func:`replace_atomically`. A file whose new bytes equal its current bytes is
left alone, and so is its folder: nothing is created, renamed or removed in
it, so neither the file's nor the folder's modification time changes. Only
when the bytes differ is the content written to a hidden temporary name
beside the target and moved over it with ``os.replace``, so nobody ever reads
half a file. Content made by another program (DuckDB's ``COPY``) is first made
in a private scratch folder outside the target's folder, then compared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType


def replace_atomically(path: Path, write: Callable[[Path], None]) -> bool:
    """Let ``write`` fill a file in a private scratch folder, then replace ``path`` with it unless the
    bytes are the same; True when ``path`` changed."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="rb-staging-") as scratch:
        staged = Path(scratch) / path.name
        write(staged)
        if path.is_file() and _same_bytes(staged, path):
            return False
        _install(path, lambda tmp: shutil.copyfile(staged, tmp))
    return True


def write_bytes_atomically(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    path = Path(path)
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    _install(path, lambda tmp: tmp.write_bytes(data))
    return True


def source_digest(*modules: ModuleType, extra: str = "") -> str:
    """A short digest of the modules' source and ``extra``: a change to the code that made a result
    (a workbook, a cache entry) makes it again."""
    source = b"".join(Path(m.__file__).read_bytes() for m in modules)
    return hashlib.sha256(source + extra.encode()).hexdigest()[:16]


def _install(path: Path, fill: Callable[[Path], object]) -> None:
    """Fill a hidden temporary file beside ``path`` and move it over ``path`` (same folder, so atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        fill(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
