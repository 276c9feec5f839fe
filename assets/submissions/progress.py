"""Reading the files in force into rows, validating them, and writing the row tables.

Pure of Dagster: the ``progress`` asset calls :func:`read_year` and
:func:`tables`; what it writes is described by the schemas here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assets.intake.versions import IN_FORCE, SUPERSEDED
from assets.submissions.parsed_cache import read_rows_cached
from assets.submissions.rows import Routed, frame_columns, parsed_frame, route
from assets.submissions.template import LAYOUT
from expectations.adapter import Suite

log = logging.getLogger(__name__)

PROGRESS_SCHEMA = {
    "year": "INTEGER", "code": "VARCHAR", "unit": "VARCHAR", "realisasi": "DOUBLE", "raw_value": "VARCHAR",
    "bukti_dukung": "VARCHAR", "kendala": "VARCHAR", "solusi": "VARCHAR", "rencana_tindak_lanjut": "VARCHAR",
    "keterangan": "VARCHAR", "warnings": "VARCHAR", "file": "VARCHAR", "row": "INTEGER",
}  # fmt: skip
HISTORY_SCHEMA = {**PROGRESS_SCHEMA, "parse_code": "VARCHAR", "superseded_by": "VARCHAR"}
REJECTS_SCHEMA = {
    "year": "INTEGER", "unit": "VARCHAR", "file": "VARCHAR", "row": "INTEGER", "code": "VARCHAR",
    "raw_value": "VARCHAR", "reason_code": "VARCHAR", "reason": "VARCHAR", "all_reason_codes": "VARCHAR",
}  # fmt: skip
UNREADABLE = "FILE_ROWS_UNREADABLE"


@dataclass(frozen=True)
class YearRows:
    in_force: pd.DataFrame  # parsed rows of the files in force
    history: pd.DataFrame  # parsed rows of superseded files
    unreadable: pd.DataFrame  # files whose rows could not be read at all (rejects rows)
    rows_read: dict[str, int]  # file -> rows read


def read_year(
    files: pd.DataFrame, inbox_root: Path, targets: pd.DataFrame, indicators: pd.DataFrame, cache: Path | None = None
) -> YearRows:
    """Parse every file in force or superseded; ``files`` are the year's rows of ``submissions``.

    With a ``cache`` folder, a file whose sha256 was read before is not read again.
    """
    kinds_any = {c: (k, None) for c, k in zip(indicators["code"], indicators["target_kind"])}
    frames: dict[str, list[pd.DataFrame]] = {IN_FORCE: [], SUPERSEDED: []}
    unreadable, counts = [], {}
    for f in files[files["status"].isin([IN_FORCE, SUPERSEDED])].to_dict("records"):
        own = targets[targets["unit_code"] == f["unit_code"]]
        kinds = {**kinds_any, **{c: (k, v) for c, k, v in zip(own["code"], own["target_kind"], own["target_value"])}}
        try:
            rows = read_rows_cached(inbox_root / f["file"], f.get("sha256"), LAYOUT, cache)
        except Exception as exc:  # a file the probe accepted but whose rows cannot be read
            log.warning("rows of %s unreadable: %s", f["file"], exc)
            unreadable.append(
                {"year": f["year"], "unit": f["unit_code"], "file": f["file"], "row": 0, "code": None, "raw_value": None,
                 "reason_code": UNREADABLE, "reason": "Isi lembar Realisasi tidak dapat dibaca; simpan ulang file dari Excel lalu kirim ulang.",
                 "all_reason_codes": UNREADABLE}
            )  # fmt: skip
            continue
        frame = parsed_frame(
            rows, year=int(f["year"]), unit_code=f["unit_code"], file=f["file"], kinds=kinds, fields=list(LAYOUT.fields.values())
        )
        frame["superseded_by"] = f["superseded_by"]
        frames[f["status"]].append(frame)
        if f["status"] == IN_FORCE:
            counts[f["file"]] = len(frame)
    empty = pd.DataFrame(columns=[*frame_columns(list(LAYOUT.fields.values())), "superseded_by"])
    return YearRows(
        in_force=pd.concat(frames[IN_FORCE], ignore_index=True) if frames[IN_FORCE] else empty,
        history=pd.concat(frames[SUPERSEDED], ignore_index=True) if frames[SUPERSEDED] else empty,
        unreadable=pd.DataFrame(unreadable, columns=list(REJECTS_SCHEMA)),
        rows_read={**counts, **{u["file"]: 1 for u in unreadable}},
    )


def validate(rows: YearRows, suite: Suite, targets: pd.DataFrame, indicators: pd.DataFrame, all_targets: pd.DataFrame, year: int) -> Routed:
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
    return pd.concat([routed.refused, rows.unreadable], ignore_index=True).reindex(columns=list(REJECTS_SCHEMA))
