"""A synthetic collection: the real regency's units plus numbered synthetic units under the same road map.

The synthetic units are not named in the road map, so each reports the
"Seluruh SKPD" indicators, exactly as an unnamed real unit does. Workbooks are
written by the sample generator (one template per unit, values varied by a
seed of year and unit code): deterministic for a given N.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from assets.forms.layouts import INBOXES
from pipelines.settings import Settings

SOURCES = Path(__file__).resolve().parent.parent / "sources"
IGNORED = INBOXES


def regency_units() -> int:
    with (SOURCES / "units.csv").open(encoding="utf-8-sig") as f:
        return sum(1 for _ in csv.DictReader(f))


def prepare(root: Path, units: int) -> Settings:
    """A sources folder under ``root`` whose units.csv has ``units`` units; warehouse and outputs beside it."""
    sources = root / "sources"
    shutil.copytree(SOURCES, sources, ignore=shutil.ignore_patterns(*IGNORED))
    _extend_units(sources / "units.csv", units)
    return Settings(
        sources_dir=sources,
        inbox_root=root / "inbox",
        outputs_dir=root / "outputs",
        warehouse_path=root / "warehouse" / "rb.duckdb",
    )


def _extend_units(path: Path, units: int) -> None:
    real = regency_units()
    if units < real:
        raise ValueError(f"at least {real} units (the regency's own, named in the road map)")
    text = path.read_text(encoding="utf-8-sig").rstrip("\n") + "\n"
    extra = [f"SYN{i:05d},Dinas Sintetis {i:05d},DS {i:05d},,,tidak\n" for i in range(1, units - real + 1)]
    path.write_text(text + "".join(extra), encoding="utf-8")


def generate_workbooks(settings: Settings, year: int) -> list[Path]:
    """Fill every unit's template for ``year`` (no deliberate mistakes; one unit never sends, as in life)."""
    from samples.generator import generate

    return generate(settings, years=[year], with_mistakes=False)
