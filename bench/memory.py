"""Peak memory of a process and every process it starts (the reading and template workers).

``ru_maxrss`` sees only the process itself, and the workers are children of a
forkserver that outlives them, so their memory is sampled from ``/proc``: the
resident set of this process and all its descendants, summed, every
``interval`` seconds; the largest sum is kept.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root: int) -> int:
    """Resident memory of ``root`` and all its descendants, in KiB."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo += _children(pid)
    return total


class PeakTreeMemory:
    """``with PeakTreeMemory() as peak: ...`` then ``peak.kib``."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.kib = max(self.kib, tree_rss_kib(os.getpid()))
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakTreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.kib = max(self.kib, tree_rss_kib(os.getpid()))
