"""The road map's local time: the one place that turns a moment into the government's clock and names the zone.

``roadmap.toml``'s ``timezone`` (an IANA name) decides it. Indonesia's three
zones keep no daylight saving, so a zone is a fixed offset from UTC, which the
SQL that decides "on time" takes as ``$utc_offset_hours``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Every IANA zone Indonesia uses, with its Indonesian label.
ZONE_LABELS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DEFAULT_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class LocalTime:
    """The clock of the government's road map: ``LocalTime("Asia/Makassar").label == "WITA"``."""

    name: str = DEFAULT_ZONE

    def __post_init__(self) -> None:
        if self.name not in ZONE_LABELS:
            known = ", ".join(ZONE_LABELS)
            raise ValueError(f"Zona waktu '{self.name}' tidak dikenal; tulis salah satu dari: {known}.")

    @property
    def label(self) -> str:
        """WIB, WITA or WIT."""
        return ZONE_LABELS[self.name]

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.name)

    @property
    def utc_offset_hours(self) -> int:
        """7, 8 or 9: the fixed offset the SQL adds to a UTC time."""
        offset = dt.datetime(2000, 1, 1, tzinfo=self.zone).utcoffset() or dt.timedelta(0)
        return int(offset.total_seconds() // 3600)

    def of(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` (aware; naive is taken as UTC) on the local clock, aware."""
        aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
        return aware.astimezone(self.zone)

    def wall(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` as a naive local wall-clock time, as workbooks show it."""
        return self.of(moment).replace(tzinfo=None)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        """The aware moment of ``day`` at ``time`` on the local clock."""
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def stamp(self, moment: dt.datetime) -> str:
        """``25-11-2024 15:28 WITA``."""
        return f"{self.of(moment):%d-%m-%Y %H:%M} {self.label}"

    def labelled(self, text: str) -> str:
        """``text`` with every ``{zone}`` replaced by the zone's label: "Waktu File ({zone})" -> "Waktu File (WIT)"."""
        return text.replace("{zone}", self.label)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        """A table's column -> header, each header :meth:`labelled`."""
        return {column: self.labelled(header) for column, header in headers.items()}


DEFAULT_CLOCK = LocalTime(DEFAULT_ZONE)  # a road map without a timezone keeps WIB
