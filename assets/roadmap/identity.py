"""The road map's identity and period, read from ``sources/roadmap/roadmap.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from assets.local_time import DEFAULT_ZONE, LocalTime

IDENTITY_FILE = "roadmap.toml"


@dataclass(frozen=True)
class RoadmapIdentity:
    id: str
    government: str
    regulation: str
    title: str
    first_year: int
    last_year: int
    catalogue_version: str
    timezone: str = DEFAULT_ZONE  # IANA name: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT)

    @property
    def local_time(self) -> LocalTime:
        """The government's clock: deadlines, on-time verdicts and every time shown."""
        return LocalTime(self.timezone)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    @classmethod
    def load(cls, roadmap_dir: Path) -> RoadmapIdentity:
        path = Path(roadmap_dir) / IDENTITY_FILE
        data = tomllib.loads(path.read_text(encoding="utf-8"))["roadmap"]
        identity = cls(**data)
        if identity.first_year > identity.last_year:
            raise ValueError(f"{path}: first_year {identity.first_year} is after last_year {identity.last_year}")
        return identity
