"""Resources the assets take: the warehouse connection, the project's folders, worker processes.

The code location builds them (``pipelines/resources.py``) from its settings,
the one place that reads the environment; nothing here reads it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource
from pydantic import Field, PrivateAttr

from assets.metadata import DOWNLOAD_URL


class WarehouseBusyError(RuntimeError):
    """Another process holds the DuckDB warehouse for longer than we wait."""


class LockWait:
    """How long one run may still wait for the warehouse: ``seconds`` in all, shared by every step of the run."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.waited = 0.0

    @property
    def remaining(self) -> float:
        return max(0.0, self.seconds - self.waited)


class Warehouse(DuckDBResource):
    """The DuckDB warehouse file.

    DuckDB lets one process write and, while it writes, no other process may
    even read. A run that finds the file locked waits and retries, for
    ``lock_wait_seconds`` in the whole run (not per step: a step that finds it
    busy later only waits what is left), and then fails with a message naming
    the holder; it never opens a second writer.
    """

    lock_wait_seconds: float = Field(
        default=120.0, description="How long one run waits, in all, for a lock held by another process."
    )
    _lock_wait: LockWait | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._lock_wait = LockWait(self.lock_wait_seconds)  # once per run: every step draws on the same wait

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        wait = self._lock_wait or LockWait(self.lock_wait_seconds)  # outside a run: each connection its own wait
        waited_here, delay = 0.0, 0.2
        while True:
            try:
                conn = duckdb.connect(self.database, read_only=False, config=dict(self.connection_config))
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower():
                    raise
                if wait.remaining <= 0:
                    raise WarehouseBusyError(self._busy_message(exc, wait, waited_here)) from exc
                started = time.monotonic()
                time.sleep(min(delay, wait.remaining))
                spent = time.monotonic() - started
                wait.waited += spent
                waited_here += spent
                delay = min(delay * 1.5, 2.0)
        try:
            yield conn
        finally:
            conn.close()

    def _busy_message(self, exc: duckdb.IOException, wait: LockWait, waited_here: float) -> str:
        holder = re.search(r"PID (\d+)", str(exc))
        waited = (
            f"this run has already used up its {wait.seconds:.0f} s of waiting"
            if waited_here == 0 and wait.waited > 0
            else f"waited {wait.seconds:.0f} s"
        )
        return (
            f"The warehouse {self.database} is in use by another process"
            f"{' (PID ' + holder.group(1) + ')' if holder else ''}; {waited}. "
            "Let the other run finish (or stop it) and run again; nothing was written."
        )


class ProjectFiles(dg.ConfigurableResource):
    """The folders the pipeline reads from and publishes to, and the settings users keep in ``sources/``.

    Setting it up checks every source file first (``assets/source_files/check.py``):
    an error stops the run there, before any step, with the check's lines.

    The settings files the assets depend on (``roadmap/roadmap.toml``,
    ``collection.toml``, ``instrument/instrument_years.csv``) are read once per
    run, when the resource is set up, and what was read is logged; every step of
    the run sees the same settings, even if a file changes while it runs.
    """

    sources_dir: str
    inbox_root: str
    outputs_dir: str
    evidence_dir: str  # the evidence files units attach in the portal, and each year's manifest of them
    download_url: str = Field(default=DOWNLOAD_URL, description="Where the portal is served (links in metadata).")
    _settings: dict = PrivateAttr(default_factory=dict)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from assets.source_files.check import require_valid

        self._settings.clear()
        notes = require_valid(self.sources)  # the run's first step: a source error stops it before any asset
        if context.log is not None and notes:
            context.log.info("Source check notes:\n" + "\n".join(str(n) for n in notes))
        roadmap, collection, years = self.roadmap_identity, self.collection, self.instrument_years
        if context.log is not None:
            deadlines = ", ".join(f"{y}: {d:%d-%m-%Y}" for y, d in sorted(collection.deadlines.items())) or "none"
            mapping = ", ".join(f"{y}: {v}" for y, v in zip(years["year"], years["instrument_version"])) or "none"
            context.log.info(
                f"Settings read for this run from {self.sources_dir}: road map {roadmap.regulation} "
                f"({roadmap.first_year}-{roadmap.last_year}); deadlines {deadlines}; file limits {collection.limits}; "
                f"instrument per year {mapping}."
            )

    @property
    def roadmap_identity(self):
        """``roadmap/roadmap.toml``: the government, regulation, period and catalogue version."""
        from assets.roadmap.identity import RoadmapIdentity

        return self._read("roadmap", lambda: RoadmapIdentity.load(self.roadmap))

    @property
    def collection(self):
        """``collection.toml``: deadlines, file limits, the coordinating unit."""
        from assets.forms.collection import Collection

        return self._read("collection", lambda: Collection.load(self.sources))

    @property
    def instrument_years(self):
        """``instrument/instrument_years.csv`` as a frame (no rows when the file is absent)."""
        from assets.pmprb.years import read_year_mapping

        return self._read("instrument_years", lambda: read_year_mapping(self.sources))

    def _read(self, name: str, load):
        if name not in self._settings:
            self._settings[name] = load()
        return self._settings[name]

    @property
    def sources(self) -> Path:
        return Path(self.sources_dir)

    @property
    def roadmap(self) -> Path:
        return Path(self.sources_dir) / "roadmap"

    @property
    def inbox(self) -> Path:
        return Path(self.inbox_root)

    @property
    def outputs(self) -> Path:
        return Path(self.outputs_dir)

    @property
    def evidence(self) -> Path:
        return Path(self.evidence_dir)


class WorkerProcesses(dg.ConfigurableResource):
    """Worker processes for per-file work inside a step (reading, file checks, templates).

    The steps that use them name this resource. When the collection is large
    enough for the steps to use workers (at least as many units as make a
    template pool worth it), setting the resource up at the start of a run
    starts the workers' forkserver in the background, so it is ready by the
    time a step needs it; a regency's run starts no extra process. See
    ``assets/forms/throughput/pool.py``.
    """

    sources_dir: str  # where units.csv says how large the collection is
    start_early: bool = Field(default=True, description="Start the forkserver when a large collection's run starts.")

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        from assets.forms.throughput import WORKBOOKS_PER_WORKER
        from assets.forms.throughput.pool import start_early
        from assets.roadmap.catalogue import load_units

        if self.start_early and len(load_units(Path(self.sources_dir))) >= WORKBOOKS_PER_WORKER:
            start_early()
