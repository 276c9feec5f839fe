"""Numbers and dates as an Indonesian reader writes them: ``1.234,5``, ``95,0%``, ``31 Januari 2022``.

Ours, not the locale's: the machine's locale may be anything, the report must not change with it.
A missing value (None, NaN) is shown as ``-``.
"""

from __future__ import annotations

import datetime as dt
import math

from assets.local_time import DEFAULT_CLOCK, LocalTime

MISSING = "-"
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def number(value: object, decimals: int = 1) -> str:
    """``1234.56`` -> ``1.234,6``; whole numbers with ``decimals=0`` -> ``1.235``."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}"  # 1,234.6
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def whole(value: object) -> str:
    """A count: ``1.234``."""
    return number(value, 0)


def percent(value: object, decimals: int = 1) -> str:
    """``95.04`` (a percentage number) -> ``95,0%``."""
    return MISSING if is_missing(value) else number(value, decimals) + "%"


def signed(value: object, decimals: int = 2) -> str:
    """A difference: ``+1,61``, ``-0,97``, ``0,00``."""
    if is_missing(value):
        return MISSING
    text = number(abs(float(value)), decimals)
    if not text.strip("0,."):  # rounds to zero: no sign
        return text
    return ("+" if float(value) > 0 else "-") + text


def date(value: dt.date | str | None) -> str:
    """``2022-01-31`` -> ``31 Januari 2022``."""
    if is_missing(value):
        return MISSING
    day = dt.date.fromisoformat(str(value)[:10]) if isinstance(value, str) else value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def wall_time(value: dt.datetime | str | None, zone_label: str = DEFAULT_CLOCK.label) -> str:
    """A local wall-clock time (naive, as the warehouse keeps ``*_local`` columns): ``22-01-2022 08.50 WIB``."""
    if is_missing(value):
        return MISSING
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    return f"{moment:%d-%m-%Y %H.%M} {zone_label}".rstrip()


def moment(value: dt.datetime | str, clock: LocalTime = DEFAULT_CLOCK) -> str:
    """An aware moment on the road map's clock: ``2 Desember 2026 pukul 09.15 WIB``."""
    local = clock.of(dt.datetime.fromisoformat(value) if isinstance(value, str) else value)
    return f"{date(local.date())} pukul {local:%H.%M} {clock.label}"


def moment_label(value: dt.datetime | str, zone_name: str) -> str:
    """:func:`moment` on the clock of the IANA zone ``zone_name``."""
    return moment(value, LocalTime(zone_name))
