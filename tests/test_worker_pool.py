"""Worker processes read the same rows and write the same templates as the calling process; a broken file never stops the others."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from assets.forms.layouts import REALISASI
from assets.forms.throughput import ReadTask, read_forms
from assets.forms.throughput.pool import workers_for
from assets.forms.throughput.reading import FILES_PER_WORKER
from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES


def _tasks(tmp_path: Path) -> list[ReadTask]:
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "out", tmp_path / "rb.duckdb")
    files = sorted(p for p in generate(settings, years=[2021], with_mistakes=True) if "submissions" in p.parts)
    broken = files[0].with_name("rusak.xlsx")
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    return [
        ReadTask(
            path=p,
            sha256=hashlib.sha256(p.read_bytes()).hexdigest(),
            year=2021,
            unit_code=p.stem[:12],
            file=p.name,
            extra={"status": "berlaku"},
            own_kinds={"1.1.a": ("percent", 80.0)},
        )
        for p in [*files, broken]
    ]


def test_two_workers_read_exactly_what_one_process_reads(tmp_path):
    tasks = _tasks(tmp_path)
    kinds = {"1.1.b": ("count", None)}
    alone = read_forms(tasks, REALISASI, kinds=kinds, cache=None, extra_columns=("status",), workers=1)
    pooled = read_forms(tasks, REALISASI, kinds=kinds, cache=tmp_path / "cache", extra_columns=("status",), workers=2)
    assert len(alone.rows) > 100
    pd.testing.assert_frame_equal(alone.rows, pooled.rows)
    assert alone.rows_read == pooled.rows_read
    assert [t.file for t, _ in pooled.unreadable] == [t.file for t, _ in alone.unreadable]
    assert "rusak.xlsx" in {t.file for t, _ in alone.unreadable}  # reported, and every other file still read
    assert len(alone.rows_read) + len(alone.unreadable) == len(tasks)
    assert sum(alone.rows_read.values()) == len(alone.rows)
    assert set(alone.rows["status"]) == {"berlaku"}
    assert alone.rows["code"].map(type).isin([str, type(None)]).all()  # empty text is None, never NaN
    assert len(list((tmp_path / "cache").iterdir())) == len(alone.rows_read)  # every readable file cached once


def test_workers_only_when_there_are_enough_files():
    assert workers_for(21, FILES_PER_WORKER, cpus=2) == 1
    assert workers_for(2 * FILES_PER_WORKER, FILES_PER_WORKER, cpus=2) == 2
    assert workers_for(22_000, FILES_PER_WORKER, cpus=2) == 2
    assert workers_for(22_000, FILES_PER_WORKER, cpus=1) == 1


def test_templates_written_by_two_workers_are_the_same_bytes(tmp_path):
    import duckdb

    from assets.forms import realisasi
    from assets.forms.identity import FormIdentity
    from assets.forms.throughput.pool import map_in_workers
    from assets.roadmap.catalogue import load_indicators, load_units
    from assets.roadmap.targets import expand_targets
    from assets.submissions.queries import unit_targets

    indicators = load_indicators(SOURCES / "roadmap")
    conn = duckdb.connect()
    conn.register("roadmap_targets", expand_targets(indicators, load_units(SOURCES)))
    conn.register("roadmap_indicators", indicators)
    targets = unit_targets(conn, 2021)

    def jobs(folder: Path) -> list:
        return [
            realisasi.TemplateFile(
                folder / f"{code}.xlsx",
                FormIdentity(form=REALISASI.form, unit=name, unit_code=code, year="2021"),
                tuple(rows.to_dict("records")),
                "v1",
            )
            for (code, name), rows in targets.groupby(["unit_code", "responsible_unit"], sort=True)
        ]

    alone, pooled = jobs(tmp_path / "alone"), jobs(tmp_path / "pooled")
    assert sum(map_in_workers(realisasi.write_template, alone, 1)) == len(alone) > 10
    assert sum(map_in_workers(realisasi.write_template, pooled, 2)) == len(pooled)
    for a, b in zip(alone, pooled):
        assert a.path.read_bytes() == b.path.read_bytes(), a.path.name
    assert sum(map_in_workers(realisasi.write_template, pooled, 2)) == 0  # unchanged: not built again


def test_file_checks_in_two_workers_give_the_same_inventory(tmp_path, monkeypatch):
    import datetime as dt

    from assets.forms import inventory
    from assets.forms.layouts import REALISASI
    from assets.forms.probe import Limits
    from assets.roadmap.catalogue import load_units

    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "out", tmp_path / "rb.duckdb")
    generate(settings, years=[2021], with_mistakes=True)  # broken, encrypted and misnamed files among them

    def table():
        return inventory.inventory(
            year=2021,
            folder=settings.inbox_root / "submissions" / "2021",
            root=settings.inbox_root,
            spec=REALISASI.spec,
            limits=Limits(),
            units=load_units(SOURCES),
            now=dt.datetime(2022, 2, 1),
        )

    alone = table()
    monkeypatch.setattr(inventory, "FILES_PER_WORKER", 1)
    pooled = table()
    assert inventory.workers_for(len(alone), inventory.FILES_PER_WORKER, cpus=2) == 2
    pd.testing.assert_frame_equal(alone, pooled)
    assert {"berlaku", "ditolak"} <= set(alone["status"])


def test_forkserver_started_early_only_for_a_collection_that_uses_workers(tmp_path, monkeypatch):
    import dagster as dg

    from assets.forms.throughput import WORKBOOKS_PER_WORKER
    from assets.forms.throughput import pool as worker_pool
    from bench.workload import prepare
    from pipelines.resources import build_resources

    started = []
    monkeypatch.setattr(worker_pool, "start_early", lambda: started.append(True))
    regency = Settings(SOURCES, tmp_path / "inbox", tmp_path / "out", tmp_path / "rb.duckdb")
    build_resources(regency)["workers"].setup_for_execution(dg.build_init_resource_context())
    assert started == []
    large = prepare(tmp_path / "large", WORKBOOKS_PER_WORKER)  # sources with that many units
    build_resources(large)["workers"].setup_for_execution(dg.build_init_resource_context())
    assert started == [True]
