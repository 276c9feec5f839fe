"""Reading a year's unit workbooks in worker processes, one Parquet file per chunk.

The files are split into chunks; each chunk is read and parsed (through the
parsed-rows cache) by a worker process that writes its rows to one Parquet
file, and the calling process loads every chunk with DuckDB. Workers never
touch the warehouse: the asset that calls :func:`read_files` stays its only
writer. With one worker (a regency's few dozen files, or a one-core machine)
the chunks are read in the calling process by the same code, so both paths
give the same rows.

Workers are started by ``assets/forms/throughput/pool.py``.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from assets.forms.layouts import FormLayout
from assets.forms.throughput.parsed_cache import read_rows_cached
from assets.forms.parsing import frame_columns, parsed_records
from assets.forms.throughput.pool import map_in_workers, workers_for

FILES_PER_WORKER = 150  # below this a worker's start-up costs more than it saves
CHUNKS_PER_WORKER = 4  # several chunks per worker even out slow files
Kinds = Mapping[str, tuple[str, object]]


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
class ReadOutcome:
    rows: pd.DataFrame  # every row read, the columns of ``frame_columns`` and the tasks' ``extra``
    rows_read: dict[str, int]  # file -> rows read
    unreadable: list[tuple[ReadTask, str]]  # files whose rows could not be read, with the error


@dataclass(frozen=True)
class _Chunk:
    tasks: list[ReadTask]
    kinds: Kinds  # (kind, target) of every code, for codes not the unit's own
    layout: FormLayout
    cache: Path | None
    extra_columns: tuple[str, ...]
    out: Path


def read_files(
    tasks: Sequence[ReadTask], kinds: Kinds, layout: FormLayout, *, cache: Path | None,
    extra_columns: Sequence[str] = (), workers: int | None = None,
) -> ReadOutcome:  # fmt: skip
    """Read and parse every task's rows; ``workers`` defaults to what the files are worth."""
    workers = workers_for(len(tasks), FILES_PER_WORKER) if workers is None else max(1, workers)
    count = 1 if workers == 1 else min(len(tasks), workers * CHUNKS_PER_WORKER)
    with tempfile.TemporaryDirectory(prefix="rb-read-") as scratch:
        chunks = [
            _Chunk(list(tasks[i::count]), kinds, layout, cache, tuple(extra_columns), Path(scratch) / f"{i:05d}.parquet")
            for i in range(max(count, 1))
        ]  # fmt: skip
        results = map_in_workers(_read_chunk, chunks, workers)
        rows = _load([c.out for c in chunks], layout, extra_columns)
    counts = {file: n for done in results for file, n in done[0].items()}
    unreadable = sorted((failure for done in results for failure in done[1]), key=lambda f: f[0].file)
    return ReadOutcome(rows, counts, unreadable)


def _read_chunk(chunk: _Chunk) -> tuple[dict[str, int], list[tuple[ReadTask, str]]]:
    records: list[dict] = []
    counts: dict[str, int] = {}
    unreadable = []
    fields = list(chunk.layout.fields.values())
    for task in chunk.tasks:
        try:
            rows = read_rows_cached(task.path, task.sha256, chunk.layout, chunk.cache)
        except Exception as exc:  # a file the probe accepted but whose rows cannot be read
            unreadable.append((task, f"{type(exc).__name__}: {exc}"))
            continue
        kinds = {**chunk.kinds, **task.own_kinds}
        parsed = parsed_records(rows, year=task.year, unit_code=task.unit_code, file=task.file, kinds=kinds, fields=fields)
        records += [{**r, **task.extra} for r in parsed]
        counts[task.file] = len(parsed)
    pq.write_table(pa.Table.from_pylist(records, schema=_schema(fields, chunk.extra_columns)), chunk.out)
    return counts, unreadable


def _schema(fields: Sequence[str], extra_columns: Sequence[str]) -> pa.Schema:
    types = {"year": pa.int32(), "row": pa.int32(), "value": pa.float64()}
    return pa.schema([(c, types.get(c, pa.string())) for c in [*frame_columns(fields), *extra_columns]])


def _load(parts: list[Path], layout: FormLayout, extra_columns: Sequence[str]) -> pd.DataFrame:
    """Every chunk's rows in one frame, in the order of (file, row); text columns hold None when empty."""
    with duckdb.connect() as conn:
        frame = conn.execute("SELECT * FROM read_parquet(?) ORDER BY file, row", [[str(p) for p in parts]]).df()
    columns = [*frame_columns(list(layout.fields.values())), *extra_columns]
    frame = frame.reindex(columns=columns)
    for name in columns:
        if name not in ("year", "row", "value"):
            frame[name] = frame[name].astype(object).where(frame[name].notna(), None)
    return frame.astype({"year": "int64", "row": "int64"})
