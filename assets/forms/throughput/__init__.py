"""The machinery for many workbooks, behind two calls: :func:`read_forms` and :func:`write_forms`.

A regency sends a few dozen workbooks; a national collection 22,000. The
assets read and write forms through these two calls and need not look
further: below them, files are read once per content (``parsed_cache`` over
``content_cache``: rows kept by the file's sha256) and the work is spread over
worker processes when there is enough of it (``pool``); with little work
everything happens in the calling process, by the same functions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from assets.forms.throughput.pool import map_in_workers, workers_for
from assets.forms.throughput.reading import FormsRead, ReadTask, read_forms

__all__ = ["FormsRead", "ReadTask", "read_forms", "write_forms", "WORKBOOKS_PER_WORKER"]

Job = TypeVar("Job")
WORKBOOKS_PER_WORKER = 100  # workbooks to write worth a worker process


def write_forms(write: Callable[[Job], bool], jobs: Sequence[Job]) -> int:
    """``write(job)`` for every job (a module-level function: workers run it), in workers when there are
    enough; the number of workbooks built (``write`` returns False for a file already up to date)."""
    return sum(map_in_workers(write, jobs, workers_for(len(jobs), WORKBOOKS_PER_WORKER)))
