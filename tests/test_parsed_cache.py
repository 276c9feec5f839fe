"""An unchanged workbook (same sha256) is not parsed again; a changed one is."""

from __future__ import annotations

from assets.forms.layouts import REALISASI
from assets.forms.read import SheetRow
from assets.forms.throughput.parsed_cache import read_rows_cached
from assets.forms.values import CellInput


def test_same_sha_is_read_once_and_a_new_sha_again(tmp_path):
    calls = []

    def read(path, layout):
        calls.append(path)
        return [SheetRow(row=2, code="1.1.a", value=CellInput(value=0.75, number_format="0%", formula=None), inputs={})]

    first = read_rows_cached(tmp_path / "a.xlsx", "abc", REALISASI, tmp_path / "cache", read)
    again = read_rows_cached(tmp_path / "a.xlsx", "abc", REALISASI, tmp_path / "cache", read)
    assert first == again and len(calls) == 1
    read_rows_cached(tmp_path / "a.xlsx", "def", REALISASI, tmp_path / "cache", read)
    read_rows_cached(tmp_path / "a.xlsx", None, REALISASI, tmp_path / "cache", read)
    read_rows_cached(tmp_path / "a.xlsx", "abc", REALISASI, None, read)
    assert len(calls) == 4


def test_file_checks_are_not_repeated_for_unchanged_content(tmp_path, monkeypatch):
    import datetime as dt

    from assets.forms import inventory
    from assets.forms.layouts import REALISASI
    from assets.forms.probe import Limits
    from assets.roadmap.catalogue import load_units
    from pipelines.settings import Settings
    from samples.generator import generate
    from tests.conftest import SOURCES

    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "out", tmp_path / "rb.duckdb")
    generate(settings, years=[2021], with_mistakes=True)
    checked = []
    real_probe = inventory.probe
    monkeypatch.setattr(
        inventory, "probe", lambda path, spec, limits: checked.append(path) or real_probe(path, spec, limits)
    )

    def table():
        return inventory.inventory(
            year=2021,
            folder=settings.inbox_root / "submissions" / "2021",
            root=settings.inbox_root,
            spec=REALISASI.spec,
            limits=Limits(),
            units=load_units(SOURCES),
            now=dt.datetime(2022, 2, 1),
            cache=tmp_path / "cache",
        )

    first = table()
    opened = len(checked)
    assert opened == first["sha256"].notna().sum() > 10
    again = table()
    assert len(checked) == opened  # nothing opened again
    import pandas as pd

    pd.testing.assert_frame_equal(first, again)
    changed = settings.inbox_root / first.loc[first["status"] == "berlaku", "file"].iloc[0]
    changed.write_bytes(changed.read_bytes() + b"\0")  # new content: checked again (and now refused)
    table()
    assert len(checked) == opened + 1
