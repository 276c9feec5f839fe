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
    "code",
    "year",
    "unit_code",
    "responsible_unit",
    "unit_order",
    "via_all_units",
    "joint_rule",
    "target_value",
    "target_min",
    "target_max",
    "target_unit",
    "target_kind",
    "target_period",
    "period_factor",
    "target_text",
    "csv_line",
]


RESPONSIBILITY_COLUMNS = ["code", "unit_code", "responsible_unit", "unit_order", "via_all_units", "csv_line"]


def expand_responsibilities(indicators: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator x unit it names, whether or not any year is ticked.

    "Seluruh SKPD" names every unit of the registry; a name the registry does not
    know keeps its text with no ``unit_code`` (the targets' suite refuses it).
    """
    lookup = unit_lookup(units)
    names = dict(zip(units["code"], units["name"]))
    rows = []
    for ind in indicators.to_dict("records"):
        for order, name in enumerate(split_list(ind["responsible"]), start=1):
            if name == ALL_UNITS:
                assigned = [(c, n, True) for c, n in zip(units["code"], units["name"])]
            else:
                code = lookup.get(normalise_name(name))
                assigned = [(code, names.get(code, name), False)]
            for unit_code, unit_name, via_all in assigned:
                rows.append(
                    {
                        "code": ind["code"],
                        "unit_code": unit_code,
                        "responsible_unit": unit_name,
                        "unit_order": order,
                        "via_all_units": via_all,
                        "csv_line": ind["csv_line"],
                    }
                )
    df = pd.DataFrame(rows, columns=RESPONSIBILITY_COLUMNS)
    # A unit named twice for one indicator (directly and through "Seluruh SKPD") answers once, as named.
    direct_first = df.sort_values("via_all_units", kind="stable")
    repeated = direct_first.duplicated(subset=["code", "unit_code"], keep="first") & direct_first["unit_code"].notna()
    return df.drop(index=direct_first.index[repeated]).reset_index(drop=True)


def expand_targets(indicators: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The responsibilities x each ticked year; "Seluruh SKPD" only for units active that year."""
    by_code: dict[str, list[dict]] = {}
    for resp in expand_responsibilities(indicators, units).to_dict("records"):
        by_code.setdefault(resp["code"], []).append(resp)
    rows = []
    for ind in indicators.to_dict("records"):
        factor = PERIOD_FACTORS.get(ind["target_period"], 1) if ind["target_kind"] in ANNUALISED_KINDS else 1
        for year_text in split_list(ind["years"]):
            year = int(year_text) if year_text.isdigit() else None
            active = set(active_units(units, year)["code"]) if year is not None else set()
            for resp in by_code.get(ind["code"], []):
                if resp["via_all_units"] and resp["unit_code"] not in active:
                    continue
                rows.append(
                    {
                        "code": ind["code"],
                        "year": year,
                        "unit_code": resp["unit_code"],
                        "responsible_unit": resp["responsible_unit"],
                        "unit_order": resp["unit_order"],
                        "via_all_units": resp["via_all_units"],
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
    return df


def _scaled(value: float, factor: int) -> float:
    return value * factor if pd.notna(value) else float("nan")
