"""The inventory of one year's inbox: every file with its fingerprint, identity and status.

Shared by every inbox (the units' realisations, Indikator Hasil, PMPRB
answers): the same file rules, by the same code. An inbox may add
:class:`ContentRules`: its rows must be readable, and a unit's file must be
that unit's (its template signature, and whose indicators its rows are).
Every refusal is decided here, before :func:`versions.resolve` chooses the
files in force, so a refused resend supersedes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

import pandas as pd

from assets.files import source_digest
from assets.forms import identity, inbox, receipts, submitted, versions
from assets.forms import probe as probe_module
from assets.forms.inbox import IGNORED_REASONS, REFUSED_REASONS, scan
from assets.forms.probe import (
    MADE_FOR_OTHER,
    REASONS,
    ROWS_OF_OTHER_UNIT,
    ROWS_UNREADABLE,
    SIGNATURE_MISMATCH,
    FormSpec,
    Limits,
    Probe,
    probe,
    refuse,
)
from assets.forms.signature import TemplateSigner
from assets.forms.throughput.content_cache import cached
from assets.forms.throughput.pool import map_in_workers, workers_for
from assets.roadmap.catalogue import normalise_name, unit_lookup

FILES_PER_WORKER = 300  # files worth a worker process for the file checks (about 1 ms each)

SCHEMA = {
    "year": "INTEGER",
    "file": "VARCHAR",
    "sha256": "VARCHAR",
    "size_bytes": "BIGINT",
    "modified_at": "TIMESTAMP",
    "first_seen": "TIMESTAMP",
    "received_basis": "VARCHAR",
    "unit_code": "VARCHAR",
    "unit_name": "VARCHAR",
    "identity_unit": "VARCHAR",
    "identity_year": "VARCHAR",
    "identity_source": "VARCHAR",
    "clerk_name": "VARCHAR",
    "clerk_nip": "VARCHAR",
    "clerk_phone": "VARCHAR",
    "status": "VARCHAR",
    "reason_code": "VARCHAR",
    "reason": "VARCHAR",
    "superseded_by": "VARCHAR",
}
COLUMNS = list(SCHEMA)
RowCodes = Callable[[Path, "str | None", "Path | None"], Sequence["str | None"]]


@dataclass(frozen=True)
class ContentRules:
    """What an inbox checks beyond the file rules, before a file may be in force."""

    read_codes: RowCodes | None = None  # (path, sha256, cache) -> the Kode of every row read; raises when unreadable
    responsibilities: Mapping[str, frozenset[str]] = field(default_factory=dict)  # unit code -> indicator codes
    signer: TemplateSigner | None = None  # checks the template signature of signed files


def inventory(
    *,
    year: int,
    folder: Path,
    root: Path,
    spec: FormSpec,
    limits: Limits,
    units: pd.DataFrame,
    now: dt.datetime,
    book: receipts.ReceiptBook | None = None,
    cache: Path | None = None,
    rules: ContentRules = ContentRules(),
) -> pd.DataFrame:
    """One row per file under ``folder``; ``book`` holds the recorded receipts by sha256 (see ``receipts``)
    and gains the first sightings of this scan (without one, every file is seen for the first time, at ``now``).

    With a ``cache`` folder, a file whose content (sha256) was checked before is not opened again.
    """
    lookup = unit_lookup(units)
    names = dict(zip(units["code"], units["name"]))
    found_files = scan(folder, root)
    book = book if book is not None else receipts.ReceiptBook({}, first_scan=True, now=now)
    book.sight((f.sha256, f.modified_at) for f in found_files if f.sha256)
    readable = [(f.path, f.sha256) for f in found_files if f.readable]
    workers = workers_for(len(readable), FILES_PER_WORKER)
    check = partial(check_file, spec=spec, limits=limits, cache=cache, read_codes=rules.read_codes)
    checks = dict(zip((path for path, _ in readable), map_in_workers(check, readable, workers)))
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
            **_received(book, found.sha256),
        }
        if found.refused:
            record.update(reject_code=found.refused, reject_reason=REFUSED_REASONS[found.refused])
        elif found.readable:
            result, codes = checks[found.path]
            record.update(_identify(result, year, lookup))
            if record.get("reject_code") is None and record["unit_code"] is not None:
                record.update(_belongs(result.identity, codes, record["unit_code"], year, spec, rules, names))
        records.append(record)
    rows = versions.resolve(records)
    for r in rows:
        r["file"] = r.pop("relative")
        r["unit_name"] = names.get(r.get("unit_code"))
    df = pd.DataFrame(rows).reindex(columns=COLUMNS)
    return df.sort_values("file", kind="stable").reset_index(drop=True)


def _received(book: receipts.ReceiptBook, sha256: str | None) -> dict:
    """When the content was received (``first_seen``, UTC), on what basis, and the order key ``versions`` uses."""
    if sha256 is None:
        return {"first_seen": None, "received_basis": None, "received_order": None}
    receipt = book.of(sha256)
    return {"first_seen": receipt.received_at, "received_basis": receipt.basis, "received_order": receipt.order}


def check_file(
    item: tuple[Path, str | None], *, spec: FormSpec, limits: Limits, cache: Path | None, read_codes: RowCodes | None
) -> tuple[Probe, tuple[str | None, ...] | None]:
    """The file-level checks of one file and, when they pass and the inbox reads rows, the Kode of its rows.

    A file whose rows cannot be read is refused here, at file level, like any other unreadable file.
    """
    result = probe_cached(item, spec=spec, limits=limits, cache=cache)
    if not result.ok or read_codes is None:
        return result, None
    path, sha256 = item
    try:
        return result, tuple(read_codes(path, sha256, cache))
    except Exception:  # the readers raise many kinds on parts the file-level checks do not open
        return refuse(ROWS_UNREADABLE, result.identity, sheet=spec.sheet), None


def probe_cached(item: tuple[Path, str | None], *, spec: FormSpec, limits: Limits, cache: Path | None) -> Probe:
    """The file-level checks of one file, kept by its sha256 (see ``parsed_cache``)."""
    path, sha256 = item
    return cached(cache, sha256, _probe_version(spec, limits), lambda: probe(path, spec, limits))


@lru_cache(maxsize=8)
def _probe_version(spec: FormSpec, limits: Limits) -> str:
    return source_digest(probe_module, inbox, submitted, identity, extra=repr((spec, limits)))


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
                out.update(
                    reject_code="UNIT_UNKNOWN",
                    reject_reason=REASONS["UNIT_UNKNOWN"].format(unit=ident.unit or ident.unit_code),
                )
            elif str(ident.year).strip() != str(year):
                out.update(
                    reject_code="YEAR_MISMATCH",
                    reject_reason=REASONS["YEAR_MISMATCH"].format(found=ident.year or "kosong", year=year),
                )
    return out


def _belongs(
    ident: identity.FormIdentity | None,
    codes: Sequence[str | None] | None,
    unit: str,
    year: int,
    spec: FormSpec,
    rules: ContentRules,
    names: Mapping[str, str],
) -> dict:
    """A refusal when a readable file of ``unit`` is not that unit's: signed for another, or mostly another's rows."""
    signature = ident.signature if ident is not None else ""
    signer = rules.signer
    if signature and signer is not None and not signer.made_for(signature, spec.form, unit, year):
        other = signer.unit_of(signature, spec.form, year, sorted(names))
        made_for = f"{names[other]} tahun {year}" if other else MADE_FOR_OTHER
        reason = REASONS[SIGNATURE_MISMATCH].format(made_for=made_for, unit=names.get(unit, unit), year=year)
        return {"reject_code": SIGNATURE_MISMATCH, "reject_reason": reason}
    if codes and rules.responsibilities:
        found = other_units_rows(codes, unit, rules.responsibilities)
        if found is not None:
            other, foreign, total = found
            reason = REASONS[ROWS_OF_OTHER_UNIT].format(
                foreign=foreign, total=total, other=names.get(other, other), unit=names.get(unit, unit)
            )
            return {"reject_code": ROWS_OF_OTHER_UNIT, "reject_reason": reason}
    return {}


def other_units_rows(
    codes: Sequence[str | None], unit: str, responsibilities: Mapping[str, frozenset[str]]
) -> tuple[str, int, int] | None:
    """(other unit, its codes, all codes) when more than half of the file's distinct indicator codes are not
    ``unit``'s responsibility but are one other unit's; None when the file is the unit's own."""
    distinct = {c for c in codes if c}
    own = responsibilities.get(unit, frozenset())
    counts = Counter(
        other
        for code in distinct - own
        for other, theirs in responsibilities.items()
        if other != unit and code in theirs
    )
    if not counts:
        return None
    other, foreign = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return (other, foreign, len(distinct)) if foreign * 2 > len(distinct) else None


def year_inventory(
    conn,
    layout,
    *,
    year: int,
    root: Path,
    limits: Limits,
    cache: Path | None = None,
    rules: ContentRules = ContentRules(),
) -> pd.DataFrame:
    """The inventory of a form's inbox for one year (``<root>/<layout.inbox>/<year>/``, checked by
    ``layout.spec``), against the warehouse's unit registry and the receipts it records (``receipts``:
    each content's receiving time, recorded at its first sight and never moved). Every intake calls this
    the same way."""
    units = conn.execute("SELECT * FROM units").df()
    book = receipts.open_book(conn, layout.inbox, year, utc_now())
    found = inventory(
        year=year,
        folder=Path(root) / layout.inbox / str(year),
        root=root,
        spec=layout.spec,
        limits=limits,
        units=units,
        now=book.now,
        book=book,
        cache=cache,
        rules=rules,
    )
    sent = found[found["status"].isin([versions.IN_FORCE, versions.SUPERSEDED])]
    receipts.close_book(conn, book, layout.inbox, year, zip(sent["unit_code"], sent["sha256"]))
    return found


def responsibilities(conn) -> dict[str, frozenset[str]]:
    """Unit code -> the indicator codes it answers for in any year of the road map (``roadmap_targets``)."""
    out: dict[str, set[str]] = {}
    for unit, code in conn.execute("SELECT DISTINCT unit_code, code FROM roadmap_targets").fetchall():
        out.setdefault(unit, set()).add(code)
    return {unit: frozenset(codes) for unit, codes in out.items()}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
