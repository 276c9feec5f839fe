"""The evidence files (bukti dukung) units attached in the portal, matched to the year's rows.

The portal lists a year's attachments in its manifest
(``assets/source_files/evidence_manifest.py``). :func:`checked_manifest` marks each
one stored or not and on one of the unit's indicators of the year or not (the suite
``expectations/suites/evidence_files.json`` turns both into asset checks that name
the files); :func:`linked_evidence` keeps those that pass, each with the portal
address it is served at, and sets the others aside with the reason, so the asset
reports them rather than dropping them silently.
"""

from __future__ import annotations

import pandas as pd

from assets.local_time import LocalTime
from assets.source_files.evidence_manifest import evidence_url, stored_path

SCHEMA = {
    "year": "INTEGER",
    "id": "BIGINT",
    "unit": "VARCHAR",
    "code": "VARCHAR",
    "original_name": "VARCHAR",
    "extension": "VARCHAR",
    "sha256": "VARCHAR",
    "size_bytes": "BIGINT",
    "attached_at": "TIMESTAMP",  # UTC
    "attached_at_local": "TIMESTAMP",  # the road map's wall clock, to the second, as the workbooks show it
    "url": "VARCHAR",
}
SET_ASIDE_COLUMNS = ["id", "unit", "code", "original_name", "reason"]
NOT_STORED = "File tidak ditemukan di folder bukti dukung."
NOT_A_TARGET = "Kode {code} bukan indikator unit {unit} pada tahun {year}."


def checked_manifest(manifest: pd.DataFrame, targets: pd.DataFrame, evidence_dir, year: int) -> pd.DataFrame:
    """The manifest with ``on_own_row`` (its (unit, code) is one of the year's ``unit_code, code`` pairs of
    ``targets``), ``file_stored`` (its content is in the evidence folder) and the ``reason`` it does not count."""
    owned = set(zip(targets["unit_code"], targets["code"]))
    out = manifest.copy()
    out["on_own_row"] = [pair in owned for pair in zip(out["unit_code"], out["code"])]
    out["file_stored"] = [
        stored_path(evidence_dir, year, unit, sha256, extension).is_file()
        for unit, sha256, extension in zip(out["unit_code"], out["sha256"], out["extension"])
    ]
    out["reason"] = [
        NOT_A_TARGET.format(code=code, unit=unit, year=year) if not own else (None if stored else NOT_STORED)
        for unit, code, own, stored in zip(out["unit_code"], out["code"], out["on_own_row"], out["file_stored"])
    ]
    return out


def linked_evidence(
    checked: pd.DataFrame, year: int, download_url: str, clock: LocalTime
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the attachments that count, in :data:`SCHEMA`; the others with their reason, :data:`SET_ASIDE_COLUMNS`),
    from a :func:`checked_manifest`."""
    counted = checked[checked["reason"].isna()]
    set_aside = checked[checked["reason"].notna()].rename(columns={"unit_code": "unit"})
    attached = [moment.to_pydatetime() for moment in counted["attached_at"]]
    kept = counted.rename(columns={"unit_code": "unit"}).assign(
        year=year,
        attached_at=attached,
        attached_at_local=[clock.wall(m).replace(microsecond=0) for m in attached],  # as a workbook cell keeps it
        url=[evidence_url(i, download_url) for i in counted["id"]],
    )
    return kept.reindex(columns=list(SCHEMA)).reset_index(drop=True), set_aside[SET_ASIDE_COLUMNS].reset_index(
        drop=True
    )
