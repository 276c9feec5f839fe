"""The LKE instrument as data: its shape, the GX suite on it, and the year mapping."""

from __future__ import annotations

import shutil

import duckdb

from assets.pmprb.checks import INDEX_COLUMNS, instrument_check_frame, suite_parameters
from assets.pmprb.instrument import available_versions, load_instrument
from assets.pmprb.years import year_instrument
from assets.roadmap.identity import RoadmapIdentity
from expectations.adapter import Suite
from tests.pmprb_support import INSTRUMENT_DIR, edit_csv, materialize


def test_the_shipped_instrument_has_the_lke_shape():
    instrument = load_instrument(INSTRUMENT_DIR)
    assert instrument.version == "permenpanrb-14-2014"
    assert len(instrument.items) == 146 and len(instrument.sub_components) == 33 and len(instrument.hasil) == 5
    assert instrument.items["item_id"].is_unique
    values = {(r.answer_type, r.answer): r.value for r in instrument.answer_values.itertuples()}
    assert values[("A/B/C/D", "B")] == 0.67 and values[("A/B/C/D", "C")] == 0.33  # the worksheet's literals, not 2/3
    assert values[("Y/T", "Ya")] == 1 and values[("A/B/C/D/E", "B")] == 0.75
    assert instrument.allowed_answers("Y/T") == ["Ya", "Tidak"]
    assert (INSTRUMENT_DIR / "items.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM


def test_suite_passes_on_the_shipped_instrument(settings):
    result = materialize(settings)
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert {c.check_name for c in checks} == set(Suite.load("lke_instrument").check_names())
    assert all(c.passed for c in checks)
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        items = "SELECT count(*) FROM lke_items WHERE instrument_version = 'permenpanrb-14-2014'"
        assert conn.execute(items).fetchall()[0][0] == 146
        assert conn.execute("SELECT sum(weight) FROM lke_areas WHERE component = 'A'").fetchall()[0][0] == 60
        versions = conn.execute("SELECT DISTINCT instrument_version FROM lke_lines ORDER BY 1").fetchall()
        assert [v for (v,) in versions] == ["permenpanrb-14-2014", "permenpanrb-26-2020", "permenpanrb-9-2023-kabkota"]


def test_suite_names_what_is_wrong_and_nothing_is_written(settings, sources_copy):
    folder = sources_copy / "instrument" / "permenpanrb-14-2014"

    def bump_first_weight(rows):  # noqa: E306
        rows[0]["weight"] = "2"

    edit_csv(folder / "sub_components.csv", bump_first_weight)  # area I: 5 != 6
    edit_csv(folder / "items.csv", lambda rows: [r for r in rows if r["sub_code"] != "A.III.2"])

    def unknown_type(rows):  # noqa: E306
        rows[5]["answer_type"] = "Ya/Tidak"

    edit_csv(folder / "items.csv", unknown_type)
    settings = type(settings)(sources_copy, sources_copy, settings.outputs_dir, settings.warehouse_path)
    result = materialize(settings, raise_on_error=False)
    assert not result.success
    failed = {c.check_name: c for c in result.get_asset_check_evaluations() if not c.passed}
    assert set(failed) == {"weight_equals_parts", "sub_component_has_items", "answer_type_known"}
    assert "| I " in failed["weight_equals_parts"].metadata["first_offending_rows"].value
    assert "A.III.2" in failed["sub_component_has_items"].metadata["first_offending_rows"].value
    assert not settings.warehouse_path.exists() or _no_lke_tables(settings.warehouse_path)


def _no_lke_tables(path):
    with duckdb.connect(str(path), read_only=True) as conn:
        return not conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'lke_%'"
        ).fetchall()[0][0]


def test_component_weights_must_sum_to_60_and_the_total_to_the_max_score(sources_copy):
    folder = sources_copy / "instrument" / "permenpanrb-14-2014"

    def area_i_six(rows):  # noqa: E306
        rows[0]["weight"] = "6"

    def first_sub_two(rows):  # noqa: E306
        rows[0]["weight"] = "2"  # keeps area I equal to its parts

    edit_csv(folder / "areas.csv", area_i_six)
    edit_csv(folder / "sub_components.csv", first_sub_two)
    instrument = load_instrument(folder)
    outcome = Suite.load("lke_instrument").validate(
        instrument_check_frame(instrument), parameters=suite_parameters([instrument]), index_columns=INDEX_COLUMNS
    )
    assert {o.check_name for o in outcome.failed} == {"pengungkit_weights_sum_to_60", "rated_total_is_max_score"}


def test_every_road_map_year_uses_its_official_instrument(settings):
    identity = RoadmapIdentity.load(settings.sources_dir / "roadmap")
    assert available_versions(settings.sources_dir) == [
        "permenpanrb-14-2014",
        "permenpanrb-26-2020",
        "permenpanrb-9-2023-kabkota",
    ]
    resolved = {year: year_instrument(settings.sources_dir, year) for year in identity.years}
    assert all(r.usable for r in resolved.values())
    assert {y: r.version for y, r in resolved.items()} == {
        2019: "permenpanrb-14-2014",
        2020: "permenpanrb-26-2020",
        2021: "permenpanrb-26-2020",
        2022: "permenpanrb-26-2020",
        2023: "permenpanrb-9-2023-kabkota",
    }
    assert all("26/2020" in resolved[y].note and "subtotal" in resolved[y].note for y in (2020, 2021, 2022))
    assert "9/2023" in resolved[2023].note and "14/2014" in resolved[2019].note


def test_a_year_whose_instrument_is_absent_gets_a_reason(sources_copy):
    edit_csv(
        sources_copy / "instrument" / "instrument_years.csv",
        lambda rows: [dict(r, instrument_version="permenpanrb-tidak-ada") if r["year"] == "2021" else r for r in rows],
    )
    resolved = year_instrument(sources_copy, 2021)
    assert not resolved.usable and "permenpanrb-tidak-ada" in resolved.missing_reason
    assert "tidak ditemukan" in resolved.missing_reason
    assert year_instrument(sources_copy, 2020).usable
    assert not year_instrument(sources_copy, 2031).usable  # not configured at all
    shutil.rmtree(sources_copy / "instrument" / "permenpanrb-14-2014")
    assert not year_instrument(sources_copy, 2019).usable


def test_the_suite_checks_a_tree_of_lines(sources_copy):
    """A 9/2023 line that names a missing multiplier, a reversed range, a weight that no longer adds up
    and a parent cycle are each named by their check."""
    folder = sources_copy / "instrument" / "permenpanrb-9-2023-kabkota"

    def break_lines(rows):  # noqa: E306
        by_code = {r["code"]: r for r in rows}
        by_code["1043"]["multiplier"] = "1099"  # no such line
        by_code["1028"]["min_value"], by_code["1028"]["max_value"] = "5", "1"
        by_code["1026"]["weight"] = "3"  # Hard Element: 33 != 34
        by_code["T.A.a"]["parent"] = "T.A.b"
        by_code["T.A.b"]["parent"] = "T.A.a"

    edit_csv(folder / "lines.csv", break_lines)
    instrument = load_instrument(folder)
    outcome = Suite.load("lke_instrument").validate(
        instrument_check_frame(instrument), parameters=suite_parameters([instrument]), index_columns=INDEX_COLUMNS
    )
    failed = {o.check_name for o in outcome.failed}
    assert failed == {"references_exist", "range_ordered", "weight_equals_parts", "no_parent_cycle"}


def test_the_shipped_trees_weigh_what_the_reference_says():
    lines = {
        v: load_instrument(INSTRUMENT_DIR.parent / v).lines.set_index("code")
        for v in ("permenpanrb-26-2020", "permenpanrb-9-2023-kabkota")
    }
    pemenuhan = lines["permenpanrb-26-2020"]
    assert pemenuhan.loc[["A", "A.PEMENUHAN", "A.HASIL_ANTARA", "A.REFORM", "B"], "weight"].tolist() == [
        60,
        20,
        10,
        30,
        40,
    ]
    areas = pemenuhan[pemenuhan["level"] == "area"]["weight"].tolist()
    assert areas == [2, 1, 2, 2, 5, 2, 4, 2]
    lkk = lines["permenpanrb-9-2023-kabkota"]
    assert lkk.loc[["INDEKS_RB", "RB_GENERAL", "RB_TEMATIK"], "weight"].tolist() == [120, 100, 20]
    assert lkk.loc["1049", "outside_weight"] == 1 and lkk.loc["INDEKS_RB_PENYESUAIAN", "rated"] == 1
