"""Which paths the download page may touch: files inside the outputs folder, nothing else.

A request names a file by its path relative to the outputs folder. It is
refused when it climbs out (``..``), is absolute, names a hidden or temporary
file (any part starting with ``.``: the pipeline writes ``.<name>.tmp`` and
renames it into place), or resolves, through a symlink, outside the folder.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class Refused(ValueError):
    """A path that tries to leave the outputs folder."""


def is_hidden(relative: PurePosixPath | Path) -> bool:
    """Hidden and temporary files (and anything in a hidden folder) are never listed or served."""
    return any(part.startswith(".") for part in relative.parts)


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
