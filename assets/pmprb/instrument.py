"""Loading an LKE instrument from its folder ``sources/instrument/<version>/``.

An instrument is data. Its scoring model is one tree of **lines** (``lines``):
each line names its parent, how it aggregates (``rule``) and how it rounds
(``decimals``); the questions of a 14/2014-style sub-component are **items**
(``items``) whose answers map to values (``answer_values``). The rules, read by
``scoring.sql`` and the worksheet alike:

- ``sum``: the sum of the line's children (or of the lines named in ``terms``);
- ``mean_items``: weight x the mean of its items' values (an unanswered item counts as 0);
- ``ratio``: value / max x weight, times (the ``multiplier`` line's value / its max) when one is named;
  a value outside [min, max] scores 0;
- ``points``: the points of the opinion entered (``opini_bpk``);
- ``entered``: a subtotal entered as it is, within [min, max] (else 0);
- ``parameter``: a value entered that other lines use (the penyesuaian's reduced weight); its max when empty;
- ``rescale``: the sum of ``terms`` divided by (the ``multiplier`` line's value / its max).

A folder holds ``lines.csv`` (26/2020, 9/2023), or, for the 14/2014
transcription, ``areas.csv``, ``sub_components.csv`` and ``hasil.csv``, which
the loader reads as the same tree (:func:`lines_of_areas`). ``items_from`` in
``instrument.csv`` takes the items and their answer map from another version's
folder (26/2020 assumes the 14/2014 items). Nothing here knows the numbers of a version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.csv_files import INVALID_COLUMN, LINE_COLUMN, read_csv_file

INSTRUMENT_DIR = "instrument"
INFO_FILE = "instrument.csv"
LINES_FILE = "lines.csv"
RULES = ("sum", "mean_items", "ratio", "points", "entered", "parameter", "rescale")
INPUT_RULES = ("ratio", "points", "entered", "parameter")  # lines whose score comes from a value entered
NUMBER_RULES = ("ratio", "entered", "parameter")  # lines whose value is a number
WORKSHEET_INPUT = "lembar_kerja"  # ``input`` of a line the Tim fills in on the worksheet

# table -> (file, numeric columns, integer columns, columns of an absent file)
FILES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "areas": (
        "areas.csv",
        ("weight",),
        ("order", "sheet_row"),
        ("component", "area_code", "order", "name", "weight", "sheet_row"),
    ),
    "sub_components": (
        "sub_components.csv",
        ("weight",),
        ("order", "sheet_row"),
        ("sub_code", "area_code", "order", "name", "weight", "sheet_row"),
    ),
    "items": (
        "items.csv",
        (),
        ("sheet_row",),
        ("item_id", "sub_code", "letter", "question", "options", "answer_type", "sheet_row"),
    ),
    "hasil": (
        "hasil.csv",
        ("weight", "min_value", "max_value"),
        ("order", "sheet_row"),
        (
            "code",
            "area_code",
            "order",
            "name",
            "weight",
            "min_value",
            "max_value",
            "input_kind",
            "input_range",
            "explanation",
            "sheet_row",
        ),
    ),
    "opini_bpk": ("opini_bpk.csv", ("points",), (), ("opinion", "abbreviation", "points")),
    "answer_values": ("answer_values.csv", ("value",), (), ("answer_type", "answer", "value")),
    "rating_bands": (
        "rating_bands.csv",
        ("lower_exclusive", "upper_inclusive", "lower_inclusive"),
        (),
        ("rating", "lower_exclusive", "upper_inclusive", "lower_inclusive"),
    ),
}
# The tables another version's folder may supply (``items_from``).
SHARED_ITEMS = ("items", "answer_values")
LINE_NUMERIC = ("weight", "weight_divisor", "min_value", "max_value")
LINE_INTEGER = ("order", "decimals", "outside_weight", "rated")
LINE_TEXT = ("code", "parent", "level", "number", "name", "rule", "multiplier", "terms", "input", "source")
LINE_COLUMNS = (
    "code",
    "parent",
    "level",
    "order",
    "number",
    "name",
    "rule",
    "weight",
    "weight_numerator",
    "weight_divisor",
    "min_value",
    "max_value",
    "multiplier",
    "terms",
    "decimals",
    "outside_weight",
    "rated",
    "input",
    "source",
    "explanation",
    "input_range",
    "weight_printed",
)
INFO_COLUMNS = ("name", "regulation", "source", "max_score", "items_from", "guidance")
COMPONENT_NAMES = {"A": "PENGUNGKIT (PROSES)", "B": "HASIL"}
TOTAL_CODE, TOTAL_NAME = "INDEKS_RB", "NILAI INDEKS REFORMASI BIROKRASI"


@dataclass(frozen=True)
class Instrument:
    """One LKE instrument version, every table a DataFrame in file order."""

    version: str
    name: str
    regulation: str
    source: str
    max_score: float
    items_from: str | None
    guidance: str | None
    areas: pd.DataFrame
    sub_components: pd.DataFrame
    items: pd.DataFrame
    hasil: pd.DataFrame
    opini_bpk: pd.DataFrame
    answer_values: pd.DataFrame
    rating_bands: pd.DataFrame
    lines: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table keyed by name, with the version and the row's position in its file first."""
        info = pd.DataFrame([{c: getattr(self, c) for c in INFO_COLUMNS}]).astype({"max_score": "float64"})
        for column in ("items_from", "guidance"):
            info[column] = info[column].astype("str").where(info[column].notna(), None)
        frames = {"instruments": info, **{name: getattr(self, name) for name in (*FILES, "lines")}}
        return {name: _keyed(df, self.version) for name, df in frames.items()}

    def allowed_answers(self, answer_type: str) -> list[str]:
        values = self.answer_values
        return values.loc[values["answer_type"] == answer_type, "answer"].tolist()

    @property
    def has_items(self) -> bool:
        return len(self.items) > 0

    def line(self, code: str) -> pd.Series:
        return self.lines.set_index("code").loc[code]

    def worksheet_inputs(self) -> pd.DataFrame:
        """The lines the Tim fills in on the worksheet (values, opinions, subtotals)."""
        lines = self.lines
        return lines[lines["rule"].isin(INPUT_RULES) & (lines["input"] == WORKSHEET_INPUT)]

    def rated_line(self) -> str:
        """The line the rating (predikat) is given to."""
        rated = self.lines[self.lines["rated"].fillna(0) == 1]
        return str(rated["code"].iloc[0]) if len(rated) else TOTAL_CODE


def instrument_root(sources: Path) -> Path:
    return Path(sources) / INSTRUMENT_DIR


def available_versions(sources: Path) -> list[str]:
    """The instrument versions that have a folder with ``instrument.csv``."""
    root = instrument_root(sources)
    return sorted(p.parent.name for p in root.glob(f"*/{INFO_FILE}"))


def load_instrument(folder: Path) -> Instrument:
    """Read one instrument folder; a number that cannot be read stops with the file and line."""
    folder = Path(folder)
    info = read_csv_file(folder / INFO_FILE, numeric=["max_score"])
    if len(info) != 1:
        raise ValueError(f"{folder / INFO_FILE}: expected one row, found {len(info)}")
    row = info.iloc[0]
    if row["instrument_version"] != folder.name:
        raise ValueError(
            f"{folder / INFO_FILE}: instrument_version {row['instrument_version']!r} is not the folder name {folder.name!r}"
        )
    items_from = row.get("items_from") if isinstance(row.get("items_from"), str) else None
    tables = {}
    for name, (file, numeric, integer, columns) in FILES.items():
        source = folder.parent / items_from if items_from and name in SHARED_ITEMS else folder
        tables[name] = _read_table(source / file, numeric, integer, columns)
    if (folder / LINES_FILE).exists():
        lines = _read_table(folder / LINES_FILE, LINE_NUMERIC, LINE_INTEGER, LINE_COLUMNS)
    else:
        lines = lines_of_areas(tables["areas"], tables["sub_components"], tables["hasil"])
    max_score = row.get("max_score")
    return Instrument(
        version=folder.name,
        name=row["name"],
        regulation=row["regulation"],
        source=row["source"],
        max_score=float(max_score) if pd.notna(max_score) else float(lines.loc[lines["parent"].isna(), "weight"].sum()),
        items_from=items_from,
        guidance=row.get("guidance") if isinstance(row.get("guidance"), str) else None,
        **tables,
        lines=shaped_lines(lines),
    )


def lines_of_areas(areas: pd.DataFrame, subs: pd.DataFrame, hasil: pd.DataFrame) -> pd.DataFrame:
    """The 14/2014 transcription (areas, sub-components, Hasil inputs) as the tree of lines.

    Indeks RB (the rated total) = components A and B, each the sum of its areas; an
    area sums its sub-components (weight x mean of items) or its Hasil inputs
    (value / max x weight, or Opini BPK points). No line rounds.
    """
    rows: list[dict] = []
    for component, group in areas.groupby("component", sort=True):
        rows.append(
            {
                "code": component,
                "parent": TOTAL_CODE,
                "level": "component",
                "number": f"{component}.",
                "name": COMPONENT_NAMES.get(component, component),
                "rule": "sum",
                "weight": float(group["weight"].sum()),
            }
        )
        for area in group.itertuples():
            rows.append(
                {
                    "code": area.area_code,
                    "parent": component,
                    "level": "area",
                    "number": str(area.area_code).split(".")[-1] + ".",
                    "name": area.name,
                    "rule": "sum",
                    "weight": float(area.weight),
                }
            )
            for sub in subs[subs["area_code"] == area.area_code].itertuples():
                rows.append(
                    {
                        "code": sub.sub_code,
                        "parent": area.area_code,
                        "level": "sub_component",
                        "number": str(sub.order),
                        "name": sub.name,
                        "rule": "mean_items",
                        "weight": float(sub.weight),
                    }
                )
            for h in hasil[hasil["area_code"] == area.area_code].itertuples():
                rows.append(
                    {
                        "code": h.code,
                        "parent": area.area_code,
                        "level": "item",
                        "number": str(h.order),
                        "name": h.name,
                        "rule": "points" if h.input_kind == "ordinal" else "ratio",
                        "weight": float(h.weight),
                        "min_value": h.min_value,
                        "max_value": h.max_value,
                        "input": "indikator_hasil",
                        "explanation": h.explanation,
                        "input_range": h.input_range,
                    }
                )
    total = {
        "code": TOTAL_CODE,
        "level": "total",
        "name": TOTAL_NAME,
        "rule": "sum",
        "weight": float(areas["weight"].sum()),
        "rated": 1,
    }
    return pd.DataFrame([*rows, total])


def shaped_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """Every line column present and typed; ``weight`` is the effective weight (weight / weight_divisor)."""
    frame = lines.reindex(columns=list(LINE_COLUMNS)).copy()
    for column in LINE_NUMERIC:
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    for column in LINE_INTEGER:
        frame[column] = pd.array(frame[column], dtype="Int64")
    frame["order"] = (
        pd.array(range(1, len(frame) + 1), dtype="Int64") if frame["order"].isna().all() else frame["order"]
    )
    frame["weight_numerator"] = frame["weight"]
    frame["weight"] = frame["weight"] / frame["weight_divisor"].fillna(1.0)
    text = [c for c in LINE_COLUMNS if c not in (*LINE_NUMERIC, *LINE_INTEGER, "weight_numerator")]
    for column in text:
        frame[column] = frame[column].astype("object").where(frame[column].notna(), None)
    return frame.reset_index(drop=True)


def _keyed(df: pd.DataFrame, version: str) -> pd.DataFrame:
    keyed = df.assign(instrument_version=version, position=range(1, len(df) + 1))
    return keyed[["instrument_version", "position", *df.columns]]


def _read_table(
    path: Path, numeric: tuple[str, ...], integer: tuple[str, ...], columns: tuple[str, ...]
) -> pd.DataFrame:
    if not path.exists():
        return _empty(columns, numeric, integer)
    df = read_csv_file(path, numeric=numeric, integer=integer)
    bad = df[df[INVALID_COLUMN].notna()]
    if not bad.empty:
        lines = ", ".join(f"line {r[LINE_COLUMN]} ({r[INVALID_COLUMN]})" for _, r in bad.iterrows())
        raise ValueError(f"{path}: numbers that cannot be read: {lines}")
    return df.drop(columns=[LINE_COLUMN, INVALID_COLUMN]).reset_index(drop=True)


def _empty(columns: tuple[str, ...], numeric: tuple[str, ...], integer: tuple[str, ...]) -> pd.DataFrame:
    def dtype(c: str) -> str:
        return "float64" if c in numeric else "Int64" if c in integer else "object"

    return pd.DataFrame({c: pd.Series([], dtype=dtype(c)) for c in columns})
