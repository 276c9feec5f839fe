"""The evidence files (bukti dukung) units attached in the portal, matched to the year's rows.

The portal lists a year's attachments in its manifest
(``assets/source_files/evidence_manifest.py``); :func:`linked_evidence` keeps those
whose file is stored and whose (unit, code) is one of the unit's indicators of the
year, each with the portal address it is served at, and sets the others aside with
the reason, so the asset reports them rather than dropping them silently.
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


def linked_evidence(
    manifest: pd.DataFrame,
    targets: pd.DataFrame,
    evidence_dir,
    year: int,
    download_url: str,
    clock: LocalTime,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the attachments that count, in :data:`SCHEMA`; the others with their reason, :data:`SET_ASIDE_COLUMNS`).

    ``manifest``: the year's manifest as read; ``targets``: the year's ``unit_code, code`` pairs.
    """
    owned = set(zip(targets["unit_code"], targets["code"]))
    kept, set_aside = [], []
    for row in manifest.to_dict("records"):
        unit, code = row["unit_code"], row["code"]
        reason = None
        if (unit, code) not in owned:
            reason = NOT_A_TARGET.format(code=code, unit=unit, year=year)
        elif not stored_path(evidence_dir, year, unit, row["sha256"], row["extension"]).is_file():
            reason = NOT_STORED
        if reason:
            set_aside.append(
                {"id": row["id"], "unit": unit, "code": code, "original_name": row["original_name"], "reason": reason}
            )
            continue
        attached = row["attached_at"].to_pydatetime()
        kept.append(
            {
                **{k: row[k] for k in ("id", "code", "original_name", "extension", "sha256", "size_bytes")},
                "year": year,
                "unit": unit,
                "attached_at": attached,
                "attached_at_local": clock.wall(attached).replace(microsecond=0),  # as a workbook cell keeps it
                "url": evidence_url(row["id"], download_url),
            }
        )
    return pd.DataFrame(kept, columns=list(SCHEMA)), pd.DataFrame(set_aside, columns=SET_ASIDE_COLUMNS)
