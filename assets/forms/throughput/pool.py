"""Independent pieces of one asset's work (a workbook to read, a template to write) in worker processes.

A year is one partition and Dagster runs its steps in one process (the
in-process executor), so the per-file work inside a step is where the cores
are used. Workers start from a ``forkserver`` that has imported the modules
below once, never by forking the Dagster process (which runs threads). Below
``per_worker`` items a worker's start-up costs more than it saves, and the
items are done in the calling process by the same function.

A new worker normally imports the parent's ``__main__`` again (the ``dagster``
CLI, the bench, pytest): seconds per worker for nothing, since every function
run here lives in an importable module. While the workers start, ``__main__``
is replaced by an empty module, so they import only what they need.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import types
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PRELOAD = ["assets.forms.inventory", "assets.forms.throughput.reading", "assets.forms.realisasi"]
_start_lock = threading.Lock()
_starting: threading.Thread | None = None


def _forkserver_context() -> multiprocessing.context.ForkServerContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def workers_for(items: int, per_worker: int, cpus: int | None = None) -> int:
    """Worker processes worth starting for ``items`` pieces of work on this machine."""
    return max(1, min(cpus or os.cpu_count() or 1, items // per_worker))


def start_early() -> None:
    """Start the forkserver in the background (once per process, on a machine with more than one core).

    Starting it means a new Python importing the worker modules, about half a
    second; started while a run's first steps work, the first pool does not
    wait for it.
    """
    global _starting
    with _start_lock:
        if _starting is None and (os.cpu_count() or 1) > 1:
            _forkserver_context()
            _starting = threading.Thread(target=forkserver.ensure_running, name="forkserver-start", daemon=True)
            _starting.start()


def map_in_workers(function: Callable[[Item], Result], items: Sequence[Item], workers: int) -> list[Result]:
    """``[function(i) for i in items]``, in ``workers`` processes when more than one; in order."""
    if workers <= 1 or len(items) <= 1:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers, mp_context=_forkserver_context()) as pool:
        with _main_not_inherited():  # every worker starts while the tasks are submitted
            results = pool.map(function, items, chunksize=max(1, len(items) // (workers * 4)))
        return list(results)


@contextmanager
def _main_not_inherited() -> Iterator[None]:
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
