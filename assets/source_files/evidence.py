"""The evidence files a unit may attach to its rows (bukti dukung): their limits, declared once.

``collection.toml``'s section ``[evidence]`` sets them; the source check
(``check.py``) reads the same declaration, and the portal enforces it. Each
type is known by its extension, the media type it is served with, and the
first bytes its content must start with, so a file renamed to look like
another type is refused.
"""

from __future__ import annotations

import tomllib
import zipfile
from dataclasses import dataclass, fields
from pathlib import Path

SECTION = "evidence"
MB = 1024 * 1024
ZIP = b"PK\x03\x04"
OOXML = "[Content_Types].xml"  # every Office Open XML file (docx, xlsx, pptx) holds it
ODF = "mimetype"  # every OpenDocument file (odt, ods, odp) starts with it


@dataclass(frozen=True)
class EvidenceType:
    extension: str
    media_type: str
    magic: tuple[bytes, ...]  # the content starts with one of these
    member: str | None = None  # a zip member the content must hold (office files)

    def holds(self, path: Path) -> bool:
        """Whether the file's content is of this type (its first bytes, and for office files its zip directory)."""
        with open(path, "rb") as f:
            head = f.read(8)
        if not any(head.startswith(m) for m in self.magic):
            return False
        if self.member is None:
            return True
        try:
            with zipfile.ZipFile(path) as archive:
                return self.member in archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False


KNOWN_TYPES = {
    t.extension: t
    for t in [
        EvidenceType("pdf", "application/pdf", (b"%PDF-",)),
        EvidenceType("png", "image/png", (b"\x89PNG\r\n\x1a\n",)),
        EvidenceType("jpg", "image/jpeg", (b"\xff\xd8\xff",)),
        EvidenceType("jpeg", "image/jpeg", (b"\xff\xd8\xff",)),
        EvidenceType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,), OOXML),
        EvidenceType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,), OOXML),
        EvidenceType(
            "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", (ZIP,), OOXML
        ),
        EvidenceType("odt", "application/vnd.oasis.opendocument.text", (ZIP,), ODF),
        EvidenceType("ods", "application/vnd.oasis.opendocument.spreadsheet", (ZIP,), ODF),
    ]
}


@dataclass(frozen=True)
class EvidenceLimits:
    max_mb: float = 10  # one file
    max_per_row: int = 10  # files attached to one row
    types: tuple[str, ...] = ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "pptx", "odt", "ods")

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * MB)

    def type_of(self, filename: str) -> EvidenceType | None:
        """The allowed type a file name claims, by its extension; None when not allowed."""
        extension = Path(filename).suffix.lower().lstrip(".")
        return KNOWN_TYPES.get(extension) if extension in self.types else None

    @classmethod
    def from_table(cls, table: dict) -> EvidenceLimits:
        values = {f.name: table[f.name] for f in fields(cls) if f.name in table}
        if "types" in values:
            values["types"] = tuple(str(t).lower().lstrip(".") for t in values["types"])
        return cls(**values)

    @classmethod
    def load(cls, sources_dir: Path, config: str = "collection.toml") -> EvidenceLimits:
        path = Path(sources_dir) / config
        if not path.exists():
            return cls()
        return cls.from_table(tomllib.loads(path.read_text(encoding="utf-8")).get(SECTION, {}))


KEYS = {f.name for f in fields(EvidenceLimits)}
