"""Which paths the portal may touch: files inside the outputs folder, nothing else.

A request names a file by its path relative to the outputs folder. It is
refused when it climbs out (``..``), is absolute, names a hidden or unfinished
file (any part starting with ``.``: the pipeline writes ``.<name>.tmp`` and
renames it into place; or named as editors and copy tools name the files they
are still writing: ``~$x.xlsx``, ``x.tmp``, ``x~``), or resolves, through a
symlink, outside the folder. Only regular files are opened, and without ever
waiting: a named pipe, socket or device under the folder is not a file to serve.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

UNFINISHED_PREFIXES = ("~$", ".")  # Office's owner files, hidden files (``.~lock.x#``, ``.<name>.tmp``)
UNFINISHED_SUFFIXES = ("~", ".tmp", ".temp", ".part", ".partial", ".crdownload")


class Refused(ValueError):
    """A path that tries to leave the outputs folder."""


def is_hidden(relative: PurePosixPath | Path) -> bool:
    """Hidden, temporary and lock files (and anything in such a folder) are never listed or served."""
    return any(
        part.startswith(UNFINISHED_PREFIXES) or part.lower().endswith(UNFINISHED_SUFFIXES) for part in relative.parts
    )


def resolve_inside(root: Path, relative: str) -> Path | None:
    """The real path of ``relative`` under ``root``; None when hidden; :class:`Refused` when it leaves ``root``.

    ``relative`` is already URL-decoded, with ``/`` separators.
    """
    if not relative or "\x00" in relative or "\\" in relative:
        raise Refused(relative)
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise Refused(relative)
    if is_hidden(pure):
        return None
    base = root.resolve()
    candidate = (base / pure).resolve()
    if not candidate.is_relative_to(base):
        raise Refused(relative)
    return None if is_hidden(candidate.relative_to(base)) else candidate


def open_regular(path: Path) -> BinaryIO | None:
    """``path`` opened for reading when it is a regular file, else None; never blocks, never follows a symlink.

    Checked before opening (``lstat``) and again on the open descriptor, so a file swapped for a named pipe in
    between is still refused; ``O_NONBLOCK`` keeps the open itself from waiting for a pipe's writer.
    """
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        os.set_blocking(fd, True)
    except OSError:
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")
