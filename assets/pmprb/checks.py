"""The frame the ``lke_instrument`` suite validates: one row per component, area, sub-component and item.

Each row carries only the numbers its level is checked on (the others are
empty, which GX skips): component A (Pengungkit) and B (Hasil) and the total
their summed area weights, an area the gap between its weight and the sum of
its parts, a sub-component its item count, an item its answer type.
"""

from __future__ import annotations

import pandas as pd

from assets.pmprb.instrument import Instrument

INDEX_COLUMNS = ["instrument_version", "level", "code"]
WEIGHT_COLUMNS = {"A": "pengungkit_weight", "B": "hasil_weight"}
COLUMNS = [
    "level",
    "code",
    "pengungkit_weight",
    "hasil_weight",
    "total_weight",
    "weight_gap",
    "item_count",
    "answer_type",
]


def instrument_check_frame(instrument: Instrument) -> pd.DataFrame:
    areas, subs, items, hasil = instrument.areas, instrument.sub_components, instrument.items, instrument.hasil
    rows: list[dict] = []
    for component, weight in areas.groupby("component", sort=True)["weight"].sum().items():
        rows.append(
            {"level": "component", "code": component, WEIGHT_COLUMNS.get(component, "unknown_component"): float(weight)}
        )
    rows.append({"level": "total", "code": "total", "total_weight": float(areas["weight"].sum())})
    parts = pd.concat([subs[["area_code", "weight"]], hasil[["area_code", "weight"]]])
    part_weights = parts.groupby("area_code")["weight"].sum()
    for area in areas.itertuples():
        gap = float(area.weight) - float(part_weights.get(area.area_code, 0.0))
        rows.append({"level": "area", "code": area.area_code, "weight_gap": gap})
    counts = items.groupby("sub_code").size()
    for sub in subs.itertuples():
        rows.append({"level": "sub_component", "code": sub.sub_code, "item_count": int(counts.get(sub.sub_code, 0))})
    for item in items.itertuples():
        rows.append({"level": "item", "code": item.item_id, "answer_type": item.answer_type or ""})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.insert(0, "instrument_version", instrument.version)
    numbers = {c: "float64" for c in COLUMNS[2:6]}
    return frame.astype({**numbers, "item_count": "Int64"})


def suite_parameters(instruments: list[Instrument]) -> dict[str, list[str]]:
    """The known answer types come from the instruments' own answer-value maps."""
    types = {t for i in instruments for t in i.answer_values["answer_type"]}
    return {"answer_types": sorted(types)}
