"""Reading the road map's CSV files as Excel users save them.

The shipped files are UTF-8 with BOM and commas. Excel with Indonesian
regional settings saves semicolon-separated files with decimal commas
("0,5"); both are accepted. Every value is read as text first, then the
numeric columns are converted, so nothing is guessed from the data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

LINE_COLUMN = "csv_line"
# Names of the numeric columns whose text could not be read as a number.
INVALID_COLUMN = "invalid_numbers"


def read_csv_file(path: Path, numeric: Iterable[str] = (), integer: Iterable[str] = ()) -> pd.DataFrame:
    """Read a CSV saved with commas (decimal point) or semicolons (decimal comma)."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    header = text.splitlines()[0] if text else ""
    delimiter = ";" if header.count(";") > header.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        raise ValueError(f"{path}: empty file")
    columns = [c.strip() for c in rows[0]]
    body = [(r + [""] * len(columns))[: len(columns)] for r in rows[1:] if any(cell.strip() for cell in r)]
    lines = [i + 2 for i, r in enumerate(rows[1:]) if any(cell.strip() for cell in r)]
    df = pd.DataFrame(body, columns=columns, dtype="str")
    df = df.apply(lambda col: col.str.strip())
    df = df.mask(df == "", None)
    invalid: list[list[str]] = [[] for _ in range(len(df))]
    for col in [*numeric, *integer]:
        if col not in df.columns:
            continue
        values = [to_number(v, decimal_comma=delimiter == ";") for v in df[col]]
        for i, (text, number) in enumerate(zip(df[col], values)):
            if pd.notna(text) and pd.isna(number) or (col in integer and not pd.isna(number) and number != int(number)):
                invalid[i].append(col)
        if col in integer:
            df[col] = pd.array([None if pd.isna(v) or v != int(v) else int(v) for v in values], dtype="Int64")
        else:
            df[col] = pd.array(values, dtype="float64")
    df[INVALID_COLUMN] = [";".join(cols) if cols else None for cols in invalid]
    df.insert(0, LINE_COLUMN, lines)
    return df


def to_number(value: object, decimal_comma: bool) -> float:
    """'12' -> 12.0; '0,5' -> 0.5 in a decimal-comma file; '' -> NaN; text stays NaN."""
    if value is None:
        return float("nan")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return float("nan")
    if decimal_comma:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return float("nan")


def split_list(value: object) -> list[str]:
    """'2019;2020' -> ['2019', '2020']."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]
