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


def test_an_attached_evidence_file_runs_its_year_again(settings, tmp_path):
    """The portal's manifest of a year's evidence files is part of the year's state: attaching a file
    (which rewrites it) asks for a new run of that year, once it has been still for a minute."""
    from dataclasses import replace

    from assets.source_files.evidence_manifest import MANIFEST
    from pipelines.portal import evidence
    from pipelines.portal.accounts import UNIT, Account
    from pipelines.portal.store import Store

    settings = replace(settings, inbox_root=tmp_path / "inbox")
    upload = tmp_path / "inbox" / "submissions" / "2021" / "a.xlsx"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"x")
    _age(upload, 120)
    (first,) = _evaluate(settings)

    store, unit = Store(settings.portal_db_path), Account("dinkes", UNIT, "DINKES")
    evidence.attach(store, settings.evidence_dir, b"%PDF-1.4 satu", "sk.pdf", "1.1.a", unit, "2021")
    manifest = MANIFEST.path(settings.evidence_dir, "2021")
    assert isinstance(_evaluate(settings), dg.SkipReason)  # just written: it settles like any file
    _age(manifest, 120)
    (attached,) = _evaluate(settings)
    assert attached.partition_key == "2021" and attached.run_key != first.run_key

    evidence.attach(store, settings.evidence_dir, b"%PDF-1.4 dua", "foto.pdf", "1.1.a", unit, "2021")
    _age(manifest, 120)
    (again,) = _evaluate(settings)
    assert again.run_key not in (first.run_key, attached.run_key)

    only_evidence = {r.partition_key for r in _evaluate(replace(settings, inbox_root=tmp_path / "empty"))}
    assert only_evidence == {"2021"}  # evidence alone, before any upload, is a change too
