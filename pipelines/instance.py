"""The Dagster instance in ``DAGSTER_HOME``, created once however many runs start at the same moment.

The first process that opens a fresh home creates Dagster's SQLite storage
there (run history, event log index, schedules). Two processes doing that at
once race, and the second fails (``table runs already exists``). So the
storage is created under an exclusive lock on ``DAGSTER_HOME/.instance.lock``:
a run that starts while another prepares the home waits for it (up to
``WAIT_SECONDS``, then fails naming the process holding the lock) and then
opens the storage the first created.

    python -m pipelines.instance     # prepare DAGSTER_HOME: its dagster.yaml and storage (make setup runs it)
"""

from __future__ import annotations

import fcntl
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

from pipelines.settings import PROJECT_DIR, dagster_home

CONFIG = PROJECT_DIR / "config" / "dagster.yaml"
LOCK_NAME = ".instance.lock"
WAIT_SECONDS = 60.0


class InstanceBusyError(RuntimeError):
    """Another process has held DAGSTER_HOME's lock for longer than we wait."""


def open_instance() -> dg.DagsterInstance:
    """The instance of ``DAGSTER_HOME``, its storage created first (once, under the lock) when the home is new."""
    home = dagster_home()
    if home is not None and home.is_absolute():  # otherwise Dagster's own error says what DAGSTER_HOME must be
        prepare(home, replace_config=False)
    return dg.DagsterInstance.get()


def prepare(home: Path, *, replace_config: bool = True, wait_seconds: float = WAIT_SECONDS) -> None:
    """Give ``home`` the project's dagster.yaml and create its storage when missing, under the lock.

    ``replace_config``: rewrite a dagster.yaml that differs from ``config/dagster.yaml`` (``make setup``); the
    command line only writes a missing one. Migrating an existing storage after a Dagster upgrade is Dagster's
    own ``dagster instance migrate``.
    """
    with home_lock(home, wait_seconds):
        _write_config(home, replace=replace_config)
        with dg.DagsterInstance.from_config(str(home)):  # opening creates the SQLite storage when it is missing
            pass


@contextmanager
def home_lock(home: Path, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the exclusive lock on ``home``; the holder's PID is written in the lock file for whoever waits."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / LOCK_NAME, "a+") as lock:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    lock.seek(0)
                    holder = lock.read().strip()
                    raise InstanceBusyError(
                        f"DAGSTER_HOME {home} is being prepared by another process"
                        f"{' (PID ' + holder + ')' if holder else ''}; waited {wait_seconds:.0f} s. "
                        "Let it finish (or stop it) and run again."
                    ) from None
                time.sleep(0.05)
        try:
            lock.truncate(0)
            lock.write(f"{os.getpid()}\n")
            lock.flush()
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write_config(home: Path, *, replace: bool) -> None:
    """``home/dagster.yaml`` from ``config/dagster.yaml``: when missing, or (``replace``) when it differs; atomically."""
    target = home / "dagster.yaml"
    wanted = CONFIG.read_bytes()
    if target.exists() and (not replace or target.read_bytes() == wanted):
        return
    fd, tmp = tempfile.mkstemp(prefix=".dagster.yaml.", suffix=".tmp", dir=home)
    with os.fdopen(fd, "wb") as f:
        f.write(wanted)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def main() -> int:
    home = dagster_home()
    if home is None or not home.is_absolute():
        print("Set DAGSTER_HOME to an absolute path (the Makefile sets it to .dagster_home/).", file=sys.stderr)
        return 2
    prepare(home)
    return 0


if __name__ == "__main__":
    sys.exit(main())
