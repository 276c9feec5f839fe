"""Listing an inbox folder: every file found, with its fingerprint, or why it is ignored.

Any file names and sub-folders are allowed. Excel and LibreOffice lock files
(``~$*.xlsx``, ``.~lock.*#``) and hidden files are listed as ignored, never
read. Nothing here deletes or changes a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

IGNORED_LOCK = "IGNORED_LOCK_FILE"
IGNORED_HIDDEN = "IGNORED_HIDDEN_FILE"
IGNORED_REASONS = {
    IGNORED_LOCK: "File kunci sementara Excel/LibreOffice, bukan laporan; diabaikan.",
    IGNORED_HIDDEN: "File tersembunyi; diabaikan.",
}


@dataclass(frozen=True)
class FoundFile:
    path: Path  # absolute
    relative: str  # relative to the inbox root, with forward slashes
    size_bytes: int
    modified_at: dt.datetime  # UTC, naive
    sha256: str | None  # None for ignored files
    ignored: str | None  # reason code when ignored


def scan(folder: Path, root: Path) -> list[FoundFile]:
    """Every file under ``folder``, sorted by path; ``relative`` is taken against ``root``."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        rel = path.relative_to(folder)
        stat = path.stat() if path.exists() else None
        ignored = _ignored(rel)
        found.append(
            FoundFile(
                path=path,
                relative=path.relative_to(root).as_posix(),
                size_bytes=stat.st_size if stat else 0,
                modified_at=dt.datetime.fromtimestamp(stat.st_mtime, dt.timezone.utc).replace(tzinfo=None, microsecond=0)
                if stat
                else dt.datetime(1970, 1, 1),
                sha256=None if ignored or stat is None else sha256_of(path),
                ignored=ignored,
            )
        )
    return found


def _ignored(rel: Path) -> str | None:
    name = rel.name
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return IGNORED_LOCK
    if any(part.startswith(".") for part in rel.parts):
        return IGNORED_HIDDEN
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
