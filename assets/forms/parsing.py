"""Read rows to parsed records: one per sheet row, its value parsed or refused with the parser's reason.

Light on purpose (no Dagster, no Great Expectations): worker processes import
it to parse the files they read (``throughput/reading.py``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence

import pandas as pd

from assets.forms.read import SheetRow
from assets.forms.values import CellInput, ParsedValue, parse_realisasi

Parser = Callable[[CellInput, str, object], ParsedValue]


def parsed_frame(rows: Iterable[SheetRow], **context) -> pd.DataFrame:
    """One frame row per sheet row (the arguments are those of :func:`parsed_records`)."""
    return pd.DataFrame(parsed_records(rows, **context), columns=frame_columns(context["fields"]))


def parsed_records(
    rows: Iterable[SheetRow],
    *,
    year: int,
    unit_code: str,
    file: str,
    kinds: Mapping[str, tuple[str, object]],
    fields: Sequence[str],
    parse: Parser = parse_realisasi,
) -> list[dict]:
    """One record per sheet row; ``kinds`` maps a code to (kind, target or scale) for this unit."""
    out = []
    for r in rows:
        kind, target = kinds.get(r.code or "", ("count", None))
        parsed = parse(r.value, kind, target)
        out.append(
            {
                "year": year,
                "unit_code": unit_code,
                "file": file,
                "row": r.row,
                "code": r.code,
                "raw_value": parsed.raw,
                "value": parsed.value,
                "parse_code": parsed.reason_code,
                "parse_reason": parsed.reason,
                "parse_warning": parsed.warning,
                **{f: _text(r.inputs.get(f)) for f in fields},
                "links": json.dumps(r.links, sort_keys=True) if r.links else None,
                "target_kind": kind,
                "responsibility": f"{unit_code}|{r.code}",
                "schedule_key": f"{year}|{r.code}",
            }
        )
    return out


def frame_columns(fields: Sequence[str]) -> list[str]:
    return [
        "year",
        "unit_code",
        "file",
        "row",
        "code",
        "raw_value",
        "value",
        "parse_code",
        "parse_reason",
        "parse_warning",
        *fields,
        "links",
        "target_kind",
        "responsibility",
        "schedule_key",
    ]


def links_of(record: Mapping) -> dict[str, str]:
    """A record's hyperlinks by field name (the ``links`` column: JSON, or empty)."""
    value = record.get("links")
    return json.loads(value) if isinstance(value, str) and value else {}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
