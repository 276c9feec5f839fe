"""What each role may read under ``outputs/``: one rule, asked by the listing and by every download.

- an analyst: every file the portal lists, the validation report and the section ``umum``;
- a unit: its own template, feedback workbook and rapor of each year (the coordinating unit
  also the Indikator Hasil form and its feedback);
- the Tim PMPRB: the PMPRB worksheet, the monitoring workbook and the Laporan Monev (PDF) of each year.

The zips of a year's templates and feedback (``assets/bundles.py``) hold every unit's files: analysts only.

A path is judged by what it names inside its year folder (the declared layout,
``assets/published.py``), never by a name a request sends along.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from assets.published import (
    INDIKATOR_HASIL_FEEDBACK,
    INDIKATOR_HASIL_FORM,
    MONEV_REPORT,
    MONITORING_WORKBOOK,
    PMPRB_WORKSHEET,
    UNIT_FEEDBACK,
    UNIT_RAPOR,
    UNIT_TEMPLATE,
    YEAR_DIR,
)
from pipelines.portal.accounts import ANALYST, PMPRB, UNIT, Account
from pipelines.portal.listing import Entry


def readable_inner(account: Account, year: str, coordinator: str | None) -> set[str] | None:
    """The paths inside the year folder ``account`` may read; None: every path (an analyst)."""
    if account.role == ANALYST:
        return None
    if account.role == PMPRB:
        return {w.where.format(year=year) for w in (PMPRB_WORKSHEET, MONITORING_WORKBOOK, MONEV_REPORT)}
    if account.role == UNIT and account.unit_code:
        own = {kind.where.format(unit=account.unit_code) for kind in (UNIT_TEMPLATE, UNIT_FEEDBACK, UNIT_RAPOR)}
        if account.unit_code == coordinator:
            own |= {INDIKATOR_HASIL_FORM.where.format(year=year), INDIKATOR_HASIL_FEEDBACK.where}
        return own
    return set()


def may_read(account: Account, relative: str, coordinator: str | None) -> bool:
    """Whether ``account`` may read the file at ``relative`` (a path under ``outputs/``, with '/')."""
    if account.role == ANALYST:
        return True
    parts = PurePosixPath(relative).parts
    if len(parts) < 2 or not YEAR_DIR.match(parts[0]):
        return False
    allowed = readable_inner(account, parts[0], coordinator)
    return allowed is not None and "/".join(parts[1:]) in allowed


def visible(account: Account, entries: list[Entry], coordinator: str | None) -> list[Entry]:
    """The entries of a section that ``account`` may see (the validation report: analysts only)."""
    return [e for e in entries if may_read(account, e.relative, coordinator)]


def sees_section(account: Account, section: str) -> bool:
    """Analysts see every section; the others only year folders."""
    return account.role == ANALYST or bool(YEAR_DIR.match(section))
