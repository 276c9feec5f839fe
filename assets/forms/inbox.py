"""Listing an inbox folder: every entry found, with its fingerprint, or why it is ignored or refused.

Any file names and sub-folders are allowed. Excel and LibreOffice lock files
(``~$*.xlsx``, ``.~lock.*#``) and hidden files are listed as ignored, never
read. The sample generator's marker (:data:`SAMPLE_MARKER`) is not an entry at
all: it is not listed. An entry that is not a regular readable file inside the inbox is listed
with the reason it is not read: a symbolic link is followed only to a regular
file inside the inbox folder (never to a folder, never outside), a named pipe
or device is never opened, and a name that is not valid UTF-8 is shown with
its undecodable bytes as ``\\xNN``. Nothing here deletes or changes a file,
and no entry raises out of :func:`scan`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

IGNORED_LOCK = "IGNORED_LOCK_FILE"
IGNORED_HIDDEN = "IGNORED_HIDDEN_FILE"
IGNORED_LINKED_FOLDER = "IGNORED_LINKED_FOLDER"
IGNORED_REASONS = {
    IGNORED_LOCK: "File kunci sementara Excel/LibreOffice, bukan laporan; diabaikan.",
    IGNORED_HIDDEN: "File tersembunyi; diabaikan.",
    IGNORED_LINKED_FOLDER: "Tautan (symlink) ke sebuah folder; isi folder tautan tidak dibaca. Letakkan file laporan langsung di kotak masuk.",
}
BROKEN_LINK = "ENTRY_BROKEN_LINK"
OUTSIDE_INBOX = "ENTRY_OUTSIDE_INBOX"
NOT_REGULAR = "ENTRY_NOT_REGULAR"
NAME_UNDECODABLE = "ENTRY_NAME_UNDECODABLE"
UNREADABLE = "FILE_UNREADABLE"
FOLDER_UNREADABLE = "FOLDER_UNREADABLE"
REFUSED_REASONS = {
    BROKEN_LINK: "Tautan (symlink) ini menunjuk ke file yang tidak ada, jadi tidak ada yang dapat dibaca. Kirim file laporannya sendiri, bukan tautan.",
    OUTSIDE_INBOX: "Tautan (symlink) ini menunjuk ke luar kotak masuk dan tidak diikuti. Salin file laporannya ke kotak masuk.",
    NOT_REGULAR: "Ini bukan file biasa (misalnya pipa bernama/FIFO, soket atau perangkat) dan tidak dibuka. Kirim file laporan .xlsx.",
    NAME_UNDECODABLE: "Nama file atau foldernya memuat karakter yang tidak dapat dibaca (bukan UTF-8). Ganti nama file dengan huruf dan angka biasa, lalu kirim ulang.",
    UNREADABLE: "File tidak dapat dibaca (izin akses ditolak atau kesalahan baca). Periksa izin file di kotak masuk, lalu kirim ulang.",
    FOLDER_UNREADABLE: "Folder ini tidak dapat dibuka (izin akses ditolak); file di dalamnya tidak dibaca. Periksa izin folder di kotak masuk.",
}
EPOCH = dt.datetime(1970, 1, 1)
SAMPLE_MARKER = ".sample-data"  # marks a folder the sample generator (samples/generator.py) created and writes into


@dataclass(frozen=True)
class FoundFile:
    path: Path  # absolute, as listed (a link is not resolved)
    relative: str  # relative to the inbox root, with forward slashes; undecodable bytes shown as \xNN
    size_bytes: int
    modified_at: dt.datetime  # UTC, naive
    sha256: str | None  # None for entries that were not read
    ignored: str | None  # reason code when ignored (status diabaikan)
    refused: str | None = None  # reason code when the entry cannot be read at all (status ditolak)

    @property
    def readable(self) -> bool:
        return self.ignored is None and self.refused is None


def scan(folder: Path, root: Path) -> list[FoundFile]:
    """Every entry under ``folder`` that is not a folder, sorted by path; ``relative`` is taken against ``root``."""
    if not folder.is_dir():
        return []
    inside = folder.resolve()
    return sorted((_entry(path, folder, root, inside) for path in _walk(folder)), key=lambda f: f.path)


def _walk(folder: Path) -> Iterator[Path]:
    """Every entry below ``folder`` that is not a real folder; a folder that cannot be listed is yielded itself."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        yield folder
        return
    for entry in entries:
        if entry.name == SAMPLE_MARKER:
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if is_folder:
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def _entry(path: Path, folder: Path, root: Path, inside: Path) -> FoundFile:
    relative = display_name(path.relative_to(root).as_posix())

    def found(info: os.stat_result | None, *, sha256=None, ignored=None, refused=None) -> FoundFile:
        return FoundFile(path, relative, info.st_size if info else 0, _utc(info), sha256, ignored, refused)

    try:
        own = path.lstat()
    except OSError:  # vanished since it was listed
        return found(None, refused=UNREADABLE)
    ignored = _ignored(path.relative_to(folder))
    if ignored:
        return found(own, ignored=ignored)
    info = own
    if stat.S_ISLNK(own.st_mode):
        try:
            info = path.stat()
        except OSError:  # dangling, or a loop of links
            return found(own, refused=BROKEN_LINK)
        if not _within(Path(os.path.realpath(path)), inside):
            return found(own, refused=OUTSIDE_INBOX)
        if stat.S_ISDIR(info.st_mode):
            return found(own, ignored=IGNORED_LINKED_FOLDER)
    if stat.S_ISDIR(info.st_mode):  # a folder that could not be listed
        return found(own, refused=FOLDER_UNREADABLE)
    if not stat.S_ISREG(info.st_mode):
        return found(own, refused=NOT_REGULAR)
    if not decodable(path.relative_to(root).as_posix()):
        return found(info, refused=NAME_UNDECODABLE)
    try:
        digest = sha256_of(path)
    except OSError:
        return found(info, refused=UNREADABLE)
    return found(info, sha256=digest)


def _ignored(rel: Path) -> str | None:
    name = rel.name
    if name.startswith("~$") or (name.startswith(".~lock.") and name.endswith("#")):
        return IGNORED_LOCK
    if any(part.startswith(".") for part in rel.parts):
        return IGNORED_HIDDEN
    return None


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _utc(info: os.stat_result | None) -> dt.datetime:
    if info is None:
        return EPOCH
    return dt.datetime.fromtimestamp(info.st_mtime, dt.UTC).replace(tzinfo=None, microsecond=0)


def decodable(name: str) -> bool:
    """Whether a name read from the file system is valid UTF-8 (no surrogate-escaped bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_name(name: str) -> str:
    """A name as text that can be stored and shown: bytes that are not UTF-8 become ``\\xNN``."""
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def sha256_of(path: Path) -> str:
    """The sha256 of a regular file; raises OSError for anything else (opened without blocking, so a pipe never hangs)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a regular file")
        digest = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
