"""The catalogue against the regulation itself: every row found, every line claimed."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from assets.roadmap.catalogue import load_indicators
from tests.conftest import SOURCES
from tests.seed_text import TICK, first_number, lampiran_ii, normalise, period_of, seed_file, ticked_years

NOTES = (SOURCES / "roadmap" / "NOTES.md").read_text(encoding="utf-8")
SAMPLE_SEED = 14_2020
SAMPLE_SIZE = 40


@pytest.fixture(scope="module")
def table() -> dict[int, str]:
    return lampiran_ii(seed_file())


@pytest.fixture(scope="module")
def catalogue() -> pd.DataFrame:
    return load_indicators(SOURCES / "roadmap")


def notes_section(number: int) -> str:
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", NOTES, flags=re.S | re.M)
    assert match, f"NOTES.md has no section {number}"
    return match.group(0)


def test_every_indicator_text_is_in_lampiran_ii_on_its_line(table, catalogue):
    whole = normalise(" ".join(table.values()))
    for row in catalogue.itertuples():
        assert row.indicator in whole, f"{row.code}: indicator not found in Lampiran II"
        assert row.indicator in normalise(table[row.seed_line]), f"{row.code}: not on seed line {row.seed_line}"


def test_every_ticked_line_is_claimed_by_one_row_or_a_notes_decision(table, catalogue):
    claimed = catalogue["seed_line"].value_counts()
    assert claimed.max() == 1, f"seed lines claimed twice: {list(claimed[claimed > 1].index)}"
    not_rows = {int(n) for n in re.findall(r"^\| \**(\d+)\**\s*\|", notes_section(8), flags=re.M)}
    ticked = {n for n, line in table.items() if TICK in line}
    unclaimed = sorted(ticked - set(claimed.index) - not_rows)
    assert not unclaimed, f"ticked lines with no catalogue row and no NOTES decision: {unclaimed}"
    assert not (not_rows & set(claimed.index)), "a line is both a row and listed as not a row"


def test_sampled_rows_match_what_the_seed_line_says(table, catalogue):
    rows = catalogue.to_dict("records")
    sample = random.Random(SAMPLE_SEED).sample(rows, SAMPLE_SIZE)
    targets_notes, years_notes = notes_section(5), notes_section(1) + notes_section(10)
    for row in sample:
        line, code = table[row["seed_line"]], row["code"]
        assert row["target_period"] == period_of(row["indicator"]), code
        years = [int(y) for y in re.findall(r"\d{4}", str(row["years"]))]
        seen = ticked_years(line, row["indicator"]) if TICK in line else None
        if seen != years:
            assert code in years_notes, f"{code}: years {years} but the seed line ticks {seen}; not in NOTES"
        parsed = first_number(row["indicator"])
        if row["target_kind"] in {"count", "percent", "budget"} and parsed != row["target_value"]:
            assert code in targets_notes, f"{code}: target {row['target_value']} but seed says {parsed}; not in NOTES"


def test_every_row_has_years_and_responsible_or_a_notes_reason(catalogue):
    section = notes_section(10)
    for row in catalogue.itertuples():
        assert pd.notna(row.responsible), row.code
        if pd.isna(row.years):
            assert row.code in section, f"{row.code} has no years and NOTES section 10 does not say why"
