"""The collection settings in ``sources/collection.toml``: file limits and yearly deadlines."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from assets.forms.probe import Limits

CONFIG = "collection.toml"


@dataclass(frozen=True)
class Collection:
    limits: Limits = Limits()
    deadlines: dict[int, dt.date] = field(default_factory=dict)
    coordinator_unit: str | None = None  # unit code that fills Indikator Hasil and keeps the PMPRB worksheet

    def coordinator(self, units: pd.DataFrame | None, default: str = "Tim PMPRB") -> tuple[str, str]:
        """(name, code) of the coordinating unit in the registry ``units``; ``default`` when absent."""
        if units is not None and self.coordinator_unit in set(units["code"]):
            found = units[units["code"] == self.coordinator_unit].iloc[0]
            return str(found["name"]), str(found["code"])
        return default, ""

    def deadline(self, year: int) -> dt.date | None:
        return self.deadlines.get(year)

    @classmethod
    def load(cls, sources_dir: Path) -> Collection:
        path = Path(sources_dir) / CONFIG
        if not path.exists():
            return cls()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        deadlines = {int(year): _date(value) for year, value in data.get("deadlines", {}).items()}
        coordinator = data.get("forms", {}).get("coordinator_unit")
        return cls(limits=Limits(**data.get("limits", {})), deadlines=deadlines, coordinator_unit=coordinator)


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
