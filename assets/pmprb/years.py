"""Which instrument applies to which year: ``sources/instrument/instrument_years.csv``.

Configuration, not code: a regency points a year at another instrument folder
by editing the file. A year whose instrument is not there gets a reason, in
Bahasa Indonesia, instead of a worksheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.csv_files import read_csv_file
from assets.pmprb.instrument import available_versions, instrument_root

YEARS_FILE = "instrument_years.csv"


@dataclass(frozen=True)
class YearInstrument:
    """The instrument a year uses, its cover note, and why it cannot be used (if so)."""

    year: int
    version: str | None
    note: str
    missing_reason: str | None

    @property
    def usable(self) -> bool:
        return self.missing_reason is None


def read_year_mapping(sources: Path) -> pd.DataFrame:
    """The year -> instrument mapping as read from its file (no rows when there is no file)."""
    path = instrument_root(sources) / YEARS_FILE
    if not path.exists():
        return pd.DataFrame({"year": pd.Series([], dtype="int64"), "instrument_version": pd.Series([], dtype="str")})
    return read_csv_file(path, integer=["year"])


def year_instrument(
    sources: Path, year: int, versions: list[str] | None = None, mapping: pd.DataFrame | None = None
) -> YearInstrument:
    """Resolve ``year`` through ``mapping`` (as read once per run; read now when None); ``versions``
    defaults to the folders present."""
    path = instrument_root(sources) / YEARS_FILE
    present = available_versions(sources) if versions is None else versions
    mapping = read_year_mapping(sources) if mapping is None else mapping
    rows = mapping[mapping["year"] == year]
    if len(rows) == 0:
        return YearInstrument(
            year, None, "", f"Tahun {year} tidak ada di {path}: instrumen PMPRB untuk tahun ini belum ditentukan."
        )
    if len(rows) > 1:
        return YearInstrument(year, None, "", f"Tahun {year} muncul lebih dari sekali di {path}.")
    row = rows.iloc[0]
    version, note = row["instrument_version"], row.get("note") or ""
    if version not in present:
        reason = (
            f"Tahun {year} memakai instrumen '{version}' ({path}), tetapi data instrumen itu tidak ada "
            f"(folder {instrument_root(sources) / str(version)} tidak ditemukan atau lke_instrument belum dijalankan). "
            "Lembar kerja dan nilai PMPRB tahun ini tidak dibuat."
        )
        return YearInstrument(year, version, note, reason)
    return YearInstrument(year, version, note, None)
