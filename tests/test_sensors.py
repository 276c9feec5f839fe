"""The inbox sensor asks for one run per changed year, once its files are still."""

from __future__ import annotations

import os
import time

import dagster as dg

from assets.resources import ProjectFiles
from pipelines.definitions import build_definitions


def _evaluate(settings):
    sensor = build_definitions(settings).resolve_sensor_def("inbox_sensor")
    files = ProjectFiles(
        sources_dir=str(settings.sources_dir),
        inbox_root=str(settings.inbox_root),
        outputs_dir=str(settings.outputs_dir),
        evidence_dir=str(settings.evidence_dir),
    )
    with dg.build_sensor_context(resources={"files": files}) as context:
        return sensor(context)


def _age(path, seconds):
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_sensor_waits_for_still_files_then_requests_one_run_per_changed_year(settings, tmp_path):
    from dataclasses import replace

    settings = replace(settings, inbox_root=tmp_path / "inbox")
    assert isinstance(_evaluate(settings), dg.SkipReason)

    a = tmp_path / "inbox" / "submissions" / "2021" / "a.xlsx"
    a.parent.mkdir(parents=True)
    a.write_bytes(b"x")
    lock = a.parent / "~$a.xlsx"
    lock.write_bytes(b"lock")
    result = _evaluate(settings)
    assert isinstance(result, dg.SkipReason) and "2021" in result.skip_message

    _age(a, 120)
    _age(lock, 0)  # a lock file being touched does not count as a change
    first = _evaluate(settings)
    assert [(r.partition_key, r.run_key.split(":")[0]) for r in first] == [("2021", "2021")]
    again = _evaluate(settings)
    assert [r.run_key for r in again] == [r.run_key for r in first]

    b = tmp_path / "inbox" / "indikator_hasil" / "2022" / "b.xlsx"
    b.parent.mkdir(parents=True)
    b.write_bytes(b"y")
    _age(b, 120)
    a.write_bytes(b"xx")
    _age(a, 90)
    changed = {r.partition_key: r.run_key for r in _evaluate(settings)}
    assert set(changed) == {"2021", "2022"}
    assert changed["2021"] != first[0].run_key
