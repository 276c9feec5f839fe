"""One zip of a year's files of one kind: every unit's template, every feedback workbook.

Made on request from what lies in ``outputs/<year>/`` (the portal and
the portal serve it; nothing is stored), so it always holds the files as they
are now. Deterministic: members in name order, each stamped 1980-01-01 (the
zip format's first day), so the same files give the same bytes. Only regular,
visible files are taken; a symlink, a hidden or an unfinished file is left out.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assets.published import (
    FEEDBACK_BUNDLE,
    INDIKATOR_HASIL_FEEDBACK,
    INDIKATOR_HASIL_FORM,
    TEMPLATE_BUNDLE,
    UNIT_FEEDBACK,
    UNIT_TEMPLATE,
    Output,
)

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
SKIPPED_PREFIXES = (".", "~$")
SKIPPED_SUFFIXES = ("~", ".tmp", ".part")


@dataclass(frozen=True)
class Bundle:
    output: Output  # the zip's name and label
    members: tuple[Output, ...]  # the kinds of file it holds

    def name(self, year: int | str) -> str:
        return self.output.where.format(year=year)


BUNDLES = (
    Bundle(TEMPLATE_BUNDLE, (UNIT_TEMPLATE, INDIKATOR_HASIL_FORM)),
    Bundle(FEEDBACK_BUNDLE, (UNIT_FEEDBACK, INDIKATOR_HASIL_FEEDBACK)),
)


def bundle_named(name: str) -> Bundle | None:
    """The bundle whose zip is called ``name`` (``templat_unit_2021.zip``), or None."""
    return next((b for b in BUNDLES if b.output.matches(name)), None)


def bundle_listed_with(label: str) -> Bundle | None:
    """The bundle a page offers beside the list of files labelled ``label``: the bundle whose first kind
    it is (the templates' zip beside "Templat unit", the feedback's beside "Umpan balik unit")."""
    return next((b for b in BUNDLES if b.members[0].label == label), None)


def members(outputs: Path, year: int | str, bundle: Bundle) -> list[tuple[str, Path]]:
    """(name inside the zip, file) of every file of the bundle's kinds in the year's folder, by name."""
    year_folder = Path(outputs) / str(year)
    found: dict[str, Path] = {}
    for kind in bundle.members:
        folder = kind.folder(outputs, year)
        if folder.is_symlink() or not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            inner = path.relative_to(year_folder).as_posix()
            if kind.matches(inner) and _regular(path):
                found.setdefault(inner, path)
    return sorted(found.items())


def zip_bytes(outputs: Path, year: int | str, bundle: Bundle) -> bytes | None:
    """The bundle's zip, or None when the year has none of its files."""
    files = members(outputs, year, bundle)
    if not files:
        return None
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for inner, path in files:
            info = zipfile.ZipInfo(inner, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _regular(path: Path) -> bool:
    if path.name.startswith(SKIPPED_PREFIXES) or path.name.lower().endswith(SKIPPED_SUFFIXES):
        return False
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
