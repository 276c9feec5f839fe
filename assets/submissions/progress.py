"""Reading the files in force into rows, validating them, and writing the row tables.

Pure of Dagster: the ``progress`` asset calls :func:`read_year` and
:func:`tables`; what it writes is described by the schemas here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.forms.layouts import REALISASI
from assets.forms.route import Routed, route
from assets.forms.throughput import ReadTask, read_forms
from assets.forms.versions import IN_FORCE, SUPERSEDED
from expectations.adapter import Suite

log = logging.getLogger(__name__)

PROGRESS_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "unit": "VARCHAR",
    "realisasi": "DOUBLE",
    "raw_value": "VARCHAR",
    "bukti_dukung": "VARCHAR",
    "kendala": "VARCHAR",
    "solusi": "VARCHAR",
    "rencana_tindak_lanjut": "VARCHAR",
    "keterangan": "VARCHAR",
    "links": "VARCHAR",
    "warnings": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
}
HISTORY_SCHEMA = {**PROGRESS_SCHEMA, "parse_code": "VARCHAR", "superseded_by": "VARCHAR"}
REJECTS_SCHEMA = {
    "year": "INTEGER",
    "unit": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
    "code": "VARCHAR",
    "raw_value": "VARCHAR",
    **{field: "VARCHAR" for field in REALISASI.fields.values()},  # what the clerk wrote, for the feedback
    "links": "VARCHAR",
    "reason_code": "VARCHAR",
    "reason": "VARCHAR",
    "all_reason_codes": "VARCHAR",
}


@dataclass(frozen=True)
class YearRows:
    in_force: pd.DataFrame  # parsed rows of the files in force
    history: pd.DataFrame  # parsed rows of superseded files
    unreadable: pd.DataFrame  # files whose rows could not be read at all (rejects rows)
    rows_read: dict[str, int]  # file -> rows read


def read_year(
    files: pd.DataFrame,
    inbox_root: Path,
    targets: pd.DataFrame,
    indicators: pd.DataFrame,
    cache: Path | None = None,
    workers: int | None = None,
) -> YearRows:
    """Parse every file in force or superseded; ``files`` are the year's rows of ``submissions``.

    With a ``cache`` folder, a file whose sha256 was read before is not read
    again. Many files are read by worker processes (see ``assets/forms/throughput``).
    """
    kinds_any = {c: (k, None) for c, k in zip(indicators["code"], indicators["target_kind"])}
    own: dict[str, dict] = {}
    for unit, code, kind, value in zip(
        targets["unit_code"], targets["code"], targets["target_kind"], targets["target_value"]
    ):
        own.setdefault(unit, {})[code] = (kind, value)
    tasks = [
        ReadTask(
            path=inbox_root / f["file"],
            sha256=f.get("sha256"),
            year=int(f["year"]),
            unit_code=f["unit_code"],
            file=f["file"],
            extra={
                "status": f["status"],
                "superseded_by": f["superseded_by"] if isinstance(f["superseded_by"], str) else None,
            },
            own_kinds=own.get(f["unit_code"], {}),
        )
        for f in files[files["status"].isin([IN_FORCE, SUPERSEDED])].to_dict("records")
    ]
    read = read_forms(
        tasks, REALISASI, kinds=kinds_any, cache=cache, extra_columns=("status", "superseded_by"), workers=workers
    )
    for task, error in read.unreadable:
        log.warning("rows of %s unreadable: %s", task.file, error)
    unreadable = read.unreadable_refusals(REALISASI)
    in_force_files = {t.file for t in tasks if t.extra["status"] == IN_FORCE}
    by_status = read.rows.pop("status")
    return YearRows(
        in_force=read.rows[by_status == IN_FORCE].reset_index(drop=True),
        history=read.rows[by_status == SUPERSEDED].reset_index(drop=True),
        unreadable=pd.DataFrame(unreadable, columns=list(REJECTS_SCHEMA)),
        rows_read={
            **{f: n for f, n in read.rows_read.items() if f in in_force_files},
            **{u["file"]: 1 for u in unreadable},
        },
    )


def validate(
    rows: YearRows, suite: Suite, targets: pd.DataFrame, indicators: pd.DataFrame, all_targets: pd.DataFrame, year: int
) -> Routed:
    parameters = {
        "codes": sorted(indicators["code"]),
        "responsibilities": sorted({f"{u}|{c}" for u, c in zip(all_targets["unit_code"], all_targets["code"])}),
        "scheduled": sorted({f"{year}|{c}" for c in targets["code"]}),
    }
    return route(rows.in_force, suite, parameters)


RENAMED = {"unit_code": "unit", "value": "realisasi"}


def progress_table(routed: Routed) -> pd.DataFrame:
    return routed.accepted.rename(columns=RENAMED).reindex(columns=list(PROGRESS_SCHEMA))


def history_table(rows: YearRows) -> pd.DataFrame:
    return rows.history.rename(columns=RENAMED).reindex(columns=list(HISTORY_SCHEMA))


def rejects_table(routed: Routed, rows: YearRows) -> pd.DataFrame:
    refused = routed.refused.rename(columns={"unit_code": "unit"})
    return pd.concat([refused, rows.unreadable], ignore_index=True).reindex(columns=list(REJECTS_SCHEMA))
