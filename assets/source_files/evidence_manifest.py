"""The evidence files of a year as the portal lists them for the pipeline: one declared layout.

The portal stores each attached file at ``<evidence dir>/<year>/<unit>/<sha256>.<ext>``
(:func:`stored_path`), serves it at ``/bukti/<id>`` (:func:`evidence_url`) and records it in its SQLite database. The pipeline does not
open that database: after every attachment, and for every year when it starts,
the portal rewrites ``<evidence dir>/<year>/lampiran.csv`` (:data:`MANIFEST`) from
its rows of the year, sorted by unit, code and id, so the same attachments give
the same bytes. The pipeline's ``evidence_files`` asset reads it back with
:func:`read_manifest`. Both sides import this module, so the file's name, its
columns and the stored files' paths cannot drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Manifest:
    name: str  # the file, in the year's folder of the evidence dir
    columns: tuple[str, ...]  # in file order
    integers: tuple[str, ...]  # columns holding whole numbers
    sort_key: tuple[str, ...]  # the rows' order in the file

    def path(self, evidence_dir: Path, year: str | int) -> Path:
        return Path(evidence_dir) / str(year) / self.name

    def to_bytes(self, rows: Iterable[Mapping[str, object]]) -> bytes:
        """The manifest of ``rows`` (each with every column; ``attached_at`` an aware datetime), sorted."""
        records = [{c: _text(row[c]) for c in self.columns} for row in rows]
        records.sort(key=lambda r: tuple(int(r[c]) if c in self.integers else r[c] for c in self.sort_key))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue().encode("utf-8")

    def read(self, evidence_dir: Path, year: str | int) -> pd.DataFrame:
        """The year's manifest as a frame (text columns, whole numbers as int, ``attached_at`` naive UTC);
        no rows when the portal has written none."""
        path = self.path(evidence_dir, year)
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))) if path.is_file() else []
        frame = pd.DataFrame(rows, columns=list(self.columns), dtype="str")
        for column in self.integers:
            frame[column] = frame[column].astype("int64")
        frame["attached_at"] = pd.to_datetime(frame["attached_at"], utc=True).dt.tz_localize(None)
        return frame


MANIFEST = Manifest(
    name="lampiran.csv",
    columns=(
        "id",
        "unit_code",
        "code",
        "sha256",
        "extension",
        "original_name",
        "size_bytes",
        "username",
        "attached_at",
    ),
    integers=("id", "size_bytes"),
    sort_key=("unit_code", "code", "id"),
)


def stored_path(evidence_dir: Path, year: str | int, unit_code: str, sha256: str, extension: str) -> Path:
    """Where an evidence file's content is kept: once per content, under its year and unit."""
    return Path(evidence_dir) / str(year) / unit_code / f"{sha256}.{extension}"


def evidence_url(attachment_id: int | str, base_url: str = "") -> str:
    """Where the portal at ``base_url`` serves an attachment (to its unit, the analysts and the Tim PMPRB)."""
    return f"{base_url.rstrip('/')}/bukti/{attachment_id}"


def read_manifest(evidence_dir: Path, year: str | int) -> pd.DataFrame:
    return MANIFEST.read(evidence_dir, year)


def _text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    return str(value)
