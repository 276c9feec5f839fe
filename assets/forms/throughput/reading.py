"""Reading many filled forms: every file's rows read (through the parsed-rows cache) and parsed.

Each file is read and parsed by :func:`read_form`, in the calling process or,
when the files are worth it, in worker processes (``pool.py``) that hand back
their records as plain Python lists (pickled by the pool). Workers never
touch the warehouse: the asset that calls :func:`read_forms` stays its only
writer. With one worker (a regency's few dozen files, or a one-core machine)
the files are read in the calling process by the same function, so both paths
give the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from assets.forms.layouts import FormLayout
from assets.forms.parsing import Parser, frame_columns, parsed_records
from assets.forms.probe import ROWS_UNREADABLE
from assets.forms.throughput.parsed_cache import read_rows_cached
from assets.forms.throughput.pool import map_in_workers, workers_for
from assets.forms.values import parse_realisasi

FILES_PER_WORKER = 150  # below this a worker's start-up costs more than it saves
Kinds = Mapping[str, tuple[str, object]]
NUMBERS = {"year": "int64", "row": "int64", "value": "float64"}
UNREADABLE_REASON = "Isi lembar {sheet} tidak dapat dibaca; simpan ulang file dari Excel lalu kirim ulang."


@dataclass(frozen=True)
class ReadTask:
    """One workbook to read: where it is, whose it is, and its unit's own targets."""

    path: Path
    sha256: str | None
    year: int
    unit_code: str
    file: str
    extra: dict[str, object] = field(default_factory=dict)  # carried to every row (status, superseded_by ...)
    own_kinds: dict[str, tuple[str, object]] = field(default_factory=dict)  # this unit's (kind, target) by code


@dataclass(frozen=True)
class FormsRead:
    rows: (
        pd.DataFrame
    )  # every row read, in (file, row) order: the columns of ``frame_columns`` and the tasks' ``extra``
    rows_read: dict[str, int]  # file -> rows read
    unreadable: list[tuple[ReadTask, str]]  # files whose rows could not be read, with the error

    def unreadable_refusals(self, layout: FormLayout) -> list[dict]:
        """One refused row (sheet row 0) per file whose rows could not be read, in the columns of a rejects table.

        The inventory refuses such a file at file level when it reads rows; this is for a file that became
        unreadable since, or an inbox whose inventory does not read rows."""
        reason = UNREADABLE_REASON.format(sheet=layout.sheet)
        return [
            {
                "year": task.year,
                "unit": task.unit_code,
                "file": task.file,
                "row": 0,
                "code": None,
                "raw_value": None,
                "reason_code": ROWS_UNREADABLE,
                "reason": reason,
                "all_reason_codes": ROWS_UNREADABLE,
            }
            for task, _ in self.unreadable
        ]


def read_forms(
    tasks: Sequence[ReadTask],
    layout: FormLayout,
    *,
    kinds: Kinds,
    parse: Parser = parse_realisasi,
    cache: Path | None = None,
    extra_columns: Sequence[str] = (),
    workers: int | None = None,
) -> FormsRead:
    """Read and parse every task's rows; ``kinds`` gives (kind, target) of every code not the unit's own;
    ``workers`` defaults to what the files are worth."""
    workers = workers_for(len(tasks), FILES_PER_WORKER) if workers is None else max(1, workers)
    read = partial(read_form, layout=layout, kinds=kinds, parse=parse, cache=cache)
    records: list[dict] = []
    counts: dict[str, int] = {}
    unreadable = []
    for task, parsed in zip(tasks, map_in_workers(read, tasks, workers)):
        if isinstance(parsed, str):
            unreadable.append((task, parsed))
            continue
        records += parsed
        counts[task.file] = len(parsed)
    columns = [*frame_columns(list(layout.fields.values())), *extra_columns]
    return FormsRead(_frame(records, columns), counts, sorted(unreadable, key=lambda f: f[0].file))


def read_form(
    task: ReadTask, *, layout: FormLayout, kinds: Kinds, parse: Parser, cache: Path | None
) -> list[dict] | str:
    """The parsed records of one file (its ``extra`` on each), or the error when its rows cannot be read."""
    try:
        rows = read_rows_cached(task.path, task.sha256, layout, cache)
    except Exception as exc:  # a file the probe accepted but whose rows cannot be read
        return f"{type(exc).__name__}: {exc}"
    fields = list(layout.fields.values())
    parsed = parsed_records(
        rows,
        year=task.year,
        unit_code=task.unit_code,
        file=task.file,
        kinds={**kinds, **task.own_kinds},
        fields=fields,
        parse=parse,
    )
    return [{**r, **task.extra} for r in parsed]


def _frame(records: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    """The records as one frame in (file, row) order; text columns hold None when empty, never NaN."""
    records = sorted(records, key=lambda r: (r["file"], r["row"]))
    return pd.DataFrame(
        {c: pd.Series([r.get(c) for r in records], dtype=NUMBERS.get(c, object)) for c in columns},
        columns=list(columns),
    )
