"""The Laporan Monev's content: every figure read from the warehouse tables the monitoring workbook uses.

:func:`gather` reads, for one year, the same frames the workbook's sheets show
(:data:`assets.monitoring.sheets.TABLE_SHEETS` and :func:`~assets.monitoring.sheets.headline`),
the trend over every year (``area_trend``; Indeks RB from ``outcome_status``
and from ``pmprb_scores``), the year's PMPRB result (``pmprb_scores``, its
``total`` rows and the components and areas under them, named from the
instrument tables) and a digest of the units' kendala, solusi and rencana tindak
lanjut (the ``capaian`` rows, grouped by text). Nothing is computed again
here: a figure is a stored value or a count of stored rows.

The result is JSON-native (numbers, text, None; dates as ISO text), so the
asset stores it beside the PDF (``laporan_monev_rb_<year>.json``) and the
portal renders the very same content from that file
without opening the warehouse (:mod:`assets.reports.monev_render`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from assets.local_time import LocalTime
from assets.monitoring.bands import band_note, fills
from assets.monitoring.models import read_model
from assets.monitoring.sheets import (
    DATE,
    DETAIL,
    MISSING,
    OUTCOMES,
    PER_AREA,
    PER_SUBPROGRAMME,
    PER_UNIT,
    PERCENT,
    REFUSED,
    SUMMARY_NOTES,
    headline,
)
from assets.published import MONEV_REPORT_DATA
from assets.warehouse import read_table, table_exists

FORMAT_VERSION = 3  # 2: each year's PMPRB self-assessment names its instrument version; 3: evidence files per unit
INDEKS_RB = "indeks_rb"  # outcome_targets' code of the official Indeks RB (KemenPAN-RB's result)
SHEETS = {
    "areas": PER_AREA,
    "subprogrammes": PER_SUBPROGRAMME,
    "units": PER_UNIT,
    "outcomes": OUTCOMES,
    "missing": MISSING,
    "refused": REFUSED,
}
PMPRB_INDEX = "INDEKS_RB"  # pmprb_scores' total row of the Indeks RB (an instrument may have other totals beside it)
COMPONENT_NAMES = {"A": "Pengungkit", "B": "Hasil"}  # the 14/2014 instrument's two components
DIGEST_FIELDS = {"kendala": "Kendala", "solusi": "Solusi", "rencana_tindak_lanjut": "Rencana Tindak Lanjut"}


def gather(conn: duckdb.DuckDBPyConnection, year: int, zone: str) -> dict[str, Any]:
    """The year's report content (without the parts that come from the sources: see :func:`report`);
    ``zone`` (WIB, WITA, WIT) labels the times and the rules' notes."""
    bands = read_table(conn, "SELECT * FROM predikat_bands")
    values = {"bands": band_note(bands), "zone": zone}
    notes = {
        "summary": SUMMARY_NOTES,
        **{key: spec.notes for key, spec in SHEETS.items()},
        "detail": DETAIL.notes,
    }
    content: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "year": int(year),
        "headline": _headline(conn, year),
        "bands": {"note": band_note(bands), "fills": {p: f"#{c}" for p, c in fills(bands).items()}},
        **{key: records(spec.frame(conn, year)) for key, spec in SHEETS.items()},
        "units": with_evidence(conn, year, records(PER_UNIT.frame(conn, year))),
        "digest": digest(conn, year),
        "trend": records(read_model(conn, "area_trend")),
        "indeks_rb": records(_indeks_rb(conn)),
        "pmprb": _pmprb(conn, year),
        "notes": {key: [n.format(**values) for n in texts] for key, texts in notes.items()},
    }
    return content


def report(
    content: dict[str, Any], identity: dict[str, str], signature: dict[str, str], clock: LocalTime
) -> dict[str, Any]:
    """The whole report: ``content`` with the government's identity (roadmap.toml), the signature
    block (``[laporan]`` of collection.toml) and the road map's clock (zone name and label)."""
    return {**content, "identity": identity, "signature": signature, "zone": clock.label, "timezone": clock.name}


def digest_of(report_data: dict[str, Any]) -> str:
    """A digest of the report's content, without when it was made: an unchanged report keeps its date."""
    undated = {k: v for k, v in report_data.items() if k != "generated_at"}
    return hashlib.sha256(json.dumps(undated, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def published(outputs: Path, year: int | str) -> dict[str, Any] | None:
    """The report the asset last published for ``year`` (its JSON), or None when there is none readable."""
    try:
        data = json.loads(MONEV_REPORT_DATA.path(outputs, year).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT_VERSION else None


def to_json(report_data: dict[str, Any]) -> bytes:
    return (json.dumps(report_data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def dated(report_data: dict[str, Any], now: dt.datetime, previous: dict[str, Any] | None) -> dict[str, Any]:
    """``report_data`` with ``generated_at``: the previous report's when its content is the same (so a
    re-run on the same inputs rewrites nothing), else ``now`` (aware)."""
    same = previous is not None and previous.get("content_digest") == digest_of(report_data)
    stamp = previous["generated_at"] if same else now.astimezone(dt.UTC).isoformat(timespec="seconds")
    return {**report_data, "content_digest": digest_of(report_data), "generated_at": stamp}


def with_evidence(conn: duckdb.DuckDBPyConnection, year: int, units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each unit's line with ``evidence_files``: how many files it attached to its rows in the portal
    (the ones the monitoring workbook links, table ``evidence_files``)."""
    sql = "SELECT unit, count(*) FROM evidence_files WHERE year = ? GROUP BY unit"
    counts = dict(conn.execute(sql, [int(year)]).fetchall())
    return [{**unit, "evidence_files": int(counts.get(unit["unit"], 0))} for unit in units]


def _headline(conn: duckdb.DuckDBPyConnection, year: int) -> list[dict[str, Any]]:
    """The workbook's Ringkasan rows (but its row "Tahun": the report's title names the year), each
    with how to show it: percent, date, count or text."""
    rows = [r for r in records(headline(conn, year)) if r["label"] != "Tahun"]
    kinds = {PERCENT: "percent", DATE: "date"}
    for row in rows:
        fmt = row.pop("format")
        row["kind"] = kinds.get(fmt) or ("count" if isinstance(row["value"], int | float) else "text")
    return rows


def digest(conn: duckdb.DuckDBPyConnection, year: int) -> list[dict[str, Any]]:
    """The kendala, solusi and rencana tindak lanjut the units wrote, each distinct text once, with the
    number of indicator rows that carry it and the units that wrote it (``capaian``, rows in force)."""
    parts = []
    for field, label in DIGEST_FIELDS.items():
        frame = read_table(
            conn,
            f"""
            SELECT '{label}' AS kind, trim({field}) AS text, count(*) AS rows,
                   string_agg(DISTINCT unit, ', ' ORDER BY unit) AS units,
                   string_agg(DISTINCT code, ', ' ORDER BY code) AS codes
            FROM capaian
            WHERE year = ? AND reported AND nullif(trim({field}), '') IS NOT NULL
            GROUP BY trim({field})
            ORDER BY rows DESC, text
            """,
            [int(year)],
        )
        parts += records(frame)
    return parts


def _indeks_rb(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Per year: the official Indeks RB (Indikator Hasil) with its target, and the PMPRB self-assessment with the
    instrument it was scored on (years on different instruments do not compare like for like)."""
    official = (
        read_table(
            conn,
            "SELECT year, value, target, gap, status FROM outcome_status WHERE outcome = ? ORDER BY year",
            [INDEKS_RB],
        )
        if table_exists(conn, "outcome_status")
        else pd.DataFrame(columns=["year", "value", "target", "gap", "status"])
    )
    assessed = (
        read_table(
            conn,
            "SELECT year, score AS self_assessment, rating, instrument_version FROM pmprb_scores "
            "WHERE level = 'total' AND code = ? ORDER BY year",
            [PMPRB_INDEX],
        )
        if table_exists(conn, "pmprb_scores")
        else pd.DataFrame(columns=["year", "self_assessment", "rating", "instrument_version"])
    )
    return official.merge(assessed, on="year", how="outer").sort_values("year", kind="stable")


def _pmprb(conn: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any]:
    """The year's PMPRB result from ``pmprb_scores``: its ``total`` rows (Indeks RB, or the indices an
    instrument has), the components and areas, the instrument's name and regulation."""
    if not table_exists(conn, "pmprb_scores"):
        return {"instrument": None, "totals": [], "headline": None, "parts": []}
    scores = read_table(
        conn,
        "SELECT instrument_version, level, code, score, weight, rating FROM pmprb_scores "
        "WHERE year = ? AND level IN ('total', 'component', 'area') ORDER BY rowid",
        [int(year)],
    )
    if scores.empty:
        return {"instrument": None, "totals": [], "headline": None, "parts": []}
    version = str(scores["instrument_version"].iloc[0])
    names = _instrument_names(conn, version)
    scores["name"] = [names.get(c) or COMPONENT_NAMES.get(c) or _spoken(c) for c in scores["code"]]
    instrument = None
    if table_exists(conn, "lke_instruments"):
        found = read_table(conn, "SELECT name, regulation FROM lke_instruments WHERE instrument_version = ?", [version])
        instrument = records(found)[0] if len(found) else None
    totals = records(scores[scores["level"] == "total"].drop(columns="instrument_version"))
    return {
        "version": version,
        "instrument": instrument,
        "totals": totals,
        "headline": next((t for t in totals if t["code"] == PMPRB_INDEX), totals[-1] if totals else None),
        "parts": records(scores[scores["level"] != "total"].drop(columns="instrument_version")),
    }


def _instrument_names(conn: duckdb.DuckDBPyConnection, version: str) -> dict[str, str]:
    """Area code -> name from the instrument's ``lke_areas`` (any other code is spoken from itself)."""
    if not table_exists(conn, "lke_areas"):
        return {}
    found = read_table(conn, "SELECT * FROM lke_areas WHERE instrument_version = ?", [version])
    if not {"area_code", "name"} <= set(found.columns):
        return {}
    return {str(c): str(n) for c, n in zip(found["area_code"], found["name"])}


def _spoken(code: str) -> str:
    """``INDEKS_RB`` -> ``Indeks RB``, ``RB_TEMATIK`` -> ``RB Tematik``, ``A`` -> ``A``."""
    words = str(code).split("_")
    return " ".join(w if w in {"RB"} or len(w) <= 2 else w.capitalize() for w in words)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as JSON-native dicts: NaN/NA -> None, numpy numbers -> Python, dates -> ISO text."""
    return [{str(k): _native(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _native(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
