"""Loading an LKE instrument from its folder ``sources/instrument/<version>/``.

An instrument is data: areas, sub-components, items, Hasil inputs, the Opini
BPK table, the answer-value map and the rating bands, each a CSV file (UTF-8
with BOM, or as Excel saves it). Nothing here knows the 14/2014 numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.csv_files import INVALID_COLUMN, LINE_COLUMN, read_csv_file

INSTRUMENT_DIR = "instrument"
INFO_FILE = "instrument.csv"

# table -> (file, numeric columns, integer columns)
FILES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "areas": ("areas.csv", ("weight",), ("order", "sheet_row")),
    "sub_components": ("sub_components.csv", ("weight",), ("order", "sheet_row")),
    "items": ("items.csv", (), ("sheet_row",)),
    "hasil": ("hasil.csv", ("weight", "min_value", "max_value"), ("order", "sheet_row")),
    "opini_bpk": ("opini_bpk.csv", ("points",), ()),
    "answer_values": ("answer_values.csv", ("value",), ()),
    "rating_bands": ("rating_bands.csv", ("lower_exclusive", "upper_inclusive", "lower_inclusive"), ()),
}


@dataclass(frozen=True)
class Instrument:
    """One LKE instrument version, every table a DataFrame in file order."""

    version: str
    name: str
    regulation: str
    source: str
    areas: pd.DataFrame
    sub_components: pd.DataFrame
    items: pd.DataFrame
    hasil: pd.DataFrame
    opini_bpk: pd.DataFrame
    answer_values: pd.DataFrame
    rating_bands: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table keyed by name, with the version and the row's position in its file first."""
        info = pd.DataFrame([{"name": self.name, "regulation": self.regulation, "source": self.source}])
        frames = {"instruments": info, **{name: getattr(self, name) for name in FILES}}
        return {name: _keyed(df, self.version) for name, df in frames.items()}

    def allowed_answers(self, answer_type: str) -> list[str]:
        values = self.answer_values
        return values.loc[values["answer_type"] == answer_type, "answer"].tolist()


def instrument_root(sources: Path) -> Path:
    return Path(sources) / INSTRUMENT_DIR


def available_versions(sources: Path) -> list[str]:
    """The instrument versions that have a folder with ``instrument.csv``."""
    root = instrument_root(sources)
    return sorted(p.parent.name for p in root.glob(f"*/{INFO_FILE}"))


def load_instrument(folder: Path) -> Instrument:
    """Read one instrument folder; a number that cannot be read stops with the file and line."""
    folder = Path(folder)
    info = read_csv_file(folder / INFO_FILE)
    if len(info) != 1:
        raise ValueError(f"{folder / INFO_FILE}: expected one row, found {len(info)}")
    row = info.iloc[0]
    if row["instrument_version"] != folder.name:
        raise ValueError(
            f"{folder / INFO_FILE}: instrument_version {row['instrument_version']!r} is not the folder name {folder.name!r}"
        )
    tables = {name: _read_table(folder / file, numeric, integer) for name, (file, numeric, integer) in FILES.items()}
    return Instrument(
        version=folder.name, name=row["name"], regulation=row["regulation"], source=row["source"], **tables
    )


def _keyed(df: pd.DataFrame, version: str) -> pd.DataFrame:
    keyed = df.assign(instrument_version=version, position=range(1, len(df) + 1))
    return keyed[["instrument_version", "position", *df.columns]]


def _read_table(path: Path, numeric: tuple[str, ...], integer: tuple[str, ...]) -> pd.DataFrame:
    df = read_csv_file(path, numeric=numeric, integer=integer)
    bad = df[df[INVALID_COLUMN].notna()]
    if not bad.empty:
        lines = ", ".join(f"line {r[LINE_COLUMN]} ({r[INVALID_COLUMN]})" for _, r in bad.iterrows())
        raise ValueError(f"{path}: numbers that cannot be read: {lines}")
    return df.drop(columns=[LINE_COLUMN, INVALID_COLUMN]).reset_index(drop=True)
