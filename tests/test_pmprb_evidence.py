"""PMPRB part 2: the mapping, suggested answers by a data rule, and the pre-filled worksheet with its summary."""

from __future__ import annotations

import re

import duckdb
import openpyxl
import pytest

from assets.csv_files import read_csv_file
from assets.pmprb.evidence import mapping
from assets.pmprb.instrument import instrument_root, load_instrument
from assets.pmprb.summary import ITEM_LEVELS
from assets.roadmap.catalogue import load_indicators
from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES, run_annual

VERSION = "permenpanrb-14-2014"
YEARS = [2021, 2022]  # 26/2020 years: the Pemenuhan items are the 14/2014 items, suggested through their links
YEARS_VERSION = "permenpanrb-26-2020"
HASIL_YEAR = 2019  # a 14/2014 year: its Hasil inputs come from the Indikator Hasil form


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pmprb2")
    settings = Settings(SOURCES, tmp / "inbox", tmp / "outputs", tmp / "rb.duckdb")
    generate(settings, years=[HASIL_YEAR, *YEARS])
    for year in [HASIL_YEAR, *YEARS]:
        assert run_annual(settings, year).success
    return settings


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(sql, params or []).df()


def test_mapping_is_explicit_and_its_gaps_are_documented():
    links = mapping(SOURCES, VERSION)
    instrument = load_instrument(instrument_root(SOURCES) / VERSION)
    catalogue = set(load_indicators(SOURCES / "roadmap")["code"])
    lke = set(instrument.sub_components["sub_code"]) | set(instrument.items["item_id"])
    assert set(links["lke_code"]) <= lke
    assert set(links["roadmap_code"]) <= catalogue
    assert set(links["level"]) == {"sub_component", "item"}
    unmapped_lke = sorted(set(instrument.sub_components["sub_code"]) - set(links["lke_code"]))
    unmapped_roadmap = sorted(catalogue - set(links["roadmap_code"]))
    notes = (SOURCES / "roadmap" / "pmprb" / VERSION / "NOTES.md").read_text(encoding="utf-8")
    print("LKE sub-components with no road-map code:", unmapped_lke)
    print("road-map codes evidencing no LKE question:", unmapped_roadmap)
    for code in unmapped_lke + unmapped_roadmap:
        assert re.search(rf"(?<![\w.]){re.escape(code)}(?![\w])", notes) or _in_range(code, notes), (
            f"{code} unmapped but not explained"
        )


def _in_range(code: str, notes: str) -> bool:
    """'4.4.a–e' in the notes covers 4.4.c."""
    prefix, letter = code.rsplit(".", 1)
    return any(a <= letter <= b for a, b in re.findall(rf"{re.escape(prefix)}\.([a-z])[–-]([a-z])", notes))


@pytest.mark.parametrize("year, version", [(HASIL_YEAR, VERSION), (YEARS[0], YEARS_VERSION)])
def test_suggestions_follow_the_rule_in_the_data(sample, year, version):
    links = mapping(SOURCES, version)
    rules = read_csv_file(instrument_root(SOURCES) / "suggestion_rules.csv", numeric=["min_share"])
    items = load_instrument(instrument_root(SOURCES) / version).items
    status = dict(query(sample, "SELECT code, status FROM indicator_capaian WHERE year = ?", [year]).values)
    expected = {}
    for item in items.itertuples():
        own = links[(links["lke_code"] == item.item_id) & (links["level"] == "item")]["roadmap_code"]
        if own.empty:
            own = links[(links["lke_code"] == item.sub_code) & (links["level"] == "sub_component")]["roadmap_code"]
        counted = [status[c] for c in own if status.get(c) in ("Tercapai", "Belum Tercapai", "Belum Dilaporkan")]
        if not counted:
            continue
        share = sum(s == "Tercapai" for s in counted) / len(counted)
        fitting = rules[(rules["answer_type"] == item.answer_type) & (rules["min_share"] <= share)]
        expected[item.item_id] = fitting.sort_values("min_share").iloc[-1]["answer"]
    got = query(sample, "SELECT code, answer, answer_source FROM pmprb_suggestions WHERE year = ?", [year])
    assert dict(zip(got["code"], got["answer"])) == expected
    assert set(got["answer_source"]) == {"suggested"}
    assert len(expected) < len(items)  # items with nothing scheduled get no suggestion, not "Tidak"


@pytest.mark.parametrize("year, version", [(HASIL_YEAR, VERSION), (YEARS[0], YEARS_VERSION)])
def test_worksheet_is_prefilled_with_suggestions_evidence_and_hasil_inputs(sample, year, version):
    wb = openpyxl.load_workbook(sample.outputs_dir / str(year) / f"pmprb_{year}.xlsx")
    ws = wb["LKE"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "Kode")
    cols = {ws.cell(row=header, column=c).value: c for c in range(1, ws.max_column + 1)}
    rows = {ws.cell(row=r, column=1).value: r for r in range(header + 1, ws.max_row + 1)}
    identity = {row[0].value: row[1].value for row in wb["Identitas"].iter_rows()}
    links = len(mapping(SOURCES, version))
    assert f"melalui {links} tautan butir LKE" in identity["Saran jawaban"]
    assert f"sources/roadmap/pmprb/{version}/lke_links.csv" in identity["Saran jawaban"]
    suggested = query(sample, "SELECT * FROM pmprb_suggestions WHERE year = ?", [year])
    for s in suggested.itertuples():
        r = rows[s.code]
        assert ws.cell(row=r, column=cols["Jawaban"]).value == s.answer
        assert ws.cell(row=r, column=cols["Rencana Aksi Terkait (capaian, status)"]).value == s.linked_codes
    blank = set(rows) & set(load_instrument(instrument_root(SOURCES) / version).items["item_id"]) - set(
        suggested["code"]
    )
    assert blank and all(ws.cell(row=rows[c], column=cols["Jawaban"]).value is None for c in blank)
    if version == YEARS_VERSION:  # 26/2020: Hasil is entered as subtotals, nothing is taken from the form
        assert not (SOURCES / "roadmap" / "pmprb" / version / "hasil_sources.csv").exists()
        return
    values = query(sample, "SELECT outcome, value, value_text FROM outcome_values WHERE year = ?", [year]).set_index(
        "outcome"
    )
    sources = read_csv_file(SOURCES / "roadmap" / "pmprb" / VERSION / "hasil_sources.csv")
    for h in sources[sources["outcome_value"].isna()].itertuples():
        cell = ws.cell(row=rows[h.hasil_code], column=cols["Jawaban"])
        assert cell.value == pytest.approx(values.at[h.outcome, "value"]) and cell.protection.locked
    opini = ws.cell(row=rows["B.II.2"], column=cols["Jawaban"]).value
    assert opini == sources[(sources["outcome_value"] == values.at["opini_bpk", "value_text"])]["answer"].iloc[0]


def test_summary_numbers_equal_the_scores(sample):
    year = YEARS[1]
    ws = openpyxl.load_workbook(sample.outputs_dir / str(year) / f"pmprb_{year}.xlsx")["Ringkasan"]
    scores = query(sample, "SELECT year, level, code, score, rating FROM pmprb_scores WHERE year IN (?, ?)", YEARS)
    now = scores[scores["year"] == year].set_index("code")
    before = scores[scores["year"] == YEARS[0]].set_index("code")
    header = next(r for r in range(1, 15) if ws.cell(row=r, column=1).value == "Kode")
    end = next(r for r in range(header + 1, ws.max_row + 2) if ws.cell(row=r, column=1).value is None)
    shown = {
        ws.cell(row=r, column=1).value: [ws.cell(row=r, column=c).value for c in range(3, 7)]
        for r in range(header + 1, end)
    }
    areas = now[now["level"].isin(ITEM_LEVELS)]
    assert set(shown) == set(areas.index)
    for code, (_weight, previous, score, change) in shown.items():
        assert score == pytest.approx(now.at[code, "score"], abs=1e-9)
        assert previous == pytest.approx(before.at[code, "score"], abs=1e-9)
        assert change == pytest.approx(now.at[code, "score"] - before.at[code, "score"], abs=1e-9)
    headline = ws["A2"].value
    assert f"{now.at['INDEKS_RB', 'score']:.2f}" in headline and f"predikat {now.at['INDEKS_RB', 'rating']}" in headline
    assert "65.00" in ws["A3"].value
    assert ws.page_setup.fitToHeight == 1 and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4


def test_the_ringkasan_lists_indeks_rb_per_year_with_its_instrument(sample):
    """Every assessed year up to this one, as pmprb_scores rates it, with the instrument beside the value;
    the 14/2014 year and the 26/2020 years are said not to compare like for like."""
    year = YEARS[1]
    ws = openpyxl.load_workbook(sample.outputs_dir / str(year) / f"pmprb_{year}.xlsx")["Ringkasan"]
    start = next(
        r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Indeks RB per tahun (instrumen penilaian)"
    )
    shown = [(ws.cell(r, 2).value, ws.cell(r, 5).value, ws.cell(r, 6).value) for r in range(start + 1, start + 4)]
    rated = query(
        sample,
        "SELECT year, instrument_version, score, rating FROM pmprb_scores WHERE code = 'INDEKS_RB' ORDER BY year",
    )
    assert len(rated) == 3
    expected = [
        (f"{y}{' (tahun ini)' if y == year else ''}: {v}", pytest.approx(s, abs=1e-9), r)
        for y, v, s, r in zip(rated["year"], rated["instrument_version"], rated["score"], rated["rating"])
    ]
    assert shown == expected
    assert {v for _, v, _, _ in rated.itertuples(index=False)} == {"permenpanrb-14-2014", YEARS_VERSION}
    assert "tidak sebanding langsung" in ws.cell(start + 4, 2).value
    trend = query(sample, "SELECT year, instrument_version FROM indeks_rb_trend ORDER BY year")
    assert trend.values.tolist() == rated[["year", "instrument_version"]].values.tolist()
