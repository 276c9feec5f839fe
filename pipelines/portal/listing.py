"""What the outputs folder holds, per year, and what each file is, as the portal lists it (reads the folder only).

``outputs/<year>/`` holds the year's published files; anything directly under
``outputs/`` outside a year folder (the catalogue's validation results) forms
the section ``umum``. Hidden and temporary files are never listed, nor files
that resolve outside the outputs folder.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from assets.published import (
    FILES_PREFIX,
    GENERAL,
    VALIDATION_REPORT,
    VALIDATION_RESULT,
    YEAR_DIR,
    file_url,
    label_of,
    labels,
    report_url,
    unit_of,
)
from pipelines.portal import validation
from pipelines.portal.paths import Refused, is_hidden, resolve_inside

VALIDATION_DIR = PurePosixPath(VALIDATION_RESULT.where).parent.as_posix()  # validation/
REPORT_NAME = VALIDATION_REPORT.where


@dataclass(frozen=True)
class Entry:
    """One line of a section's page."""

    relative: str  # path under the outputs folder, with '/'; also the entry's anchor on the page
    inner: str  # path inside its section's folder
    kind: str
    size: int
    modified: dt.datetime  # timezone-aware
    url: str  # where the file (or the rendered report) is fetched

    @property
    def order(self) -> tuple[int, str]:
        return labels().index(self.kind), self.relative

    @property
    def unit(self) -> str | None:
        """The unit a file was made for (its template, its feedback), else None."""
        return unit_of(self.inner)

    @property
    def opens(self) -> bool:
        """A page the portal renders (the validation report), not a file to download."""
        return not self.url.startswith(FILES_PREFIX)


def sections(outputs: Path) -> list[str]:
    """Year folders, newest first, then ``umum`` when files lie outside every year folder."""
    if not outputs.is_dir():
        return []
    years = sorted((p.name for p in outputs.iterdir() if p.is_dir() and YEAR_DIR.match(p.name)), reverse=True)
    general = any(True for _ in _files(outputs, outputs, skip_years=True))
    return years + ([GENERAL] if general else [])


def section_folder(outputs: Path, section: str) -> Path | None:
    """The folder of a section, or None when there is no such section."""
    if section == GENERAL:
        return outputs
    if YEAR_DIR.match(section) and (outputs / section).is_dir():
        return outputs / section
    return None


def entries(outputs: Path, section: str) -> list[Entry]:
    """Every listable file of a section with what it is, plus its validation report when results exist."""
    folder = section_folder(outputs, section)
    if folder is None:
        return []
    found = []
    for path in _files(outputs, folder, skip_years=section == GENERAL):
        inner = path.relative_to(folder).as_posix()
        relative = path.relative_to(outputs).as_posix()
        stat = path.stat()
        found.append(Entry(relative, inner, kind_of(inner), stat.st_size, _utc(stat.st_mtime), file_url(relative)))
    results = validation.load_results(folder / VALIDATION_DIR)
    if results:  # the report page, rendered from the stored results (its size: theirs)
        newest = max(r.modified for r in results)
        relative = f"{section}/{REPORT_NAME}"
        stored = sum(r.size for r in results)
        found.append(Entry(relative, REPORT_NAME, kind_of(REPORT_NAME), stored, newest, report_url(section)))
    return sorted(found, key=lambda e: e.order)


def kind_of(inner: str) -> str:
    """What a file is, from its path inside its section (the declared layout, ``assets/published.py``)."""
    return label_of(inner)


def download_name(relative: str) -> str:
    """The name a browser saves a file as: unique across years and folders (``2021_templates_DINKES.xlsx``)."""
    parts = PurePosixPath(relative).parts
    year = parts[0] if YEAR_DIR.match(parts[0]) else ""
    if year and year in parts[-1]:
        return parts[-1]
    return "_".join(parts)


def _files(outputs: Path, folder: Path, *, skip_years: bool):
    """Regular files below ``folder`` that are visible and stay inside ``outputs``; symlinked folders are not followed."""
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (skip_years and here == folder and YEAR_DIR.match(d))
        )
        for name in sorted(filenames):
            relative = (here / name).relative_to(outputs)
            if is_hidden(relative):
                continue
            try:
                real = resolve_inside(outputs, relative.as_posix())
            except Refused:
                continue
            if real is not None and real.is_file():
                yield here / name


def _utc(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC)
