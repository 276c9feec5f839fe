"""Every generated workbook prints: LibreOffice prints a sample year's workbooks to PDF, and the pages are read back.

A4, every sheet landscape or portrait as declared, wide tables fitted to the
page's width (every page of a table shows its first and last column's
header), the pages each sheet may take (the LKE at most 12 for 14/2014 and
26/2020, 3 for 9/2023: the sample year's worksheet is 26/2020's, the 14/2014
and 9/2023 worksheets are printed from years 2019 and 2023), the
running header and ``Halaman x dari y`` on every page, the Ringkasan chart
whole on its page, and wrapped text inside its own row: the words printed
between one row's first cell and the next row's are exactly that row's text.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from assets import published
from assets.forms.layouts import INDIKATOR_HASIL, REALISASI
from assets.monitoring.sheets import DETAIL
from assets.pmprb.worksheet import HIDDEN_HEADERS, LINE_LAYOUT
from assets.pmprb.worksheet import LAYOUT as LKE_LAYOUT
from assets.reports.print_layout import MARGINS
from assets.roadmap.identity import RoadmapIdentity
from pipelines.settings import PROJECT_DIR
from tests.conftest import require_tool
from tests.office_support import Page, convert, pdf_pages
from tests.pmprb_support import magetan_2023_answers, materialize, reference_answers, store_answers, worksheet_path
from tests.year_support import materialized_year

ROADMAP = RoadmapIdentity.load(PROJECT_DIR / "sources" / "roadmap")
# The workbooks printed, by the name each gets for LibreOffice, with the path inside the year folder.
PRINTED = {
    "monitoring": published.MONITORING_WORKBOOK,
    "pmprb": published.PMPRB_WORKSHEET,
    "rekap": published.COLLECTION_REKAP,
    "indikator_hasil": published.INDIKATOR_HASIL_FORM,
    "feedback_indikator_hasil": published.INDIKATOR_HASIL_FEEDBACK,
    "template": published.UNIT_TEMPLATE,
    "feedback": published.UNIT_FEEDBACK,
}
# The pages each sheet of the sample year may take, and how it lies.
PAGES = {
    ("monitoring", "Ringkasan"): (1, "portrait"),
    ("monitoring", "Per Area"): (1, "landscape"),
    ("monitoring", "Per Sub-Program"): (3, "landscape"),
    ("monitoring", "Per Unit"): (2, "landscape"),
    ("monitoring", "Rincian Indikator"): (6, "landscape"),
    ("monitoring", "Indikator Hasil"): (1, "landscape"),
    ("monitoring", "Belum Melapor"): (3, "landscape"),
    ("monitoring", "Ditolak"): (2, "landscape"),
    ("monitoring", "File Bukti"): (1, "landscape"),
    **{
        (name, sheet): pages
        for name, lke_pages in (("pmprb", 12), ("pmprb_2014", 12), ("pmprb_2023", 3))
        for sheet, pages in (
            ("Identitas", (1, "portrait")),
            ("Ringkasan", (1, "portrait")),
            ("LKE", (lke_pages, "landscape")),
            ("Jawaban Ditolak", (2, "landscape")),
            ("Referensi", (1, "portrait")),
        )
    },
    ("rekap", "Rekap Pengumpulan"): (2, "landscape"),
    ("rekap", "Semua File"): (2, "landscape"),
    **{
        (name, sheet): pages
        for name, form in (
            ("indikator_hasil", INDIKATOR_HASIL),
            ("feedback_indikator_hasil", INDIKATOR_HASIL),
            ("template", REALISASI),
            ("feedback", REALISASI),
        )
        for sheet, pages in (
            (form.sheet, (2, "landscape")),
            ("Identitas", (1, "portrait")),
            ("Petunjuk", (1, "portrait")),
        )
    },
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, list[Page]]]:
    """Name -> (the workbook, its printed pages): one of each kind the sample year writes, printed once."""
    soffice, pdftotext = require_tool("soffice"), require_tool("pdftotext")
    year = materialized_year(tmp_path_factory)
    folder = tmp_path_factory.mktemp("printed")
    root = year.settings.outputs_dir / year.year
    written = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.xlsx"))
    books = {}
    for name, output in PRINTED.items():
        found = [inner for inner in written if published.label_of(inner) == output.label]
        assert found, f"the sample year wrote no {output.label}"
        books[name] = shutil.copy(root / found[0], folder / f"{name}.xlsx")
    for name, path in other_worksheets(tmp_path_factory).items():
        books[name] = shutil.copy(path, folder / f"{name}.xlsx")
    pdfs = convert(soffice, list(map(Path, books.values())), folder, "pdf")
    return {name: (Path(books[name]), pdf_pages(pdftotext, pdf)) for name, pdf in zip(books, pdfs)}


def other_worksheets(tmp_path_factory) -> dict[str, Path]:
    """The PMPRB worksheets of the instruments the sample year does not use: 14/2014 (2019, the reference
    LKE's 2015 answers) and 9/2023 (2023, Kabupaten Magetan's official values)."""
    from pipelines.settings import Settings

    root = tmp_path_factory.mktemp("other_worksheets")
    sources = PROJECT_DIR / "sources"
    settings = Settings(sources, sources, root / "outputs", root / "warehouse" / "rb.duckdb")
    magetan = magetan_2023_answers()
    answers = {
        2019: reference_answers(2015),
        2023: pd.DataFrame({"code": list(magetan), "answer": list(magetan.values())}),
    }
    for year, frame in answers.items():
        store_answers(settings, year, frame)
        assert materialize(settings, year).success
    return {"pmprb_2014": worksheet_path(settings, 2019), "pmprb_2023": worksheet_path(settings, 2023)}


def test_every_sheet_of_every_workbook_has_a_page_setup(tmp_path_factory):
    year = materialized_year(tmp_path_factory)
    books = sorted(year.settings.outputs_dir.rglob("*.xlsx"))
    kinds = {o.label for o in published.OUTPUTS if o.kind == "xlsx"}
    assert {published.label_of(p.relative_to(year.settings.outputs_dir / year.year).as_posix()) for p in books} == kinds
    for path in books:
        wb = openpyxl.load_workbook(path)
        for ws in wb.worksheets:
            where = f"{path.name}/{ws.title}"
            setup = ws.page_setup
            assert str(setup.paperSize) == ws.PAPERSIZE_A4 and setup.orientation in ("portrait", "landscape"), where
            assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1, where
            assert (ws.page_margins.left, ws.page_margins.top) == (MARGINS.left, MARGINS.top), where
            assert ws.oddHeader.left.text == ROADMAP.government, where
            assert ws.oddHeader.right.text == f"Tahun {year.year}", where
            assert ws.oddFooter.center.text == "Halaman &P dari &N", where
            assert ws.oddFooter.left.text == "Dicetak &D", where


def test_every_page_has_its_number_the_government_and_the_year(printed):
    for name, (_, pages) in printed.items():
        for page in pages:
            assert f"Halaman {page.number} dari {len(pages)}" in page.text, (name, page.number)
            assert page.header[0] == ROADMAP.government and page.header[-1].startswith("Tahun "), (name, page.header)
            assert (round(min(page.width, page.height)), round(max(page.width, page.height))) == (595, 842), name


def test_each_sheet_stays_within_its_pages(printed):
    for name, (path, pages) in printed.items():
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
        printed_sheets = [page.sheet for page in pages]
        assert list(dict.fromkeys(printed_sheets)) == sheets, name  # every sheet printed, in order
        for sheet in sheets:
            most, lie = PAGES[(name, sheet)]
            on = [page for page in pages if page.sheet == sheet]
            assert len(on) <= most, f"{name}/{sheet}: {len(on)} pages, at most {most}"
            assert all(page.landscape == (lie == "landscape") for page in on), f"{name}/{sheet} is not {lie}"


@pytest.mark.parametrize(
    ("name", "sheet", "first", "last"),
    [
        ("monitoring", DETAIL.name, "Kode", "Rencana Tindak Lanjut"),
        ("pmprb", LKE_LAYOUT.sheet, "No", "Bukti Dukung Unit"),
        ("pmprb_2014", LKE_LAYOUT.sheet, "No", "Bukti Dukung Unit"),
        ("pmprb_2023", LINE_LAYOUT.sheet, "No", "Catatan"),
        ("template", REALISASI.sheet, "Kode", "Keterangan"),
        ("rekap", "Rekap Pengumpulan", "Kode Unit", "Telepon"),
    ],
)
def test_wide_tables_fit_the_width_of_a_page(printed, name, sheet, first, last):
    """Every page of the table shows its header row whole: no column went to a page of its own."""
    on = [page for page in printed[name][1] if page.sheet == sheet]
    assert on
    for page in on:
        lines = [line for line in page.text.splitlines() if line.strip().startswith(first)]
        assert any(last.split()[0] in line for line in lines), (name, sheet, page.number)


def test_the_summary_chart_is_whole_on_the_summary_page(printed):
    path, pages = printed["monitoring"]
    (page,) = [page for page in pages if page.sheet == "Ringkasan"]
    areas = [row[1] for row in openpyxl.load_workbook(path, read_only=True)["Per Area"].iter_rows(values_only=True)]
    names = [a for a in areas[areas.index("Area") + 1 :] if a]
    flat = " ".join(page.text.split())
    last_row = line_y(page, "Berkas ditolak seluruhnya")  # the table's last row
    assert line_y(page, "Rata-rata capaian per area (%)") > last_row, "the chart starts below the table"
    for area in names:
        assert " ".join(area.split()) in flat, area
    assert "Capaian (%)" in flat


def line_y(page: Page, phrase: str) -> float:
    """The top of the first line of ``page`` that holds ``phrase`` (its words in a row)."""
    words = phrase.split()
    for i, w in enumerate(page.words):
        following = page.words[i : i + len(words)]
        if [x.text for x in following] == words and all(abs(x.y - w.y) < 1 for x in following):
            return w.y
    raise AssertionError(f"page {page.number}: no line with {phrase!r}")


# Wrapped text stays in its row.


def printed_rows(pages: Sequence[Page], headers: Sequence[str]) -> list[dict[str, str]]:
    """The rows of a table as printed: for each row the words of each column, ``headers[0]`` the row's first cell.

    A row starts at a line of words in the first column and ends where the next starts (or at
    the page's footer); a column spans from its header's first word to the next one's.
    """
    rows = []
    for page in pages:
        top, bottom = min(w.y for w in page.words) + 1, max(w.y for w in page.words) - 1  # running header, footer
        lefts, header_y = _header(page, headers, top)
        body = [w for w in page.words if header_y < w.y < bottom]
        starts = sorted({round(w.y, 1) for w in body if w.x < lefts[1] - 1 and w.y > header_y + 2})
        for i, start in enumerate(starts):
            end = starts[i + 1] if i + 1 < len(starts) else bottom
            band = sorted((w for w in body if start - 1 <= w.y < end - 1), key=lambda w: (w.y, w.x))
            rows.append(
                {
                    h: " ".join(w.text for w in band if lefts[j] - 1 <= w.x < (lefts + [page.width])[j + 1] - 1)
                    for j, h in enumerate(headers)
                }
            )
    return rows


def _header(page: Page, headers: Sequence[str], top: float) -> tuple[list[float], float]:
    """The left edge of each column and the top of the header row on ``page``."""
    firsts = [h.split()[0] for h in headers]
    for start in (w for w in page.words if w.text == firsts[0] and w.y > top):
        line = sorted((w for w in page.words if abs(w.y - start.y) < 1 and w.x >= start.x), key=lambda w: w.x)
        lefts, at = [], 0
        for w in line:
            if at < len(firsts) and w.text == firsts[at]:
                lefts.append(w.x)
                at += 1
        if at == len(firsts):
            return lefts, start.y - 0.5
    raise AssertionError(f"page {page.number}: no header row {headers}")


def expected_rows(ws, header_row: int, headers: Sequence[str]) -> list[dict[str, str]]:
    """The rows as the sheet holds them; a row with an empty first cell belongs to the row above it on paper."""
    found = [c.value for c in ws[header_row]]
    columns = [found.index(h) for h in headers]
    rows: list[dict[str, str]] = []
    for values in ws.iter_rows(min_row=header_row + 1, values_only=True):
        texts = {h: "" if values[c] is None else str(values[c]) for h, c in zip(headers, columns)}
        if texts[headers[0]] or not rows:
            rows.append(texts)
        else:
            rows[-1] = {h: f"{rows[-1][h]} {texts[h]}" for h in headers}
    return rows


def squeeze(text: str) -> str:
    return "".join(text.split())


def mismatches(
    printed: list[dict[str, str]], expected: list[dict[str, str]], headers: Sequence[str]
) -> list[tuple[int, str, str, str]]:
    """(row from 0, column, printed, held) wherever a row's printed words differ from its own cell's."""
    assert len(printed) == len(expected), f"{len(printed)} rows printed, {len(expected)} in the sheet"
    return [
        (i, h, p[h], e[h])
        for i, (p, e) in enumerate(zip(printed, expected))
        for h in headers
        if squeeze(p[h]) != squeeze(e[h])
    ]


def printed_headers(layout) -> list[str]:
    """The LKE's columns that print (the code and the kept suggestion are hidden)."""
    return [c.header for c in layout.columns if c.header not in HIDDEN_HEADERS]


@pytest.mark.parametrize(
    ("name", "sheet", "headers"),
    [
        (
            "monitoring",
            DETAIL.name,
            list(DETAIL.columns.values()),
        ),
        ("template", REALISASI.sheet, REALISASI.headers),
        ("feedback", REALISASI.sheet, [*REALISASI.headers, "Catatan Validasi"]),
        ("pmprb", LKE_LAYOUT.sheet, printed_headers(LKE_LAYOUT)),
        ("pmprb_2014", LKE_LAYOUT.sheet, printed_headers(LKE_LAYOUT)),
        ("pmprb_2023", LINE_LAYOUT.sheet, printed_headers(LINE_LAYOUT)),
    ],
)
def test_wrapped_text_stays_in_its_row(printed, name, sheet, headers):
    path, pages = printed[name]
    ws = openpyxl.load_workbook(path)[sheet]
    header_row = next(
        r
        for r in range(1, 40)
        if ws.cell(row=r, column=1).value == (LKE_LAYOUT.code_header if name.startswith("pmprb") else headers[0])
    )
    texts = [h for h, col in _text_columns(ws, header_row, headers)]
    rows = printed_rows([p for p in pages if p.sheet == sheet], headers)
    wrong = mismatches(rows, expected_rows(ws, header_row, headers), texts)
    assert not wrong, "\n".join(map(repr, wrong))


def _text_columns(ws, header_row: int, headers: Sequence[str]):
    """The columns among ``headers`` that hold wrapped text (numbers print in their own format)."""
    found = [c.value for c in ws[header_row]]
    for h in headers:
        column = found.index(h) + 1
        cells = [ws.cell(row=r, column=column) for r in range(header_row + 1, ws.max_row + 1)]
        if any(c.data_type == "s" and c.value for c in cells):
            yield h, column
