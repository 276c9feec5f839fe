"""Materializing the roadmap group writes validated tables; a broken catalogue stops the run."""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace

import dagster as dg
import duckdb

from assets.roadmap.assets import ASSETS, INDICATORS_SUITE
from assets.roadmap.catalogue import load_indicators
from pipelines.cli import failure_lines
from pipelines.resources import build_resources

TABLES = ["units", "roadmap_indicators", "roadmap_targets", "outcome_targets"]


def materialize_roadmap(settings, instance=None):
    return dg.materialize(ASSETS, resources=build_resources(settings), instance=instance, raise_on_error=False)


def table_counts(path):
    with duckdb.connect(str(path), read_only=True) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_materializing_writes_tables_with_row_counts_and_previews(settings):
    result = materialize_roadmap(settings)
    assert result.success
    counts = table_counts(settings.warehouse_path)
    assert all(n > 0 for n in counts.values()), counts
    for name in TABLES:
        mats = result.asset_materializations_for_node(name)
        assert len(mats) == 1
        md = mats[0].metadata
        assert md["dagster/row_count"].value == counts[name]
        assert "|" in md["preview"].value  # a markdown table
    checks = result.get_asset_check_evaluations()
    failed = [c for c in checks if not c.passed]
    # QW.4 is printed without any tick mark: a warning, documented in NOTES.md, not an error.
    assert [(c.check_name, c.severity) for c in failed] == [("years_present", dg.AssetCheckSeverity.WARN)]
    assert "QW.4" in failed[0].metadata["first_offending_rows"].value


def test_rerun_gives_the_same_data_version(settings):
    first = materialize_roadmap(settings)
    second = materialize_roadmap(settings)
    for name in TABLES:
        v1 = first.asset_materializations_for_node(name)[0].tags["dagster/data_version"]
        v2 = second.asset_materializations_for_node(name)[0].tags["dagster/data_version"]
        assert v1 == v2


def _rewrite(path, edit):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    edit(rows)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_broken_catalogue_stops_at_the_source_check_and_keeps_the_last_good_tables(settings, sources_copy):
    good = replace(settings, sources_dir=sources_copy)
    assert materialize_roadmap(good).success
    before = table_counts(settings.warehouse_path)

    def break_rows(rows):
        rows[0]["target_kind"] = "banyak"  # not a known kind
        rows[1]["code"] = rows[2]["code"]  # a duplicated code
        rows.append(dict(rows[3]))  # and a third row gained, to see the table did not change

    _rewrite(sources_copy / "roadmap" / "rencana_aksi.csv", break_rows)
    result = materialize_roadmap(good)
    assert not result.success
    said = "\n".join(failure_lines(result))
    assert "roadmap/rencana_aksi.csv baris 2 kolom 15 (target_kind): 'banyak' tidak dikenal" in said
    assert f"Kode indikator '{_code(sources_copy, 3)}' sudah dipakai di baris 3" in said
    assert "Traceback" not in said and "Stack Trace" not in said
    assert table_counts(settings.warehouse_path) == before
    # The table's own suite still refuses the same rows, should a step ever get them.
    outcome = INDICATORS_SUITE.validate(load_indicators(sources_copy / "roadmap"), index_columns=["csv_line", "code"])
    assert {"target_kind_known", "code_unique"} <= {o.check_name for o in outcome.failed}


def _code(sources, line):
    with open(sources / "roadmap" / "rencana_aksi.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))[line - 2]["code"]


def test_unknown_responsible_unit_is_named(settings, sources_copy):
    def rename(rows):
        rows[0]["responsible"] = "Dinas Yang Tidak Ada"

    _rewrite(sources_copy / "roadmap" / "rencana_aksi.csv", rename)
    result = materialize_roadmap(replace(settings, sources_dir=sources_copy))
    assert not result.success
    said = "\n".join(failure_lines(result))
    assert "baris 2 kolom 19 (responsible): Unit 'Dinas Yang Tidak Ada' tidak ada di units.csv" in said


def test_semicolon_decimal_comma_catalogue_is_accepted(settings, sources_copy):
    """The file Excel with Indonesian regional settings saves: ';' and decimal commas."""
    path = sources_copy / "roadmap" / "rencana_aksi.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    with open(path, "w", encoding="cp1252", errors="replace", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        for row in rows:
            writer.writerow([cell.replace(".", ",") if _is_decimal(cell) else cell for cell in row])
    result = materialize_roadmap(replace(settings, sources_dir=sources_copy))
    assert result.success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        semicolon = conn.execute("SELECT code, target_value FROM roadmap_indicators ORDER BY code").fetchall()
    shutil.rmtree(settings.warehouse_path.parent)
    assert materialize_roadmap(settings).success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        original = conn.execute("SELECT code, target_value FROM roadmap_indicators ORDER BY code").fetchall()
    assert semicolon == original


def _is_decimal(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return "." in cell
