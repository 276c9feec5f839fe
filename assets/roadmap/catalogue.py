"""The road map catalogue as DataFrames: indicators, unit registry, outcomes.

Pure functions over the files in ``sources/``; validation happens in the
assets, with the GX suites in ``expectations/suites``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from assets.csv_files import read_csv_file, split_list

RENCANA_AKSI = "rencana_aksi.csv"
OUTCOMES = "outcomes.csv"
ORDINAL_SCALES = "ordinal_scales.csv"
UNITS = "units.csv"

# The reserved responsible name meaning "every unit active that year".
ALL_UNITS = "Seluruh SKPD"

INDICATOR_COLUMNS = [
    "code",
    "area_no",
    "area",
    "sub_no",
    "sub_programme",
    "letter",
    "action",
    "success_criterion",
    "indicator",
    "target_value",
    "target_min",
    "target_max",
    "target_text",
    "target_unit",
    "target_kind",
    "target_period",
    "joint_rule",
    "years",
    "responsible",
]
TARGET_KINDS = ["count", "percent", "range", "budget", "qualitative", "placeholder"]
PERIOD_FACTORS = {"per_year": 1, "per_quarter": 4, "per_month": 12}
# Kinds whose target is an amount per period, multiplied up to a year.
ANNUALISED_KINDS = {"count", "budget", "range"}


def load_indicators(roadmap_dir: Path) -> pd.DataFrame:
    df = read_csv_file(
        Path(roadmap_dir) / RENCANA_AKSI,
        numeric=["target_value", "target_min", "target_max"],
        integer=["seed_line"],
    )
    missing = [c for c in INDICATOR_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{RENCANA_AKSI} lacks the columns {missing}")
    for col in ("joint_rule",):
        df[col] = df[col].replace("", None)
    df["unit_count"] = [len(split_list(v)) for v in df["responsible"]]
    return df


def load_units(sources_dir: Path) -> pd.DataFrame:
    df = read_csv_file(Path(sources_dir) / UNITS, integer=["active_from", "active_to"])
    for col in ("aliases",):
        if col not in df.columns:
            df[col] = ""
    return df


def load_outcomes(roadmap_dir: Path) -> pd.DataFrame:
    outcomes = read_csv_file(Path(roadmap_dir) / OUTCOMES, numeric=["min_value", "max_value"])
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
    return read_csv_file(Path(roadmap_dir) / ORDINAL_SCALES, integer=["rank"])


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
