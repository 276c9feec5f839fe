"""The predikat bands (Permendagri 86/2017) as data: ``sources/monitoring/predikat_bands.csv``.

Half-open bands ``lower_pct <= capaian < upper_pct``; an empty bound is
unbounded. :func:`load_bands` also marks, per band, what breaks the rule that
the bands cover every number exactly once (``band_error``), for the suite.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from assets.csv_files import read_csv_file

BANDS_FILE = Path("monitoring") / "predikat_bands.csv"
COLUMNS = ["rank", "predikat", "lower_pct", "upper_pct", "fill"]


def load_bands(sources_dir: Path) -> pd.DataFrame:
    df = read_csv_file(Path(sources_dir) / BANDS_FILE, numeric=["lower_pct", "upper_pct"], integer=["rank"])
    low = df["lower_pct"].fillna(-math.inf)
    df = df.assign(_low=low).sort_values("_low", kind="stable").drop(columns="_low").reset_index(drop=True)
    df["band_error"] = _errors(df)
    return df


def _errors(df: pd.DataFrame) -> list[str | None]:
    lows = df["lower_pct"].fillna(-math.inf).tolist()
    highs = df["upper_pct"].fillna(math.inf).tolist()
    errors = []
    for i, (low, high) in enumerate(zip(lows, highs)):
        problems = []
        if not low < high:
            problems.append("batas bawah tidak lebih kecil dari batas atas")
        if i == 0 and low != -math.inf:
            problems.append("pita terendah harus tanpa batas bawah")
        if i == len(lows) - 1 and high != math.inf:
            problems.append("pita tertinggi harus tanpa batas atas")
        if i + 1 < len(lows) and high != lows[i + 1]:
            problems.append(f"batas atas {high} tidak sama dengan batas bawah pita berikutnya {lows[i + 1]}")
        errors.append("; ".join(problems) or None)
    return errors


def fills(bands: pd.DataFrame) -> dict[str, str]:
    """predikat -> RGB hex colour for the workbook."""
    return {p: str(f).upper() for p, f in zip(bands["predikat"], bands["fill"]) if isinstance(f, str) and f}


def band_note(bands: pd.DataFrame) -> str:
    """The bands as one line of text, highest first: ">= 91 Sangat Tinggi; 76 - < 91 Tinggi; ..."."""
    parts = []
    for band in bands.sort_values("lower_pct", ascending=False, na_position="last").to_dict("records"):
        low, high = band["lower_pct"], band["upper_pct"]
        if pd.isna(high):
            parts.append(f">= {_n(low)} {band['predikat']}")
        elif pd.isna(low):
            parts.append(f"< {_n(high)} {band['predikat']}")
        else:
            parts.append(f"{_n(low)} - < {_n(high)} {band['predikat']}")
    return "; ".join(parts)


def _n(x: float) -> str:
    return f"{x:g}".replace(".", ",")
