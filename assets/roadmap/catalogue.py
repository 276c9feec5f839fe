"""The road map catalogue as DataFrames: indicators, unit registry, outcomes.

Pure functions over the files in ``sources/``; validation happens in the
assets, with the GX suites in ``expectations/suites``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from assets.csv_files import read_csv_file, split_list
from assets.source_files.schema import OUTCOMES_FILE, RENCANA_AKSI_FILE, SCALES_FILE, UNITS_FILE, with_defaults

RENCANA_AKSI = "rencana_aksi.csv"
OUTCOMES = "outcomes.csv"
ORDINAL_SCALES = "ordinal_scales.csv"
UNITS = "units.csv"

# The reserved responsible name meaning "every unit active that year".
ALL_UNITS = "Seluruh SKPD"

TARGET_KINDS = list(RENCANA_AKSI_FILE.column("target_kind").allowed)
PERIOD_FACTORS = {"per_year": 1, "per_quarter": 4, "per_month": 12}
# Kinds whose target is an amount per period, multiplied up to a year.
ANNUALISED_KINDS = {"count", "budget", "range"}


INDICATOR_NUMBERS = {"numeric": ["target_value", "target_min", "target_max"], "integer": ["seed_line"]}
UNIT_NUMBERS = {"integer": ["active_from", "active_to"]}
OUTCOME_NUMBERS = {"numeric": ["min_value", "max_value"]}
SCALE_NUMBERS = {"integer": ["rank"]}


def load_indicators(roadmap_dir: Path) -> pd.DataFrame:
    """The catalogue; an absent optional column takes its default (``assets/source_files/schema.py``)."""
    df = with_defaults(
        read_csv_file(Path(roadmap_dir) / RENCANA_AKSI, **INDICATOR_NUMBERS), RENCANA_AKSI_FILE, **INDICATOR_NUMBERS
    )
    missing = [c for c in RENCANA_AKSI_FILE.required if c not in df.columns]
    if missing:
        raise ValueError(f"{RENCANA_AKSI} lacks the columns {missing}")
    for col in ("joint_rule",):
        df[col] = df[col].replace("", None)
    df["unit_count"] = [len(split_list(v)) for v in df["responsible"]]
    return df


def load_units(sources_dir: Path) -> pd.DataFrame:
    """The unit registry; only ``code`` and ``name`` are required, the rest take their defaults."""
    return with_defaults(read_csv_file(Path(sources_dir) / UNITS, **UNIT_NUMBERS), UNITS_FILE, **UNIT_NUMBERS)


def load_outcomes(roadmap_dir: Path) -> pd.DataFrame:
    outcomes = with_defaults(
        read_csv_file(Path(roadmap_dir) / OUTCOMES, **OUTCOME_NUMBERS), OUTCOMES_FILE, **OUTCOME_NUMBERS
    )
    scales = load_scales(roadmap_dir)
    rank = {(s, v): r for s, v, r in zip(scales["scale"], scales["value"], scales["rank"])}
    outcomes["target_number"] = [
        float(v) if kind == "number" and _is_number(v) else None
        for v, kind in zip(outcomes["target_value"], outcomes["value_kind"])
    ]
    outcomes["target_rank"] = pd.array(
        [
            rank.get((s, v)) if kind == "ordinal" else None
            for s, v, kind in zip(outcomes["scale"], outcomes["target_value"], outcomes["value_kind"])
        ],
        dtype="Int64",
    )
    return outcomes


def load_scales(roadmap_dir: Path) -> pd.DataFrame:
    return with_defaults(
        read_csv_file(Path(roadmap_dir) / ORDINAL_SCALES, **SCALE_NUMBERS), SCALES_FILE, **SCALE_NUMBERS
    )


def unit_lookup(units: pd.DataFrame) -> dict[str, str]:
    """Every spelling (name, code, alias; case- and space-insensitive) -> unit code."""
    lookup: dict[str, str] = {}
    for code, name, aliases in zip(units["code"], units["name"], units["aliases"]):
        for spelling in [code, name, *split_list(aliases)]:
            lookup[normalise_name(spelling)] = code
    return lookup


def normalise_name(name: str) -> str:
    return "".join(str(name).lower().split())


def active_units(units: pd.DataFrame, year: int) -> pd.DataFrame:
    start = units["active_from"].fillna(-(10**6)).astype("int64")
    end = units["active_to"].fillna(10**6).astype("int64")
    return units[(start <= year) & (year <= end)]


def _is_number(value: object) -> bool:
    try:
        float(str(value))
    except ValueError:
        return False
    return True
