"""Reading Lampiran II of the seed regulation, independently of the catalogue code."""

from __future__ import annotations

import re
from pathlib import Path

from pipelines.settings import PROJECT_DIR

REGULATION_DIR = PROJECT_DIR / "sources" / "roadmap" / "regulation"  # the regulation's text, kept beside its catalogue
TITLE = "RENCANA AKSI REFORMASI BIROKRASI"
TICK = "√"
YEARS = [2019, 2020, 2021, 2022, 2023]


def seed_file() -> Path:
    """The road map regulation's full text (a public legal text shipped with the project)."""
    [found] = sorted(REGULATION_DIR.glob("*.txt"))
    return found


def normalise(text: str) -> str:
    return " ".join(re.sub(r"</?i>", "", text).split())


def lampiran_ii(path: Path) -> dict[int, str]:
    """Line number (1-based) -> raw line, from the table's title to the end of the file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if TITLE in line)
    return {i + 1: lines[i] for i in range(start, len(lines))}


def cells(line: str) -> list[str]:
    return [normalise(c) for c in line.split("\t")]


def ticked_years(line: str, indicator: str) -> list[int]:
    """The years ticked in the five cells after the indicator cell (a sixth cell is ignored)."""
    parts = cells(line)
    position = next(i for i, c in enumerate(parts) if c and indicator.startswith(c[:40]))
    slots = parts[position + 1 : position + 6]
    return [year for year, cell in zip(YEARS, slots) if cell == TICK]


def period_of(indicator: str) -> str:
    text = indicator.lower()
    if re.search(r"/\s*bulan", text):
        return "per_month"
    if re.search(r"/\s*tri\s*(wulan|bulan)", text):
        return "per_quarter"
    return "per_year"


def first_number(indicator: str) -> float | None:
    """The first number printed as 'N (words)' or 'N% (words)', else the first number at all."""
    match = re.search(r"(\d+(?:,\d+)?)\s*%?\s*\(", indicator) or re.search(r"(\d+(?:,\d+)?)", indicator)
    return float(match.group(1).replace(",", ".")) if match else None
