"""Expanding the catalogue into annual targets per indicator, year and unit.

``roadmap_targets`` has one row per indicator x scheduled year x responsible
unit. "Seluruh SKPD" becomes every unit active that year. A target stated per
month or per quarter is multiplied up to a year (x12, x4), so templates and
capaian always speak of the yearly figure.
"""

from __future__ import annotations

import pandas as pd

from assets.roadmap.catalogue import (
    ALL_UNITS,
    ANNUALISED_KINDS,
    PERIOD_FACTORS,
    active_units,
    normalise_name,
    split_list,
    unit_lookup,
)

TARGET_COLUMNS = [
    "code", "year", "unit_code", "responsible_unit", "unit_order", "via_all_units", "joint_rule",
    "target_value", "target_min", "target_max", "target_unit", "target_kind", "target_period",
    "period_factor", "target_text", "csv_line",
]  # fmt: skip


def expand_targets(indicators: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    lookup = unit_lookup(units)
    names = dict(zip(units["code"], units["name"]))
    rows = []
    for ind in indicators.to_dict("records"):
        factor = PERIOD_FACTORS.get(ind["target_period"], 1) if ind["target_kind"] in ANNUALISED_KINDS else 1
        responsible = split_list(ind["responsible"])
        for year_text in split_list(ind["years"]):
            year = int(year_text) if year_text.isdigit() else None
            for order, name in enumerate(responsible, start=1):
                if name == ALL_UNITS and year is not None:
                    assigned = [(c, n, True) for c, n in zip(*(active_units(units, year)[k] for k in ("code", "name")))]
                else:
                    code = lookup.get(normalise_name(name))
                    assigned = [(code, names.get(code, name), False)]
                for unit_code, unit_name, via_all in assigned:
                    rows.append(
                        {
                            "code": ind["code"],
                            "year": year,
                            "unit_code": unit_code,
                            "responsible_unit": unit_name,
                            "unit_order": order,
                            "via_all_units": via_all,
                            "joint_rule": ind["joint_rule"],
                            "target_value": _scaled(ind["target_value"], factor),
                            "target_min": _scaled(ind["target_min"], factor),
                            "target_max": _scaled(ind["target_max"], factor),
                            "target_unit": ind["target_unit"],
                            "target_kind": ind["target_kind"],
                            "target_period": ind["target_period"],
                            "period_factor": factor,
                            "target_text": ind["target_text"],
                            "csv_line": ind["csv_line"],
                        }
                    )
    df = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    df["year"] = df["year"].astype("Int64")
    # A unit named twice for one indicator (directly and through "Seluruh SKPD") reports once.
    repeated = df.duplicated(subset=["code", "year", "unit_code"], keep="first") & df["unit_code"].notna()
    return df[~repeated].reset_index(drop=True)


def _scaled(value: float, factor: int) -> float:
    return value * factor if pd.notna(value) else float("nan")
