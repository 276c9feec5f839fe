"""The PMPRB worksheet ``pmprb_<year>.xlsx``: the LKE layout, scoring itself with live formulas.

Every score is a formula that follows ``scoring.sql`` exactly: an item looks
its answer up in the answer map on sheet ``Referensi`` (case-insensitive, 0
when unanswered or invalid); a sub-component is weight x SUM(item scores) /
its item count, so an unanswered item counts as 0 in the mean; areas,
components and the Indeks RB are sums; the rating counts the exclusive lower
bounds below the score. Only IF, SUM, SUMPRODUCT, UPPER, INDEX, ISNUMBER and
AND are used, which Excel 2010 and LibreOffice 7.4 compute alike.

Only the Jawaban and Catatan cells of items are unlocked; the sheets are
protected without a password. Column A holds each row's code (hidden).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assets.forms.cell_text import set_text
from assets.forms.identity import FormIdentity, write_identity
from assets.forms.layouts import WorksheetLayout
from assets.forms.sheet import Column
from assets.pmprb.instrument import Instrument
from assets.pmprb.scoring import NUMBER_PATTERN
from assets.reports.print_layout import TEXT, WORKSHEET, print_sheet, print_workbook

LKE_SHEET = "LKE"
REFERENCE_SHEET = "Referensi"
IDENTITY_SHEET = "Identitas"
FORM = "Lembar Kerja Evaluasi PMPRB"
# The LKE sheet as writer and reader (``answers.py``) both see it; every column below is found by its header.
LAYOUT = WorksheetLayout(
    form=FORM,
    sheet=LKE_SHEET,
    header_row=4,
    columns=(
        Column("Kode", 12),
        Column("No", 6),
        Column("Komponen / Sub-komponen / Item", 60),
        Column("Bobot", 8),
        Column("Penjelasan", 60),
        Column("Pilihan Jawaban", 14),
        Column("Jawaban", 14, locked=False),
        Column("Nilai", 10),
        Column("%", 8),
        Column("Catatan", 40, locked=False),
        Column("Rencana Aksi Terkait (capaian, status)", 45),
        Column("Bukti Dukung Unit", 50),
    ),
    code_header="Kode",
    question_header="Komponen / Sub-komponen / Item",
    answer_header="Jawaban",
    note_header="Catatan",
)
HEADERS = LAYOUT.headers
HEADER_ROW = LAYOUT.header_row
CODE_COL, NAME_COL, ANSWER_COL, NOTE_COL = (
    LAYOUT.number(h) for h in (LAYOUT.code_header, LAYOUT.question_header, LAYOUT.answer_header, LAYOUT.note_header)
)
NO_COL, WEIGHT_COL, EXPLAIN_COL, TYPE_COL, SCORE_COL, PERCENT_COL, LINKED_COL, EVIDENCE_COL = (
    LAYOUT.number(h)
    for h in (
        "No",
        "Bobot",
        "Penjelasan",
        "Pilihan Jawaban",
        "Nilai",
        "%",
        "Rencana Aksi Terkait (capaian, status)",
        "Bukti Dukung Unit",
    )
)
# Column letters the formulas use.
W, T, G, H = (LAYOUT.letter(h) for h in ("Bobot", "Pilihan Jawaban", LAYOUT.answer_header, "Nilai"))
COMPONENT_LABELS = {"A": "PENGUNGKIT (PROSES)", "B": "HASIL"}
TOTAL_CODE, TOTAL_LABEL = "INDEKS_RB", "NILAI INDEKS REFORMASI BIROKRASI"
RATING_CODE, RATING_LABEL = "PREDIKAT", "PREDIKAT"
BOLD = Font(bold=True)
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
NUMBER_RE = re.compile(NUMBER_PATTERN)


@dataclass(frozen=True)
class Cover:
    """What the Identitas sheet says about the year and its instrument.

    ``unit`` and ``government`` identify who keeps the worksheet (the unit that
    coordinates the Tim PMPRB), so that the answered file, dropped back into the
    inbox, is recognised by the same intake rules as every other form.
    """

    year: int
    note: str = ""
    unit: str = ""
    unit_code: str = ""
    government: str = ""
    suggestions: str = ""  # where the suggested answers come from, or that there are none


def build_workbook(
    instrument: Instrument,
    cover: Cover,
    answers: Mapping[str, str],
    evidence: Mapping[str, tuple[str, str]] | None = None,
    summary: Callable[[Worksheet], None] | None = None,
) -> Workbook:
    """The worksheet for one year; ``answers`` maps item and Hasil codes to the answer text shown.

    ``evidence`` maps an item to (linked road-map codes with capaian and status, units'
    bukti dukung), shown beside it; ``summary`` writes the one-page Ringkasan sheet.
    """
    wb = Workbook()
    lke = wb.active
    lke.title = LKE_SHEET
    refs = _reference_sheet(wb.create_sheet(REFERENCE_SHEET), instrument)
    write_identity(
        wb,
        FormIdentity(
            form=FORM,
            unit=cover.unit,
            unit_code=cover.unit_code,
            year=str(cover.year),
            government=cover.government,
            catalogue_version=instrument.version,
        ),
    )
    wb.move_sheet(IDENTITY_SHEET, offset=-wb.sheetnames.index(IDENTITY_SHEET))
    _instrument_notes(wb[IDENTITY_SHEET], instrument, cover)
    _lke_sheet(lke, instrument, cover, answers, refs, evidence or {})
    if summary is not None:
        summary(wb.create_sheet("Ringkasan", 1))
    wb.active = 0
    print_workbook(wb, cover.government, cover.year)
    return wb


def put(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write a value through ``set_text``: text is XML-safe and stays text even when it starts with '='."""
    cell = ws.cell(row=row, column=col)
    set_text(cell, value)
    return cell


def _formula(ws: Worksheet, row: int, col: int, formula: str) -> None:
    ws.cell(row=row, column=col, value=formula)


def _num(value: float) -> str:
    """A number as formula text: 100.0 -> '100', 0.5 -> '0.5'."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class _Ranges:
    answer_type: str
    answer: str
    answer_value: str
    opinion: str
    opinion_points: str
    ratings: str
    rating_lower: str


def _reference_sheet(ws: Worksheet, instrument: Instrument) -> _Ranges:
    """Answer map (A:C), Opini BPK (E:G) and rating bands (I:L), referenced by the LKE formulas."""
    values, opini = instrument.answer_values, instrument.opini_bpk
    bands = _ordered_bands(instrument.rating_bands)
    blocks = [
        (1, ["Jenis Jawaban", "Jawaban", "Nilai"], values[["answer_type", "answer", "value"]]),
        (5, ["Opini BPK", "Singkatan", "Nilai"], opini[["opinion", "abbreviation", "points"]]),
        (
            9,
            ["Predikat", "Batas bawah (tidak termasuk)", "Batas atas", "Batas bawah (termasuk)"],
            bands[["rating", "lower_exclusive", "upper_inclusive", "lower_inclusive"]],
        ),
    ]
    for first_col, headers, frame in blocks:
        for offset, header in enumerate(headers):
            put(ws, 1, first_col + offset, header).font = BOLD
        for r, record in enumerate(frame.itertuples(index=False), start=2):
            for offset, value in enumerate(record):
                put(ws, r, first_col + offset, None if pd.isna(value) else value)
    ws.protection.sheet = True
    print_sheet(ws, TEXT, header_rows=(1, 1))
    n_values, n_opini, n_bands = len(values) + 1, len(opini) + 1, len(bands) + 1
    return _Ranges(
        answer_type=f"{REFERENCE_SHEET}!$A$2:$A${n_values}",
        answer=f"{REFERENCE_SHEET}!$B$2:$B${n_values}",
        answer_value=f"{REFERENCE_SHEET}!$C$2:$C${n_values}",
        opinion=f"{REFERENCE_SHEET}!$E$2:$E${n_opini}",
        opinion_points=f"{REFERENCE_SHEET}!$G$2:$G${n_opini}",
        ratings=f"{REFERENCE_SHEET}!$I$2:$I${n_bands}",
        rating_lower=f"{REFERENCE_SHEET}!$J$3:$J${n_bands}",
    )


def _ordered_bands(bands: pd.DataFrame) -> pd.DataFrame:
    """The one band with an inclusive lower bound first, then the others by ascending exclusive lower bound."""
    inclusive = bands[bands["lower_inclusive"].notna()]
    exclusive = bands[bands["lower_inclusive"].isna()].sort_values("lower_exclusive")
    if len(inclusive) != 1 or exclusive["lower_exclusive"].isna().any():
        raise ValueError(
            "rating bands need exactly one band with lower_inclusive and an exclusive lower bound on every other"
        )
    if exclusive["lower_exclusive"].min() < inclusive["upper_inclusive"].iloc[0]:
        raise ValueError("the band with an inclusive lower bound must be the lowest")
    return pd.concat([inclusive, exclusive], ignore_index=True)


def _instrument_notes(ws: Worksheet, instrument: Instrument, cover: Cover) -> None:
    """Below the identity: which instrument this worksheet uses, and how to fill it in."""
    rows = [
        ("Lembar kerja", f"{instrument.name} - PMPRB tahun {cover.year}"),
        ("Tahun penilaian", cover.year),
        ("Versi instrumen", instrument.version),
        ("Dasar instrumen", instrument.regulation),
        ("Catatan instrumen", cover.note or "-"),
        ("Saran jawaban", cover.suggestions or "-"),
        ("Sumber transkripsi", instrument.source),
        (
            "Petunjuk",
            "Isi kolom Jawaban pada lembar LKE dengan salah satu pilihan jawaban (daftar pilihan tersedia di setiap sel). "
            "Nilai dihitung otomatis. Butir yang belum dijawab atau jawabannya tidak sesuai pilihan bernilai 0 "
            "dan tetap dihitung dalam rata-rata sub-komponennya. Kolom Kode (tersembunyi) jangan diubah. "
            "Simpan lalu serahkan kembali ke Bagian Organisasi; jawaban dibaca ulang oleh sistem.",
        ),
    ]
    start = ws.max_row + 2
    for r, (label, value) in enumerate(rows, start=start):
        put(ws, r, 1, label).font = BOLD
        put(ws, r, 2, value).alignment = WRAP
    ws.column_dimensions["B"].width = 100


def _lke_sheet(
    ws: Worksheet,
    instrument: Instrument,
    cover: Cover,
    answers: Mapping[str, str],
    refs: _Ranges,
    evidence: Mapping[str, tuple[str, str]],
) -> None:
    put(ws, 1, NO_COL, instrument.name).font = BOLD
    put(ws, 2, NO_COL, f"Tahun penilaian: {cover.year} (instrumen {instrument.version})")
    for col, header in enumerate(HEADERS, start=1):
        put(ws, HEADER_ROW, col, header).font = BOLD
    validations = _validations(ws, instrument)
    writer = _RowWriter(ws, refs, answers, validations, evidence)
    component_rows = []
    for component, areas in instrument.areas.groupby("component", sort=True):
        header = writer.heading(
            component, component + ".", COMPONENT_LABELS.get(component, component), float(areas["weight"].sum())
        )
        area_rows = [writer.area(area, instrument) for area in areas.itertuples()]
        writer.total(header, area_rows)
        component_rows.append(header)
    total = writer.heading(TOTAL_CODE, "", TOTAL_LABEL, float(instrument.areas["weight"].sum()))
    writer.total(total, component_rows)
    rating = writer.heading(RATING_CODE, "", RATING_LABEL, None)
    _formula(ws, rating, SCORE_COL, f"=INDEX({refs.ratings},1+SUMPRODUCT(({refs.rating_lower}<{H}{total})*1))")
    for col, column in enumerate(LAYOUT.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.column_dimensions[LAYOUT.letter(LAYOUT.code_header)].hidden = True
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=NAME_COL)
    ws.protection.sheet = True
    print_sheet(ws, WORKSHEET, header_rows=(HEADER_ROW, HEADER_ROW))


def _validations(ws: Worksheet, instrument: Instrument) -> dict[str, DataValidation]:
    """One drop-down per answer type, listing its answers."""
    found = {}
    for answer_type, values in instrument.answer_values.groupby("answer_type", sort=False)["answer"]:
        if any("," in v for v in values):
            raise ValueError(f"answer type {answer_type}: an answer contains a comma and cannot be a drop-down entry")
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.error, dv.errorTitle = f"Pilih salah satu jawaban: {', '.join(values)}", "Jawaban tidak sesuai"
        dv.prompt, dv.promptTitle = f"Jawaban: {', '.join(values)}", f"Jenis jawaban {answer_type}"
        dv.showErrorMessage = dv.showInputMessage = True
        ws.add_data_validation(dv)
        found[answer_type] = dv
    return found


class _RowWriter:
    """Appends LKE rows below the header and returns each row's number."""

    def __init__(
        self,
        ws: Worksheet,
        refs: _Ranges,
        answers: Mapping[str, str],
        validations: Mapping[str, DataValidation],
        evidence: Mapping[str, tuple[str, str]],
    ):
        self.ws, self.refs, self.answers, self.validations, self.evidence = ws, refs, answers, validations, evidence
        self.row = HEADER_ROW

    def heading(self, code: str, no: str, name: str, weight: float | None, font: Font = BOLD) -> int:
        self.row += 1
        r = self.row
        put(self.ws, r, CODE_COL, code)
        put(self.ws, r, NO_COL, no).font = font
        put(self.ws, r, NAME_COL, name).font = font
        if weight is not None:
            put(self.ws, r, WEIGHT_COL, weight)
            _formula(self.ws, r, PERCENT_COL, f"={H}{r}/{W}{r}")
        return r

    def total(self, row: int, parts: list[int]) -> None:
        _formula(self.ws, row, SCORE_COL, "=SUM(" + ",".join(f"{H}{p}" for p in parts) + ")")

    def area(self, area, instrument: Instrument) -> int:
        no = str(area.area_code).split(".")[-1] + "."
        row = self.heading(area.area_code, no, area.name, float(area.weight))
        subs = instrument.sub_components[instrument.sub_components["area_code"] == area.area_code]
        hasil = instrument.hasil[instrument.hasil["area_code"] == area.area_code]
        parts = [self.sub_component(sub, instrument) for sub in subs.itertuples()]
        parts += [self.hasil(h) for h in hasil.itertuples()]
        self.total(row, parts)
        return row

    def sub_component(self, sub, instrument: Instrument) -> int:
        row = self.heading(sub.sub_code, str(sub.order), sub.name, float(sub.weight))
        items = instrument.items[instrument.items["sub_code"] == sub.sub_code]
        for item in items.itertuples():
            self.item(item)
        first, last = row + 1, row + len(items)
        _formula(self.ws, row, SCORE_COL, f"={W}{row}*SUM({H}{first}:{H}{last})/{len(items)}")
        return row

    def item(self, item) -> None:
        self.row += 1
        r, ws, refs = self.row, self.ws, self.refs
        put(ws, r, CODE_COL, item.item_id)
        put(ws, r, NO_COL, f"{item.letter}." if isinstance(item.letter, str) and item.letter else "")
        put(ws, r, NAME_COL, item.question).alignment = WRAP
        put(ws, r, EXPLAIN_COL, item.options).alignment = WRAP
        put(ws, r, TYPE_COL, item.answer_type)
        answer = put(ws, r, ANSWER_COL, self.answers.get(item.item_id))
        answer.protection, answer.fill = UNLOCKED, ANSWER_FILL
        ws.cell(row=r, column=NOTE_COL).protection = UNLOCKED
        self.validations[item.answer_type].add(answer.coordinate)
        linked, bukti = self.evidence.get(item.item_id, (None, None))
        put(ws, r, LINKED_COL, linked).alignment = WRAP
        put(ws, r, EVIDENCE_COL, bukti).alignment = WRAP
        _formula(
            ws,
            r,
            SCORE_COL,
            f"=SUMPRODUCT(({refs.answer_type}={T}{r})*(UPPER({refs.answer})=UPPER({G}{r}))*{refs.answer_value})",
        )

    def hasil(self, h) -> int:
        row = self.heading(h.code, str(h.order), h.name, float(h.weight), font=Font())
        put(self.ws, row, EXPLAIN_COL, h.explanation).alignment = WRAP
        put(self.ws, row, TYPE_COL, h.input_range)
        put(self.ws, row, ANSWER_COL, hasil_value(self.answers.get(h.code)))
        g = f"{G}{row}"
        if h.input_kind == "ordinal":
            formula = f"=SUMPRODUCT((UPPER({self.refs.opinion})=UPPER({g}))*{self.refs.opinion_points})"
        else:
            low, high = _num(h.min_value), _num(h.max_value)
            formula = f"=IF(ISNUMBER({g}),IF(AND({g}>={low},{g}<={high}),{g}/{high}*{W}{row},0),0)"
        _formula(self.ws, row, SCORE_COL, formula)
        return row


def hasil_value(answer: str | None) -> float | str | None:
    """A Hasil input as the worksheet holds it: a number when written as one (as the engine reads it)."""
    if answer is None or pd.isna(answer):
        return None
    text = str(answer)
    return float(text) if NUMBER_RE.fullmatch(text) else text
