"""Plausibility warnings as data: ``sources/monitoring/plausibility_rules.csv``.

A realisation that reads as a number may still not be the number the clerk
meant: "100%" written on a count target of 1, 0,9 on a 100% target, 4.750 on a
budget of 5 miliar. Each row of the rules file turns one such doubt into a
warning: ``rule`` names the test (one of :data:`RULES`), ``target_kinds`` the
kinds it applies to, ``factor`` its threshold and ``warning`` the text the unit
reads, in Bahasa Indonesia, with ``{placeholders}`` filled from the row:
``{value}`` the realisation, ``{raw}`` as typed, ``{target}`` and
``{unit_label}`` the annual target, ``{capaian}`` (%), ``{previous}`` the
unit's realisation of the previous year, ``{factor}``, and ``{meant}`` the
number the rule suspects was meant. Numbers are written the Indonesian way.

A warned value still counts: it is accepted, shown with its warning beside it
(feedback, rapor, the monitoring workbook's detail) and counted in the
headline figures as a warned value. Pure: no Dagster, no file access beyond
reading the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.csv_files import read_csv_file
from assets.forms.values import format_id
from assets.source_files.schema import PLAUSIBILITY_FIELDS, PLAUSIBILITY_RULES

RULES_FILE = Path("monitoring") / "plausibility_rules.csv"


@dataclass(frozen=True)
class Row:
    """One accepted realisation, as the rules see it."""

    value: float
    raw: str
    kind: str
    target: float | None  # the annual target (None: no number)
    unit_label: str = ""
    previous: float | None = None  # the unit's realisation of the same indicator the year before


Test = Callable[[Row, float], "dict[str, float] | None"]  # (row, factor) -> numbers for the text, or None


def _percent_sign(r: Row, _: float):
    return {} if "%" in (r.raw or "") else None


def _fraction_of_percent(r: Row, factor: float):
    if r.target is not None and 0 < r.value <= factor < r.target:
        return {"meant": r.value * 100}
    return None


def _budget_in_rupiah(r: Row, factor: float):
    return {"meant": r.value / 1e9} if r.value >= factor else None


def _budget_unit(r: Row, factor: float):
    if r.target and r.value / r.target >= factor and r.value < 1e6:  # a full rupiah amount is budget_in_rupiah's
        return {"meant": r.value / 1000}
    return None


def _far_above_target(r: Row, factor: float):
    return {} if r.target and r.value > factor * r.target else None


def _far_from_previous_year(r: Row, factor: float):
    if r.previous and r.value and (r.value >= factor * r.previous or r.previous >= factor * r.value):
        return {}
    return None


RULES: dict[str, Test] = {  # the tests by name, as schema.PLAUSIBILITY_RULES declares them
    "percent_sign": _percent_sign,
    "fraction_of_percent": _fraction_of_percent,
    "budget_in_rupiah": _budget_in_rupiah,
    "budget_unit": _budget_unit,
    "far_above_target": _far_above_target,
    "far_from_previous_year": _far_from_previous_year,
}
assert tuple(RULES) == PLAUSIBILITY_RULES, "assets/source_files/schema.py declares the rules implemented here"


@dataclass(frozen=True)
class Rule:
    rule: str
    kinds: frozenset[str]
    factor: float
    warning: str

    def check(self, row: Row) -> str | None:
        """The warning for ``row``, or None when the rule does not apply or finds nothing."""
        if row.kind not in self.kinds or row.value is None:
            return None
        found = RULES[self.rule](row, self.factor)
        if found is None:
            return None
        numbers = {
            "value": row.value,
            "target": row.target,
            "factor": self.factor,
            "previous": row.previous,
            "capaian": round(row.value / row.target * 100, 1) if row.target else None,
            **found,
        }
        shown = {k: "-" if v is None else format_id(round(v, 6)) for k, v in numbers.items()}
        fields = {"raw": row.raw, "unit_label": row.unit_label, **shown}
        return self.warning.format(**{name: fields.get(name, "") for name in PLAUSIBILITY_FIELDS})


def load_rules(sources_dir: Path) -> tuple[Rule, ...]:
    """The rules in file order; none when the file is absent (``make check`` says so)."""
    path = Path(sources_dir) / RULES_FILE
    if not path.exists():
        return ()
    df = read_csv_file(path, numeric=["factor"])
    return tuple(
        Rule(
            r["rule"],
            frozenset(k.strip() for k in str(r["target_kinds"] or "").split(";") if k.strip()),
            0.0 if pd.isna(r["factor"]) else float(r["factor"]),
            r["warning"],
        )
        for r in df.to_dict("records")
        if r["rule"] in RULES
    )


def warnings(row: Row, rules: tuple[Rule, ...]) -> list[tuple[str, str]]:
    """(rule, warning) for every rule that warns about ``row``, in the rules' order."""
    return [(rule.rule, text) for rule in rules if (text := rule.check(row)) is not None]


def frame_warnings(
    frame: pd.DataFrame, rules: tuple[Rule, ...], previous: Mapping[tuple[str, str], float]
) -> tuple[list[str | None], list[str | None]]:
    """Per row of ``frame`` (columns value, raw_value, target_kind, target_value, target_unit, unit_code, code):
    the rules that warn (joined with ';') and their warnings (joined with ' | '), or None."""
    codes, texts = [], []
    for r in frame.to_dict("records"):
        target = r.get("target_value")
        row = Row(
            value=r["value"],
            raw=str(r.get("raw_value") or ""),
            kind=r["target_kind"],
            target=None if target is None or pd.isna(target) else float(target),
            unit_label=str(r.get("target_unit") or "") if pd.notna(r.get("target_unit")) else "",
            previous=previous.get((r["unit_code"], r["code"])),
        )
        found = warnings(row, rules) if pd.notna(row.value) else []
        codes.append(";".join(rule for rule, _ in found) or None)
        texts.append(" | ".join(text for _, text in found) or None)
    return codes, texts
