"""The frame the ``lke_instrument`` suite validates: one row per line, item and reference of each version.

Each row carries only the numbers its level is checked on (the others are
empty, which GX skips): a line its rule, the gap between its weight and the sum
of its parts' weights (the lines below it, or its ``terms``; a line marked
``outside_weight``, such as the 9/2023 Koefisien, is not part of it), the
width of its value range, and its item count (``mean_items``); the rated
line the gap between its weight and the instrument's ``max_score``;
components A (Pengungkit) and B (Hasil), where a version has them, their
weights; an item its answer type; a reference (parent, multiplier, term) the
line it names.
"""

from __future__ import annotations

import pandas as pd

from assets.pmprb.instrument import Instrument

INDEX_COLUMNS = ["instrument_version", "level", "code"]
WEIGHT_COLUMNS = {"A": "pengungkit_weight", "B": "hasil_weight"}
COLUMNS = [
    "level",
    "code",
    "rule",
    "pengungkit_weight",
    "hasil_weight",
    "total_gap",
    "weight_gap",
    "range_width",
    "item_count",
    "answer_type",
    "reference_key",
    "root_distance",
]
NUMBER_COLUMNS = ["pengungkit_weight", "hasil_weight", "total_gap", "weight_gap", "range_width", "root_distance"]


def terms_of(terms: object) -> list[str]:
    return str(terms).split() if isinstance(terms, str) else []


def instrument_check_frame(instrument: Instrument) -> pd.DataFrame:
    lines, items = instrument.lines, instrument.items
    weight = dict(zip(lines["code"], lines["weight"]))
    outside = set(lines.loc[lines["outside_weight"].fillna(0) == 1, "code"])
    with_terms = {c: terms_of(t) for c, t in zip(lines["code"], lines["terms"]) if terms_of(t)}
    children: dict[str, list[str]] = {}
    for code, parent in zip(lines["code"], lines["parent"]):
        if isinstance(parent, str) and parent not in with_terms:
            children.setdefault(parent, []).append(code)
    children.update(with_terms)
    item_counts = items.groupby("sub_code").size()
    parents = {c: p for c, p in zip(lines["code"], lines["parent"]) if isinstance(p, str)}
    rows: list[dict] = []
    for line in lines.itertuples():
        row = {
            "level": "line",
            "code": line.code,
            "rule": line.rule,
            "root_distance": _root_distance(line.code, parents),
        }
        parts = [c for c in children.get(line.code, []) if c not in outside and pd.notna(weight.get(c))]
        if line.rule in ("sum", "rescale") and parts and pd.notna(line.weight):
            row["weight_gap"] = float(line.weight) - sum(float(weight[c]) for c in parts)
        if pd.notna(line.min_value) and pd.notna(line.max_value):
            row["range_width"] = float(line.max_value) - float(line.min_value)
        if line.rule == "mean_items":
            row["item_count"] = int(item_counts.get(line.code, 0))
        if pd.notna(line.rated) and line.rated == 1:
            row["total_gap"] = float(line.weight) - instrument.max_score
        if line.level == "component" and line.code in WEIGHT_COLUMNS:
            row[WEIGHT_COLUMNS[line.code]] = float(line.weight)
        rows.append(row)
        references = [line.parent, line.multiplier, *terms_of(line.terms)]
        for target in (t for t in references if isinstance(t, str)):
            key = f"{instrument.version}|{target}"
            rows.append({"level": "reference", "code": f"{line.code} -> {target}", "reference_key": key})
    for item in items.itertuples():
        rows.append({"level": "item", "code": item.item_id, "answer_type": item.answer_type or ""})
        rows.append(
            {
                "level": "reference",
                "code": f"{item.item_id} -> {item.sub_code}",
                "reference_key": f"{instrument.version}|{item.sub_code}",
            }
        )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.insert(0, "instrument_version", instrument.version)
    return frame.astype({**{c: "float64" for c in NUMBER_COLUMNS}, "item_count": "Int64"})


def _root_distance(code: str, parents: dict[str, str]) -> float:
    """How many parents up a line's root is; -1 when its parents go round in a cycle."""
    seen = [code]
    while seen[-1] in parents:
        seen.append(parents[seen[-1]])
        if seen[-1] in seen[:-1]:
            return -1.0
    return float(len(seen) - 1)


def suite_parameters(instruments: list[Instrument]) -> dict[str, list[str]]:
    """The known answer types come from the instruments' own answer-value maps; the lines from their trees."""
    types = {t for i in instruments for t in i.answer_values["answer_type"]}
    lines = {f"{i.version}|{c}" for i in instruments for c in i.lines["code"]}
    return {"answer_types": sorted(types), "line_keys": sorted(lines)}
