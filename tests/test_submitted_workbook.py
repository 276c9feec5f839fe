"""One read of a submitted workbook (calamine + the value column's XML) gives what two openpyxl loads gave."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from assets.forms.layouts import CODE_HEADER, REALISASI, FormLayout
from assets.forms.read import read_rows
from assets.forms.sheet import Column
from assets.forms.submitted import CellFacts, SubmittedWorkbook
from assets.forms.values import CellInput
from pipelines.settings import Settings
from samples.generator import generate
from tests.conftest import SOURCES


def _patch_sheet(path: Path, replacements: dict[str, str]) -> None:
    """Rewrite the first sheet's XML in place (for cells openpyxl cannot write: cached values, errors)."""
    with zipfile.ZipFile(path) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for old, new in replacements.items():
        assert old in xml, old
        xml = xml.replace(old, new)
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Realisasi"
    ws.append(["Kode", "Realisasi", "Bukti"])
    ws.append(["1.1.a", 0.75, 5])
    ws["B2"].number_format = "0%"
    ws.append(["1.1.b", 1250.5, "  ada  "])
    ws["B3"].number_format = '#,##0.0" orang"'
    ws.append(["1.1.c", "=A1*2", None])
    ws.append(["1.1.d", "=1/0", None])
    ws.append(["1.1.e", "=2*3", None])
    wb.custom_doc_props.append(StringProperty(name="rb_unit", value="Inspektorat"))
    wb.save(path)
    _patch_sheet(
        path,
        {
            '<c r="B5"><f>1/0</f><v /></c>': '<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
            '<c r="B6"><f>2*3</f><v /></c>': '<c r="B6"><f>2*3</f><v>6</v></c>',
        },
    )
    return path


def test_values_come_as_openpyxl_gives_them_with_empty_cells_as_none(book):
    rows = SubmittedWorkbook(book).rows("Realisasi")
    assert rows[0] == ["Kode", "Realisasi", "Bukti"]
    assert rows[1] == ["1.1.a", 0.75, 5.0]
    assert rows[2][2] == "  ada  "
    assert rows[3] == ["1.1.c", None, None]  # a formula without a cached value
    assert rows[5][1] == 6.0


def test_value_column_facts_format_formula_and_cached_error(book):
    facts = SubmittedWorkbook(book).column_cells("Realisasi", 1)
    assert facts[2] == CellFacts("0%")
    assert facts[3] == CellFacts('#,##0.0" orang"')
    assert facts[4] == CellFacts(formula="=A1*2")
    assert facts[5] == CellFacts(formula="=1/0", error="#DIV/0!")
    assert facts[6] == CellFacts(formula="=2*3")
    assert 1 not in facts  # the header has nothing to tell


def test_reader_turns_the_facts_into_cell_inputs(book):
    columns = (Column(CODE_HEADER, 10), Column("Realisasi", 10), Column("Bukti", 10))
    layout = FormLayout(
        form="Uji", sheet="Realisasi", columns=columns, value_header="Realisasi", evidence_header="Bukti"
    )
    rows = {r.code: r for r in read_rows(book, layout)}
    assert rows["1.1.a"].value == CellInput(0.75, "0%", None)
    assert rows["1.1.a"].inputs == {"bukti": 5}  # "5", as typed, not "5.0"
    assert rows["1.1.b"].inputs == {"bukti": "ada"}
    assert rows["1.1.c"].value == CellInput(None, "General", "=A1*2")
    assert rows["1.1.d"].value == CellInput("#DIV/0!", "General", "=1/0")
    assert rows["1.1.e"].value == CellInput(6.0, "General", "=2*3")


def test_cells_without_a_reference_are_placed_by_their_order(book):
    _patch_sheet(book, {'<c r="A2" t="inlineStr">': '<c t="inlineStr">', '<c r="B2" s="1" t="n">': '<c s="1" t="n">'})
    assert SubmittedWorkbook(book).column_cells("Realisasi", 1)[2].number_format == "0%"


def test_custom_properties_and_sheet_names(book):
    wb = SubmittedWorkbook(book)
    assert wb.custom_properties() == {"rb_unit": "Inspektorat"}
    assert wb.sheet_names == ["Realisasi"]


def _openpyxl_rows(path: Path) -> list:
    """The rows as the former reader saw them: two openpyxl loads (values, then formulas)."""
    values = openpyxl.load_workbook(path, read_only=True, data_only=True)[REALISASI.sheet]
    formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)[REALISASI.sheet]
    grid = [list(r) for r in values.iter_rows()]
    position = {str(c.value).strip().lower(): i for i, c in enumerate(grid[0]) if c.value is not None}
    at = position[REALISASI.value_header.lower()]
    texts = [r[at].value if at < len(r) else None for r in formulas.iter_rows()]
    out = {}
    for number, cells in enumerate(grid[1:], start=2):
        cell = cells[at] if at < len(cells) else None
        text = texts[number - 1]
        value = None if cell is None else cell.value
        number_format = getattr(cell, "number_format", None) or "General"
        out[number] = (
            float(value) if isinstance(value, int) and not isinstance(value, bool) else value,
            number_format,
            text if isinstance(text, str) and text.startswith("=") else None,
        )
    return out


def test_every_sample_workbook_reads_as_openpyxl_reads_it(tmp_path):
    settings = Settings(SOURCES, tmp_path / "inbox", tmp_path / "out", tmp_path / "rb.duckdb")
    files = [p for p in generate(settings, years=[2021], with_mistakes=True) if "submissions" in p.parts]
    compared = 0
    for path in files:
        try:
            expected = _openpyxl_rows(path)
        except Exception:
            continue  # the deliberately broken files: the probe refuses them
        for row in read_rows(path, REALISASI):
            value, number_format, formula = expected[row.row]
            assert (row.value.value, row.value.formula) == (value, formula), (path.name, row.row)
            assert ("%" in row.value.number_format) == ("%" in number_format), (path.name, row.row)
            compared += 1
    assert compared > 100
