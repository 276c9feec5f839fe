"""The inventory of one year's inbox: every file with its fingerprint, identity and status.

Shared by every inbox (the units' realisations, Indikator Hasil, PMPRB
answers): the same file rules, by the same code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from functools import lru_cache, partial
from typing import Mapping

import pandas as pd

from assets.forms import identity
from assets.intake import probe as probe_module, versions, workbook
from assets.files import source_digest
from assets.intake.content_cache import cached
from assets.intake.inbox import IGNORED_REASONS, scan
from assets.intake.probe import REASONS, FormSpec, Limits, Probe, probe
from assets.roadmap.catalogue import normalise_name, unit_lookup
from assets.warehouse import table_exists
from assets.worker_pool import map_in_workers, workers_for

FILES_PER_WORKER = 300  # files worth a worker process for the file checks (about 1 ms each)

SCHEMA = {
    "year": "INTEGER", "file": "VARCHAR", "sha256": "VARCHAR", "size_bytes": "BIGINT",
    "modified_at": "TIMESTAMP", "first_seen": "TIMESTAMP", "unit_code": "VARCHAR", "unit_name": "VARCHAR",
    "identity_unit": "VARCHAR", "identity_year": "VARCHAR", "identity_source": "VARCHAR",
    "clerk_name": "VARCHAR", "clerk_nip": "VARCHAR", "clerk_phone": "VARCHAR",
    "status": "VARCHAR", "reason_code": "VARCHAR", "reason": "VARCHAR", "superseded_by": "VARCHAR",
}  # fmt: skip
COLUMNS = list(SCHEMA)


def inventory(
    *,
    year: int,
    folder: Path,
    root: Path,
    spec: FormSpec,
    limits: Limits,
    units: pd.DataFrame,
    first_seen: Mapping[str, dt.datetime],
    now: dt.datetime,
    cache: Path | None = None,
) -> pd.DataFrame:
    """One row per file under ``folder``; ``first_seen`` carries earlier sightings by sha256.

    With a ``cache`` folder, a file whose content (sha256) was checked before is not opened again.
    """
    lookup = unit_lookup(units)
    names = dict(zip(units["code"], units["name"]))
    found_files = scan(folder, root)
    readable = [(f.path, f.sha256) for f in found_files if not f.ignored]
    workers = workers_for(len(readable), FILES_PER_WORKER)
    check = partial(probe_cached, spec=spec, limits=limits, cache=cache)
    probes = dict(zip((path for path, _ in readable), map_in_workers(check, readable, workers)))
    records = []
    for found in found_files:
        record = {
            "year": year,
            "relative": found.relative,
            "sha256": found.sha256,
            "size_bytes": found.size_bytes,
            "modified_at": found.modified_at,
            "ignored": found.ignored,
            "ignored_reason": IGNORED_REASONS.get(found.ignored or ""),
            "unit_code": None,
            "first_seen": first_seen.get(found.sha256 or "", now) if found.sha256 else None,
        }
        if not found.ignored:
            record.update(_identify(probes[found.path], year, lookup))
        records.append(record)
    rows = versions.resolve(records)
    for r in rows:
        r["file"] = r.pop("relative")
        r["unit_name"] = names.get(r.get("unit_code"))
    df = pd.DataFrame(rows).reindex(columns=COLUMNS)
    return df.sort_values("file", kind="stable").reset_index(drop=True)


def probe_cached(item: tuple[Path, str | None], *, spec: FormSpec, limits: Limits, cache: Path | None) -> Probe:
    """The file-level checks of one file, kept by its sha256 (see ``parsed_cache``)."""
    path, sha256 = item
    return cached(cache, sha256, _probe_version(spec, limits), lambda: probe(path, spec, limits))


@lru_cache(maxsize=8)
def _probe_version(spec: FormSpec, limits: Limits) -> str:
    return source_digest(probe_module, workbook, identity, extra=repr((spec, limits)))


def _identify(result: Probe, year: int, lookup: Mapping[str, str]) -> dict:
    ident = result.identity
    out: dict = {"reject_code": result.reason_code, "reject_reason": result.reason}
    if ident is not None:
        out.update(
            identity_unit=ident.unit or ident.unit_code or None,
            identity_year=ident.year or None,
            identity_source=ident.source,
            clerk_name=ident.clerk_name or None,
            clerk_nip=ident.clerk_nip or None,
            clerk_phone=ident.clerk_phone or None,
        )
        code = lookup.get(normalise_name(ident.unit)) if ident.unit else lookup.get(normalise_name(ident.unit_code))
        out["unit_code"] = code
        if result.ok:
            if not (ident.unit or ident.unit_code):
                out.update(reject_code="UNIT_MISSING", reject_reason=REASONS["UNIT_MISSING"])
            elif code is None:
                out.update(reject_code="UNIT_UNKNOWN", reject_reason=REASONS["UNIT_UNKNOWN"].format(unit=ident.unit or ident.unit_code))
            elif str(ident.year).strip() != str(year):
                out.update(
                    reject_code="YEAR_MISMATCH",
                    reject_reason=REASONS["YEAR_MISMATCH"].format(found=ident.year or "kosong", year=year),
                )
    return out


def year_inventory(
    conn, *, table: str, year: int, folder: Path, root: Path, spec: FormSpec, limits: Limits, cache: Path | None = None
) -> pd.DataFrame:
    """The inventory of one inbox folder, against the warehouse's unit registry and the
    first sightings recorded in ``table`` (the inventory table this inbox writes to)."""
    units = conn.execute("SELECT * FROM units").df()
    return inventory(
        year=year, folder=folder, root=root, spec=spec, limits=limits, units=units,
        first_seen=first_seen(conn, table), now=utc_now(), cache=cache,
    )  # fmt: skip


def first_seen(conn, table: str) -> dict[str, dt.datetime]:
    """When each content (sha256) was first seen, from an inventory table (empty when none yet)."""
    if not table_exists(conn, table):  # the first run of this inbox
        return {}
    rows = conn.execute(f'SELECT sha256, min(first_seen) FROM "{table}" WHERE sha256 IS NOT NULL GROUP BY 1').fetchall()
    return {sha: seen for sha, seen in rows}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
