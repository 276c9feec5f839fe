"""A run that finds the warehouse busy waits once, for the whole run, then fails naming the holder."""

from __future__ import annotations

import time

from tests.conftest import run_annual
from tests.test_warehouse_lock import HOLD_LOCK, _spawn

WAIT = 4.0
ROOTS = [
    "roadmap_indicators",
    "units",
    "outcome_targets",
    "predikat_bands",
    "lke_instrument",
]  # steps that need nothing upstream


def _timed_run(settings):
    warehouse = {"database": str(settings.warehouse_path), "lock_wait_seconds": WAIT}
    started = time.monotonic()
    result = run_annual(settings, 2021, ROOTS, run_config={"resources": {"warehouse": {"config": warehouse}}})
    return result, time.monotonic() - started


def _busy_failures(result) -> dict[str, str]:
    """Step -> message of every step that failed because the warehouse was busy."""
    messages = {e.step_key: e.step_failure_data.error.to_string() for e in result.all_events if e.is_step_failure}
    return {step: message for step, message in messages.items() if "is in use by another process" in message}


def test_a_busy_warehouse_is_waited_for_once_per_run(settings):
    assert _timed_run(settings)[0].success  # imports and first-use costs paid here, not in the runs compared
    free, baseline = _timed_run(settings)  # the same steps on a free warehouse: what the run costs without waiting
    assert free.success
    holder = _spawn(HOLD_LOCK, str(settings.warehouse_path), "600")
    try:
        assert holder.stdout.readline().strip() == "locked"
        result, elapsed = _timed_run(settings)
    finally:
        holder.kill()
        holder.wait()
    failures = _busy_failures(result)
    assert not result.success
    assert sorted(failures) == sorted(ROOTS)  # every step of the run found the warehouse busy ...
    assert all(f"PID {holder.pid}" in message for message in failures.values())  # ... each names the holder
    waited = [step for step, message in failures.items() if f"waited {WAIT:.0f} s" in message]
    assert len(waited) == 1, failures  # ... the first waited the run's wait; the others had none left
    assert all("already used up its" in failures[step] for step in set(ROOTS) - set(waited))
    assert elapsed >= WAIT
    assert elapsed < baseline + 2.5 * WAIT  # once, not once per step (that would be 5 x WAIT more than the baseline)
