"""Building real workbooks for tests: templates from the project's own catalogue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
from openpyxl import Workbook

from assets.forms import realisasi
from assets.forms.identity import FormIdentity
from assets.forms.layouts import REALISASI
from assets.forms.signature import TemplateSigner
from assets.roadmap.catalogue import load_indicators, load_units
from assets.roadmap.identity import RoadmapIdentity
from assets.roadmap.targets import expand_targets
from assets.submissions.queries import unit_targets
from assets.xlsx_files import workbook_bytes


def unit_rows(sources: Path, year: int, unit_code: str):
    indicators = load_indicators(sources / "roadmap")
    targets = expand_targets(indicators, load_units(sources))
    with duckdb.connect() as conn:
        conn.register("roadmap_targets", targets)
        conn.register("roadmap_indicators", indicators)
        frame = unit_targets(conn, year)
    return frame[frame["unit_code"] == unit_code]


def unit_template(sources: Path, year: int, unit_code: str, signer: TemplateSigner | None = None) -> Workbook:
    """The unit's template as the pipeline builds it; unsigned unless a deployment's ``signer`` is given."""
    rows = unit_rows(sources, year, unit_code)
    roadmap = RoadmapIdentity.load(sources / "roadmap")
    identity = FormIdentity.for_unit(
        REALISASI, roadmap, unit_code, rows["responsible_unit"].iloc[0], year, signer=signer
    )
    return realisasi.build_template(identity, realisasi.template_rows(rows))


def put(path: Path, data: bytes | Workbook, modified: dt.datetime | None = None) -> Path:
    """Write a file into an inbox with a given modification time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(workbook_bytes(data) if isinstance(data, Workbook) else data)
    if modified is not None:
        os.utime(path, (modified.timestamp(), modified.timestamp()))
    return path
