"""Reading one Realisasi cell: accepted numbers, refusals with codes and Indonesian reasons, warnings."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from assets.forms.values import REASONS, CellInput, ParsedValue, format_id, parse_realisasi
from assets.monitoring.plausibility import Row, load_rules, warnings
from assets.roadmap.catalogue import TARGET_KINDS
from tests.conftest import SOURCES

NUMBER_KINDS = ["count", "percent", "range", "budget", "placeholder"]


def parse(value, kind="count", target=None, number_format="General", formula=None) -> ParsedValue:
    return parse_realisasi(CellInput(value, number_format, formula), kind, target)


def assert_refused(result: ParsedValue, code: str) -> None:
    assert (result.value, result.reason_code) == (None, code), result
    assert result.reason.startswith(REASONS[code])
    assert result.warning is None


# --- accepted numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(12, 12.0), (0, 0.0), (80.5, 80.5), (1250000, 1250000.0)],
    ids=["int", "zero", "float", "large"],
)
def test_numeric_cell_gives_its_value(value, expected):
    result = parse(value)
    assert result == ParsedValue(expected, format_id(expected), None, None)


@pytest.mark.parametrize(
    ("value", "number_format", "expected", "raw"),
    [(0.75, "0%", 75.0, "75%"), (0.955, "0.00%", 95.5, "95,5%"), (1, "0%", 100.0, "100%"), (0.07, "0.0%", 7.0, "7%")],
    ids=["0%", "0.00%", "whole-100%", "float-noise"],
)
@pytest.mark.parametrize("kind", NUMBER_KINDS)
def test_percent_formatted_cell_gives_percent_number(kind, value, number_format, expected, raw):
    result = parse(value, kind, number_format=number_format)
    assert (result.value, result.raw, result.reason_code) == (expected, raw, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("80,5", 80.5),
        ("1.250", 1250.0),
        ("1.250,5", 1250.5),
        ("75%", 75.0),
        ("75 %", 75.0),
        ("12 kegiatan", 12.0),
        ("12kegiatan", 12.0),
        (" 3 ", 3.0),
        ("\xa03\xa0", 3.0),
        ("1.250.000", 1250000.0),
        ("0,5", 0.5),
        ("1250,5", 1250.5),
        ("+5", 5.0),
        ("12.", 12.0),
        ("4 dokumen (sudah ditetapkan)", 4.0),
    ],
)
def test_text_number_read_the_indonesian_way(text, expected):
    result = parse(text)
    assert (result.value, result.raw, result.reason_code, result.warning) == (expected, text, None, None)


@pytest.mark.parametrize("kind", ["placeholder", "range"])
def test_placeholder_and_range_read_like_count(kind):
    assert parse("7 layanan", kind).value == parse(7, kind).value == 7.0


def test_percent_above_100_is_left_to_the_range_checks():
    assert parse("120%", "percent", 80).value == 120.0


# --- budget (targets in miliar rupiah) --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", 5.0),
        ("4,75 miliar", 4.75),
        ("Rp 5 milyar", 5.0),
        ("Rp. 4,5 M", 4.5),
        ("500 juta", 0.5),
        ("Rp 750 jt", 0.75),
        ("1,2 triliun", 1200.0),
    ],
)
def test_budget_in_miliar_with_scale_words(text, expected):
    result = parse(text, "budget", 5)
    assert (result.value, result.reason_code, result.warning) == (pytest.approx(expected), None, None)


@pytest.mark.parametrize(
    ("value", "meant"),
    [("Rp 5.000.000.000", "5"), ("Rp5.000.000.000,-", "5"), ("500.000.000", "0,5"), (4_250_000_000, "4,25")],
)
def test_budget_in_full_rupiah_is_accepted_with_a_warning(value, meant):
    result = parse(value, "budget", 5)
    assert result.reason_code is None and result.value >= 1_000_000
    assert f"apakah maksud Anda {meant} miliar?" in _plausibility(result, "budget", 5)["budget_in_rupiah"]


def test_scale_words_only_scale_budgets():
    assert parse("2 juta", "count").value == 2.0


# --- qualitative ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ya", 1.0), ("ya", 1.0), ("YA", 1.0), ("  Ya  ", 1.0), ("ya.", 1.0), ("Tidak", 0.0), ("tidak .", 0.0)],
)
def test_qualitative_takes_ya_tidak(text, expected):
    assert parse(text, "qualitative") == ParsedValue(expected, text, None, None)


@pytest.mark.parametrize(
    "value",
    ["sudah", "Y", "T", "ya tidak", "Ada", 1, 0, 1.0, True, False, dt.datetime(2024, 10, 1)],
)
def test_qualitative_refuses_anything_else_listing_ya_tidak(value):
    result = parse(value, "qualitative")
    assert_refused(result, "VALUE_NOT_YA_TIDAK")
    assert '"Ya" atau "Tidak"' in result.reason


@pytest.mark.parametrize("kind", NUMBER_KINDS)
def test_ya_on_a_number_indicator_is_text(kind):
    assert_refused(parse("Ya", kind), "VALUE_TEXT")


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("sudah", "VALUE_TEXT"),
        ("nihil", "VALUE_TEXT"),
        ("sudah 12 kegiatan", "VALUE_TEXT"),
        ("tiga", "VALUE_NUMBER_IN_WORDS"),
        ("Lima puluh", "VALUE_NUMBER_IN_WORDS"),
        ("-", "VALUE_DASH"),
        (" – ", "VALUE_DASH"),
        ("--", "VALUE_DASH"),
        ("#REF!", "VALUE_EXCEL_ERROR"),
        ("#DIV/0!", "VALUE_EXCEL_ERROR"),
        ("#VALUE!", "VALUE_EXCEL_ERROR"),
        ("#N/A", "VALUE_EXCEL_ERROR"),
        ("#NAME?", "VALUE_EXCEL_ERROR"),
        ("#NUM!", "VALUE_EXCEL_ERROR"),
        (-5, "VALUE_NEGATIVE"),
        (-0.5, "VALUE_NEGATIVE"),
        ("-5", "VALUE_NEGATIVE"),
        ("- 5 kegiatan", "VALUE_NEGATIVE"),
        ("\u22125", "VALUE_NEGATIVE"),
        ("5 dari 10", "VALUE_SEVERAL_NUMBERS"),
        ("2019-2020", "VALUE_SEVERAL_NUMBERS"),
        ("12/15", "VALUE_SEVERAL_NUMBERS"),
        ("1,250.5", "VALUE_NUMBER_FORMAT"),
        ("1.2.3", "VALUE_NUMBER_FORMAT"),
        ("1.250.5", "VALUE_NUMBER_FORMAT"),
        (True, "VALUE_BOOLEAN"),
        (False, "VALUE_BOOLEAN"),
        (None, "VALUE_EMPTY"),
        ("", "VALUE_EMPTY"),
        ("   ", "VALUE_EMPTY"),
    ],
)
@pytest.mark.parametrize("kind", NUMBER_KINDS)
def test_refused_with_its_own_code(kind, value, code):
    result = parse(value, kind, 10)
    assert_refused(result, code)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("1.25", "Tulis 1,25 atau 125."),
        ("0.5", "Tulis 0,5 atau 5."),
        ("12.5 kegiatan", "Tulis 12,5 atau 125."),
        ("0.750", "Tulis 0,75 atau 750."),
        ("1.2500", "Tulis 1,25 atau 12.500."),
    ],
)
def test_dot_not_followed_by_three_digits_is_ambiguous(text, hint):
    result = parse(text)
    assert_refused(result, "VALUE_AMBIGUOUS_DOT")
    assert result.reason.endswith(hint)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("tiga", "Misalnya 3, bukan tiga."),
        ("Sepuluh.", "Misalnya 10, bukan sepuluh."),
        ("tiga kegiatan", "Misalnya 3, bukan tiga."),
    ],
)
def test_single_number_word_suggests_the_digit(text, hint):
    assert parse(text).reason.endswith(hint)


@pytest.mark.parametrize("text", ["dua belas", "lima puluh kegiatan", "seratus ribu"])
def test_compound_number_words_get_no_wrong_digit(text):
    assert parse(text).reason == REASONS["VALUE_NUMBER_IN_WORDS"]


@pytest.mark.parametrize(
    "value", [dt.datetime(2024, 10, 1), dt.date(2024, 10, 1), dt.time(1, 10), dt.timedelta(hours=1)]
)
def test_date_cell_is_refused_saying_it_became_a_date(value):
    result = parse(value)
    assert_refused(result, "VALUE_DATE")
    assert "menjadi tanggal" in result.reason


@pytest.mark.parametrize("kind", TARGET_KINDS)
def test_formula_without_cached_value(kind):
    result = parse(None, kind, formula="=A1*2")
    assert_refused(result, "VALUE_FORMULA_NO_CACHE")
    assert result.reason == "Rumus tanpa nilai tersimpan; simpan ulang file di Excel atau ketik angkanya."
    assert result.raw == "=A1*2"


@pytest.mark.parametrize("kind", TARGET_KINDS)
def test_empty_cell(kind):
    assert parse(None, kind) == ParsedValue(None, "", "VALUE_EMPTY", "Realisasi belum diisi.")


@pytest.mark.parametrize("kind", TARGET_KINDS)
def test_excel_error_cached_from_a_formula(kind):
    result = parse("#DIV/0!", kind, formula="=A1/B1")
    assert_refused(result, "VALUE_EXCEL_ERROR")
    assert result.raw == "#DIV/0!"


def test_formula_with_cached_value_is_read():
    assert parse(0.8, "percent", 80, number_format="0%", formula="=A1/B1").value == 80.0


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="banyak"):
        parse(1, "banyak")


# --- percent warning --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "target", "meant"),
    [
        (0.95, "General", 80, "95"),
        ("0,95", "General", 80, "95"),
        (1, "General", 100, "100"),
        ("0,755", "General", 90, "75,5"),
        (0.0095, "0.00%", 80, "95"),
    ],  # the last one typed as "0,95%"
)
def test_percent_fraction_against_a_whole_target_is_accepted_with_a_warning(value, number_format, target, meant):
    result = parse(value, "percent", target, number_format=number_format)
    assert result.reason_code is None and result.value <= 1
    assert f"apakah maksud Anda {meant}%?" in _plausibility(result, "percent", target)["fraction_of_percent"]


@pytest.mark.parametrize(
    ("kind", "value", "target"),
    [("percent", 0.95, 1), ("percent", 0.95, None), ("percent", 0, 80), ("percent", 95, 80), ("count", 0.95, 80)],
)
def test_no_percent_warning_without_doubt(kind, value, target):
    result = parse(value, kind, target)
    assert result.warning is None and "fraction_of_percent" not in _plausibility(result, kind, target)


def _plausibility(result, kind, target) -> dict[str, str]:
    """The plausibility warnings (sources/monitoring/plausibility_rules.csv) on a parsed value."""
    row = Row(value=result.value, raw=result.raw, kind=kind, target=None if target is None else float(target))
    return dict(warnings(row, load_rules(SOURCES)))


# --- format_id and REASONS --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (95, "95"),
        (95.0, "95"),
        (1250.5, "1.250,5"),
        (0.75, "0,75"),
        (1250000, "1.250.000"),
        (0.95 * 100, "95"),
        (-5, "-5"),
        (0, "0"),
        (1234567.125, "1.234.567,125"),
    ],
)
def test_format_id(number, text):
    assert format_id(number) == text


def test_every_reason_is_listed_once_with_indonesian_text():
    assert len(REASONS) == len(set(REASONS.values()))
    assert all(code.startswith("VALUE_") and text.endswith(".") for code, text in REASONS.items())


# --- end to end through a real workbook -------------------------------------------------------


def test_workbook_cells_read_back_with_openpyxl(tmp_path):
    path = tmp_path / "realisasi.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Realisasi"
    ws.append(["Kode", "Rencana Aksi", "Indikator", "Target", "Satuan", "Realisasi"])
    ws.append(["1.1.a", "Aksi", "Persentase", 80, "persen", 0.75])
    ws["F2"].number_format = "0%"
    ws.append(["1.1.b", "Aksi", "Jumlah", 100, "kegiatan", "80,5"])
    ws.append(["1.1.c", "Aksi", "Jumlah", 10, "kegiatan", "=A1*2"])  # openpyxl never calculates
    ws.append(["1.1.d", "Aksi", "Ada", None, "", "Ya"])
    ws.append(["1.1.e", "Aksi", "Jumlah", 10, "kegiatan", None])
    wb.save(path)

    values = openpyxl.load_workbook(path, data_only=True)["Realisasi"]
    formulas = openpyxl.load_workbook(path, data_only=False)["Realisasi"]
    kinds = ["percent", "count", "count", "qualitative", "count"]
    results = []
    for row, kind in enumerate(kinds, start=2):
        cell, text = values.cell(row, 6), formulas.cell(row, 6).value
        formula = text if isinstance(text, str) and text.startswith("=") else None
        target = values.cell(row, 4).value
        results.append(parse_realisasi(CellInput(cell.value, cell.number_format, formula), kind, target))

    assert [(r.value, r.raw, r.reason_code) for r in results] == [
        (75.0, "75%", None),
        (80.5, "80,5", None),
        (None, "=A1*2", "VALUE_FORMULA_NO_CACHE"),
        (1.0, "Ya", None),
        (None, "", "VALUE_EMPTY"),
    ]
