"""LibreOffice and poppler for the tests: convert workbooks, read the printed pages back."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


def convert(soffice: str, files: list[Path], workdir: Path, to: str) -> list[Path]:
    """Let LibreOffice convert each file ``to`` a format (``xlsx`` recalculates and re-saves, ``pdf`` prints).

    The files' names must differ: the results land side by side in ``workdir/<to>``.
    """
    out = workdir / to
    command = [
        soffice,
        "--headless",
        f"-env:UserInstallation=file://{workdir / 'lo-profile'}",
        "--convert-to",
        to,
        "--outdir",
        str(out),
        *map(str, files),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    results = [out / f"{f.stem}.{to}" for f in files]
    missing = [p for p in results if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}: {done.stdout} {done.stderr}"
    return results


@dataclass(frozen=True)
class Word:
    text: str
    x: float  # left
    y: float  # top
    bottom: float


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    width: float  # points
    height: float
    text: str  # as pdftotext -layout prints it
    words: tuple[Word, ...]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def header(self) -> list[str]:
        """The running header's parts (government, sheet, year), as the first printed line shows them."""
        first = next(line for line in self.text.splitlines() if line.strip())
        return re.split(r"\s{2,}", first.strip())

    @property
    def sheet(self) -> str:
        return self.header[1]


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>')
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def pdf_pages(pdftotext: str, pdf: Path) -> list[Page]:
    """Every page of ``pdf``: its size, its text laid out, and its words with their positions."""
    layout = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    bbox = subprocess.run([pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True)
    texts = layout.stdout.split("\f")
    pages = []
    for number, (width, height, body) in enumerate(_PAGE.findall(bbox.stdout), start=1):
        words = tuple(
            Word(_unescape(text), float(x), float(y), float(bottom)) for x, y, bottom, text in _WORD.findall(body)
        )
        pages.append(Page(number, float(width), float(height), texts[number - 1], words))
    return pages


def _unescape(text: str) -> str:
    return re.sub("|".join(_ENTITIES), lambda m: _ENTITIES[m.group(0)], text)
