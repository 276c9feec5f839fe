"""Plausibility warnings, as data: a doubtful value still counts, and everyone who reads it sees the warning."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from assets.forms.layouts import NOTE_HEADER, REALISASI
from assets.forms.sheet import WARNING_FILL
from assets.monitoring.plausibility import RULES, Row, load_rules, warnings
from assets.source_files.schema import PLAUSIBILITY_RULES
from tests.conftest import SOURCES, run_annual
from tests.intake_support import filled, query
from tests.monitoring_support import sheet_rows
from tests.workbooks import put, unit_template

YEAR = 2021
SOURCE_RULES = load_rules(SOURCES)


def _warned(value, kind, target, raw=None, previous=None) -> dict[str, str]:
    row = Row(value=value, raw=raw if raw is not None else str(value), kind=kind, target=target, previous=previous)
    return dict(warnings(row, SOURCE_RULES))


def test_every_declared_rule_is_implemented_and_shipped():
    assert tuple(RULES) == PLAUSIBILITY_RULES
    assert {r.rule for r in SOURCE_RULES} == set(PLAUSIBILITY_RULES)


def test_a_percent_sign_on_a_count_target_of_one():
    found = _warned(100.0, "count", 1.0, raw="100%")
    assert set(found) == {"percent_sign", "far_above_target"}
    assert "(100%)" in found["percent_sign"] and "Capaian 10.000%" in found["far_above_target"]


def test_a_budget_written_in_juta_and_one_in_rupiah():
    assert "maksudnya 4,75 miliar" in _warned(4750.0, "budget", 5.0, raw="4.750")["budget_unit"]
    in_rupiah = _warned(4_250_000_000.0, "budget", 5.0)
    assert set(in_rupiah) == {"budget_in_rupiah", "far_above_target"}
    assert "apakah maksud Anda 4,25 miliar?" in in_rupiah["budget_in_rupiah"]
    assert _warned(4.75, "budget", 5.0) == {}


@pytest.mark.parametrize(("value", "target", "meant"), [(0.95, 80, "95"), (1, 100, "100"), (0.755, 90, "75,5")])
def test_a_fraction_on_a_percent_target(value, target, meant):
    assert f"apakah maksud Anda {meant}%?" in _warned(float(value), "percent", float(target))["fraction_of_percent"]


@pytest.mark.parametrize(
    ("value", "kind", "target"),
    [(0.95, "percent", 1.0), (0.0, "percent", 80.0), (95.0, "percent", 80.0), (3.0, "count", 1.0)],
)
def test_no_warning_without_doubt(value, kind, target):
    assert _warned(value, kind, target) == {}


def test_far_above_target_and_far_from_the_previous_year():
    assert "Capaian 8.050%" in _warned(80.5, "count", 1.0, raw="80,5")["far_above_target"]
    assert "tahun lalu (12)" in _warned(120.0, "count", 100.0, previous=12.0)["far_from_previous_year"]
    assert "far_from_previous_year" in _warned(1.0, "count", 1.0, previous=12.0)
    assert _warned(13.0, "count", 12.0, previous=12.0) == {}


def test_the_rules_are_data(tmp_path):
    """A government that tunes a factor changes the verdict without touching code."""
    sources = tmp_path / "sources"
    (sources / "monitoring").mkdir(parents=True)
    text = (SOURCES / "monitoring" / "plausibility_rules.csv").read_text(encoding="utf-8")
    (sources / "monitoring" / "plausibility_rules.csv").write_text(
        text.replace("far_above_target,count;percent;budget,3,", "far_above_target,count;percent;budget,2,")
    )
    row = Row(value=2.5, raw="2,5", kind="count", target=1.0)
    assert warnings(row, SOURCE_RULES) == []
    assert [rule for rule, _ in warnings(row, load_rules(sources))] == ["far_above_target"]


def test_warned_values_count_and_are_shown_in_the_feedback_and_the_monitoring_workbook(settings, tmp_path):
    settings = replace(settings, inbox_root=tmp_path / "inbox")
    wb = filled(unit_template(SOURCES, YEAR, "INSPEKTORAT"))
    ws = wb[REALISASI.sheet]
    typed = {"6.1.b": "100%", "6.7.d": "4.750", "8.4.b": 0.9}  # count target 1, budget 5 miliar, percent 100
    for row in range(2, ws.max_row + 1):
        code = ws.cell(row=row, column=1).value
        if code in typed:
            ws.cell(row=row, column=REALISASI.value_index + 1, value=typed[code])
    put(settings.inbox_root / "submissions" / str(YEAR) / "inspektorat.xlsx", wb)
    assert run_annual(settings, YEAR).success

    accepted = query(settings, "SELECT code, realisasi, plausibility FROM progress WHERE unit = 'INSPEKTORAT'")
    warned = accepted[accepted["plausibility"].notna()].set_index("code")
    assert set(warned.index) == set(typed)  # only the doubtful values, and each still counts
    assert list(warned.loc[list(typed), "realisasi"]) == [100.0, 4750.0, 0.9]
    assert len(query(settings, "SELECT * FROM progress_rejects WHERE unit = 'INSPEKTORAT'")) == 0

    # the unit hears of it although no row was refused: its feedback workbook, the value yellow, the warning beside it
    feedback = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "feedback" / "INSPEKTORAT.xlsx")
    sheet = feedback[REALISASI.sheet]
    header = {c.value: c.column for c in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        code = sheet.cell(row=row, column=1).value
        value = sheet.cell(row=row, column=header["Realisasi"])
        note = str(sheet.cell(row=row, column=header[NOTE_HEADER]).value)
        if code in typed:
            assert value.fill.fgColor.rgb == WARNING_FILL.fgColor.rgb and warned.loc[code, "plausibility"] in note
        else:
            assert value.fill.fgColor.rgb != WARNING_FILL.fgColor.rgb, code

    monitoring = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / f"monitoring_{YEAR}.xlsx")
    _, rows = sheet_rows(monitoring["Rincian Indikator"], "Kode")
    header_row = next(r for r in monitoring["Rincian Indikator"].iter_rows(values_only=True) if r[0] == "Kode")
    at = header_row.index("Peringatan Kewajaran")
    shown = {r[0]: r[at] for r in rows if r[3] == "Inspektorat" and r[at]}
    assert shown == {code: warned.loc[code, "plausibility"] for code in typed}
    _, figures = sheet_rows(monitoring["Ringkasan"], "Uraian")
    assert dict((label, value) for label, value, *_ in figures)[
        "Nilai berperingatan kewajaran (sudah termasuk dalam angka di atas)"
    ] == len(typed)
