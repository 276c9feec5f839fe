"""The PMPRB worksheet ``pmprb_<year>.xlsx``: the year's LKE, scoring itself with live formulas.

One writer for every instrument version: it walks the instrument's tree of
lines (``lke_lines``) in file order, with the items of a sub-component below
it, and gives every line the formula of its rule, exactly as ``scoring.sql``
computes it: an item looks its answer up in the answer map on sheet
``Referensi`` (case-insensitive, 0 when unanswered or invalid); ``mean_items``
is weight x SUM(item scores) / its item count; ``ratio`` is value / max x
weight (x the multiplier line's value / its max), 0 outside the range;
``points`` looks the opinion up on ``Referensi``; ``entered`` is the subtotal
typed within its range; ``sum`` adds its children; ``rescale`` divides by the
penyesuaian's reduced weight; lines with decimals are rounded as the engine
rounds (a tie toward zero); the rating counts the exclusive lower bounds below
the rated line. Only IF, SUM, SUMPRODUCT, UPPER, INDEX, ISNUMBER, AND, ROUND
and SIGN are used, which Excel 2010 and LibreOffice 7.4 compute alike.

Versions with items (14/2014, 26/2020) use the item layout (``LAYOUT``:
Jawaban per item, drop-downs); 9/2023 the line layout (``LINE_LAYOUT``:
No, Indikator, Bobot, Rentang Nilai, Sumber Data / Penilai, Nilai, Skor,
Catatan). Only the answer and Catatan cells of what the Tim fills in are
unlocked; the sheets are protected without a password. Column A holds each
row's code (hidden): the item id, the line code, or the portal question id.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
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
from assets.forms.values import format_id
from assets.pmprb.carry_over import CarryOver, write_notes, write_team_block
from assets.pmprb.instrument import INPUT_RULES, WORKSHEET_INPUT, Instrument
from assets.pmprb.refusals import mark_refused_rows, write_refused_sheet
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
        Column("Konfirmasi", 11, locked=False),
        Column("Nilai", 10),
        Column("%", 8),
        Column("Catatan", 40, locked=False),
        Column("Rencana Aksi Terkait (capaian, status)", 45),
        Column("Bukti Dukung Unit", 50),
        Column("Usulan Sistem", 10),
    ),
    code_header="Kode",
    question_header="Komponen / Sub-komponen / Item",
    answer_header="Jawaban",
    note_header="Catatan",
)
# The 9/2023 worksheet: one row per numeric line (no items); the hidden Kode is the portal's question id.
LINE_LAYOUT = WorksheetLayout(
    form=FORM,
    sheet=LKE_SHEET,
    header_row=4,
    columns=(
        Column("Kode", 8),
        Column("No", 5),
        Column("Indikator", 60),
        Column("Bobot", 8),
        Column("Rentang Nilai", 16),
        Column("Sumber Data / Penilai", 30),
        Column("Nilai", 12, locked=False),
        Column("Konfirmasi", 11, locked=False),
        Column("Skor", 10),
        Column("Catatan", 40, locked=False),
        Column("Usulan Sistem", 10),
    ),
    code_header="Kode",
    question_header="Indikator",
    answer_header="Nilai",
    note_header="Catatan",
)
LAYOUTS = (LAYOUT, LINE_LAYOUT)
# Which header plays which role in each layout.
ITEM_ROLES = {
    "code": "Kode",
    "no": "No",
    "name": "Komponen / Sub-komponen / Item",
    "weight": "Bobot",
    "explain": "Penjelasan",
    "choices": "Pilihan Jawaban",
    "answer": "Jawaban",
    "confirm": "Konfirmasi",
    "suggestion": "Usulan Sistem",
    "score": "Nilai",
    "percent": "%",
    "note": "Catatan",
    "linked": "Rencana Aksi Terkait (capaian, status)",
    "evidence": "Bukti Dukung Unit",
}
LINE_ROLES = {
    "code": "Kode",
    "no": "No",
    "name": "Indikator",
    "weight": "Bobot",
    "choices": "Rentang Nilai",
    "source": "Sumber Data / Penilai",
    "answer": "Nilai",
    "confirm": "Konfirmasi",
    "suggestion": "Usulan Sistem",
    "score": "Skor",
    "note": "Catatan",
}
HEADERS = LAYOUT.headers
HEADER_ROW = LAYOUT.header_row
CODE_COL, NAME_COL, ANSWER_COL, NOTE_COL, SCORE_COL, PERCENT_COL = (
    LAYOUT.number(ITEM_ROLES[r]) for r in ("code", "name", "answer", "note", "score", "percent")
)
RATING_CODE, RATING_LABEL = "PREDIKAT", "PREDIKAT"
# Konfirmasi: "Ya" makes a suggested answer the Tim's own; the hidden Usulan Sistem column keeps the
# suggestion as written, so that the reader can tell an untouched suggestion from an answer the Tim gave.
CONFIRM_HEADER, SUGGESTION_HEADER, CONFIRMED = "Konfirmasi", "Usulan Sistem", "Ya"
HIDDEN_HEADERS = (LAYOUT.code_header, SUGGESTION_HEADER)
SUGGESTED_FILL = PatternFill("solid", fgColor="DDEBF7")
ITEM_GUIDE = (
    "Isi kolom Jawaban pada lembar LKE dengan salah satu pilihan jawaban (daftar pilihan tersedia di setiap sel). "
    "Jawaban berwarna biru adalah usulan sistem: tulis Ya di kolom Konfirmasi bila usulan itu menjadi jawaban Tim, "
    "atau ganti jawabannya; usulan yang tidak dikonfirmasi tetap usulan dan mengikuti data berikutnya. "
    "Nilai dihitung otomatis. Butir yang belum dijawab atau jawabannya tidak sesuai pilihan bernilai 0 "
    "dan tetap dihitung dalam rata-rata sub-komponennya. Baris berwarna kuning tanpa daftar pilihan diisi dengan "
    "angka dalam rentangnya (kolom Pilihan Jawaban). Kolom Kode (tersembunyi) jangan diubah. "
    "Simpan lalu serahkan kembali ke Bagian Organisasi; jawaban dibaca ulang oleh sistem."
)
LINE_GUIDE = (
    "Isi kolom Nilai pada lembar LKE dengan nilai setiap indikator, berupa angka dalam Rentang Nilai-nya "
    "(Opini BPK: pilih opini dari daftar). Nilai berwarna biru adalah usulan sistem: tulis Ya di kolom Konfirmasi "
    "bila usulan itu menjadi nilai Tim, atau ganti nilainya. Skor dihitung otomatis: nilai / nilai maksimum x bobot (dikali "
    "nilai indikator pengali bila ada), dibulatkan 2 desimal; RB General, RB Tematik dan Indeks RB adalah "
    "jumlah skor yang sudah dibulatkan. Nilai di luar rentang ditolak dan bernilai 0; indikator kosong bernilai 0. "
    "Bobot RB General setelah penyesuaian diisi hanya bila ada indikator yang tidak berlaku. "
    "Kolom Kode (tersembunyi, nomor pertanyaan portal) jangan diubah. "
    "Simpan lalu serahkan kembali ke Bagian Organisasi; nilai dibaca ulang oleh sistem."
)
OPINION_LIST = "Opini BPK"  # the drop-down of the opinions a points line accepts
BOLD = Font(bold=True)
ANSWER_FILL = PatternFill("solid", fgColor="FFF2CC")
UNLOCKED = Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTERED = Alignment(wrap_text=True, vertical="top", horizontal="center")
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


def layout_for(instrument: Instrument | None) -> WorksheetLayout:
    """The LKE layout of an instrument: with items (14/2014, 26/2020) the item worksheet, else the line worksheet."""
    return LINE_LAYOUT if instrument is not None and not instrument.has_items else LAYOUT


def build_workbook(
    instrument: Instrument,
    cover: Cover,
    answers: Mapping[str, str],
    evidence: Mapping[str, tuple[str, str]] | None = None,
    summary: Callable[[Worksheet], None] | None = None,
    suggested: Collection[str] = (),
    carried: CarryOver | None = None,
) -> Workbook:
    """The worksheet for one year; ``answers`` maps item and line codes to the answer text shown.

    ``evidence`` maps an item to (linked road-map codes with capaian and status, units'
    bukti dukung), shown beside it; ``summary`` writes the one-page Ringkasan sheet;
    ``suggested`` are the codes whose answer shown is the system's suggestion (marked,
    kept in the hidden Usulan Sistem column, and Konfirmasi left empty), every other
    answer shown is the Tim's own (Konfirmasi Ya); ``carried`` is the Tim's work from the
    returned worksheet (Catatan, Identitas fields) written back into the same cells, and its
    refused entries listed on Jawaban Ditolak and marked in the LKE sheet.
    """
    carried = carried or CarryOver()
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
            **carried.clerk,
        ),
    )
    wb.move_sheet(IDENTITY_SHEET, offset=-wb.sheetnames.index(IDENTITY_SHEET))
    write_team_block(wb[IDENTITY_SHEET], carried.identity)
    _instrument_notes(wb[IDENTITY_SHEET], instrument, cover)
    _lke_sheet(lke, instrument, cover, answers, refs, evidence or {}, set(suggested))
    layout = layout_for(instrument)
    write_notes(lke, layout, carried.notes)
    mark_refused_rows(lke, layout, carried.refused)
    if summary is not None:
        summary(wb.create_sheet("Ringkasan", 1))
    write_refused_sheet(wb, carried.refused, cover.government, cover.year, after=LKE_SHEET)
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
        ("Cara menilai", instrument.guidance or "-"),
        ("Petunjuk", ITEM_GUIDE if instrument.has_items else LINE_GUIDE),
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
    suggested: set[str],
) -> None:
    layout = layout_for(instrument)
    cols = _Columns.of(layout)
    put(ws, 1, cols.title, instrument.name).font = BOLD
    put(ws, 2, cols.title, f"Tahun penilaian: {cover.year} (instrumen {instrument.version})")
    for col, header in enumerate(layout.headers, start=1):
        put(ws, layout.header_row, col, header).font = BOLD
    writer = _RowWriter(ws, instrument, cols, refs, answers, _validations(ws, instrument), evidence, suggested)
    writer.write_all(layout.header_row)
    for col, column in enumerate(layout.columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = column.width
    for header in HIDDEN_HEADERS:
        ws.column_dimensions[layout.letter(header)].hidden = True
    ws.freeze_panes = ws.cell(row=layout.header_row + 1, column=cols.name)
    ws.protection.sheet = True
    print_sheet(ws, WORKSHEET, header_rows=(layout.header_row, layout.header_row))


def _validations(ws: Worksheet, instrument: Instrument) -> dict[str, DataValidation]:
    """One drop-down per answer type and one for the opinions (Opini BPK), listing the allowed answers."""
    lists = {t: list(v) for t, v in instrument.answer_values.groupby("answer_type", sort=False)["answer"]}
    if (instrument.worksheet_inputs()["rule"] == "points").any():
        lists[OPINION_LIST] = instrument.opini_bpk["opinion"].tolist()
    found = {}
    for answer_type, values in lists.items():
        if any("," in v for v in values):
            raise ValueError(f"answer type {answer_type}: an answer contains a comma and cannot be a drop-down entry")
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.error, dv.errorTitle = f"Pilih salah satu jawaban: {', '.join(values)}", "Jawaban tidak sesuai"
        dv.prompt, dv.promptTitle = f"Jawaban: {', '.join(values)}", f"Jenis jawaban {answer_type}"[:32]
        dv.showErrorMessage = dv.showInputMessage = True
        ws.add_data_validation(dv)
        found[answer_type] = dv
    return found


def _number_validation(ws: Worksheet, low: float, high: float) -> DataValidation:
    """A warning (not a block) when a number outside [low, high] is typed: the pipeline refuses it with a reason."""
    dv = DataValidation(type="decimal", operator="between", formula1=_num(low), formula2=_num(high), allow_blank=True)
    dv.errorStyle = "warning"
    dv.error = f"Nilai di luar rentang {format_id(low)} - {format_id(high)}: akan ditolak dan bernilai 0."
    dv.errorTitle = "Nilai di luar rentang"
    dv.prompt, dv.promptTitle = f"Angka {format_id(low)} - {format_id(high)}", "Nilai"
    dv.showErrorMessage = dv.showInputMessage = True
    ws.add_data_validation(dv)
    return dv


@dataclass(frozen=True)
class _Columns:
    """The column (1-based) of each role in a layout; 0 when the layout has no such column."""

    code: int
    title: int
    name: int
    weight: int
    choices: int
    answer: int
    confirm: int
    suggestion: int
    score: int
    note: int
    no: int = 0
    explain: int = 0
    percent: int = 0
    linked: int = 0
    evidence: int = 0
    source: int = 0

    @classmethod
    def of(cls, layout: WorksheetLayout) -> _Columns:
        roles = ITEM_ROLES if layout is LAYOUT else LINE_ROLES
        found = {role: layout.number(header) for role, header in roles.items()}
        return cls(title=found.get("no", found["name"]), **found)

    def letter(self, role: str) -> str:
        return get_column_letter(getattr(self, role))


def children_of(lines: pd.DataFrame) -> dict[str, list[str]]:
    """What each line adds up, as the engine does: the lines named in its terms, else the lines below it."""
    terms = {c: t.split() for c, t in zip(lines["code"], lines["terms"]) if isinstance(t, str) and t.split()}
    children: dict[str, list[str]] = {}
    for code, parent in zip(lines["code"], lines["parent"]):
        if isinstance(parent, str) and parent not in terms:
            children.setdefault(parent, []).append(code)
    return {**children, **terms}


class _RowWriter:
    """Writes every line (in file order), the items below each sub-component and the rating row."""

    def __init__(
        self,
        ws: Worksheet,
        instrument: Instrument,
        cols: _Columns,
        refs: _Ranges,
        answers: Mapping[str, str],
        validations: Mapping[str, DataValidation],
        evidence: Mapping[str, tuple[str, str]],
        suggested: set[str],
    ):
        self.ws, self.instrument, self.cols, self.refs = ws, instrument, cols, refs
        self.answers, self.validations, self.evidence = answers, validations, evidence
        self.suggested = suggested
        self.confirm = DataValidation(type="list", formula1=f'"{CONFIRMED}"', allow_blank=True)
        self.confirm.prompt, self.confirm.promptTitle = "Ya: usulan ini menjadi jawaban Tim", "Konfirmasi"
        ws.add_data_validation(self.confirm)
        self.lines = instrument.lines.sort_values("order", kind="stable")
        self.by_code = {line.code: line for line in self.lines.itertuples()}
        self.children = children_of(self.lines)
        self.items = {sub: frame for sub, frame in instrument.items.groupby("sub_code", sort=False)}
        self.row_of: dict[str, int] = {}
        self.rated = instrument.rated_line()
        self.S, self.W, self.G = cols.letter("score"), cols.letter("weight"), cols.letter("answer")

    def write_all(self, header_row: int) -> None:
        planned, r = [], header_row
        for line in self.lines.itertuples():
            r += 1
            self.row_of[line.code] = r
            planned.append(("line", line, r))
            for item in self.items.get(line.code, pd.DataFrame()).itertuples() if line.rule == "mean_items" else []:
                r += 1
                planned.append(("item", item, r))
            if line.code == self.rated:
                r += 1
                planned.append(("rating", line, r))
        for kind, record, row in planned:
            {"line": self.line, "item": self.item, "rating": self.rating}[kind](record, row)

    def _text(self, row: int, role: str, value: object, wrap: bool = False, font: Font | None = None) -> None:
        col = getattr(self.cols, role)
        if not col:
            return
        cell = put(self.ws, row, col, value)
        if wrap:
            cell.alignment = WRAP
        if font is not None:
            cell.font = font

    def line(self, line, r: int) -> None:
        ws, cols = self.ws, self.cols
        is_input = line.rule in INPUT_RULES
        font = Font() if is_input else BOLD
        put(ws, r, cols.code, line.code)
        name = line.name if cols.no or not isinstance(line.number, str) else f"{line.number} {line.name}"
        self._text(r, "no", line.number or "", font=font)
        self._text(r, "name", name, wrap=True, font=font)
        if pd.notna(line.weight):
            if pd.notna(line.weight_divisor):
                _formula(ws, r, cols.weight, f"={_num(line.weight_numerator)}/{_num(line.weight_divisor)}")
                ws.cell(r, cols.weight).number_format = "0.00"
            else:
                put(ws, r, cols.weight, float(line.weight))
            if cols.percent and line.rule != "parameter":
                _formula(ws, r, cols.percent, f"={self.S}{r}/{self.W}{r}")
        self._text(r, "explain", line.explanation if isinstance(line.explanation, str) else line.source, wrap=True)
        self._text(r, "source", line.source, wrap=True)
        if is_input:
            self._text(r, "choices", self._range_text(line), wrap=True)
            ws.cell(r, cols.choices).alignment = CENTERED
            answer = put(ws, r, cols.answer, hasil_value(self.answers.get(line.code)))
            if line.input == WORKSHEET_INPUT:
                self._answerable(line.code, r, answer)
                if line.rule == "points":
                    self.validations[OPINION_LIST].add(answer.coordinate)
                else:
                    _number_validation(ws, line.min_value, line.max_value).add(answer.coordinate)
        _formula(ws, r, cols.score, "=" + self._rounded(self._score(line, r), line.decimals))
        if pd.notna(line.decimals):
            ws.cell(r, cols.score).number_format = "0." + "0" * int(line.decimals)

    def _answerable(self, code: str, r: int, answer: Cell) -> None:
        """Unlock the answer, Konfirmasi and Catatan cells; mark a suggestion and keep it in Usulan Sistem."""
        ws, cols = self.ws, self.cols
        confirm = ws.cell(row=r, column=cols.confirm)
        answer.protection, answer.fill = UNLOCKED, ANSWER_FILL
        confirm.protection = ws.cell(row=r, column=cols.note).protection = UNLOCKED
        self.confirm.add(confirm.coordinate)
        if answer.value is None:
            return
        if code in self.suggested:
            answer.fill = SUGGESTED_FILL
            put(ws, r, cols.suggestion, answer.value)
        else:
            put(ws, r, cols.confirm, CONFIRMED)

    def _range_text(self, line) -> str:
        if isinstance(line.input_range, str):
            return line.input_range
        if line.rule == "points":
            return " / ".join(self.instrument.opini_bpk["opinion"])
        return f"{format_id(line.min_value)} - {format_id(line.max_value)}"

    def _valid(self, cell: str, low: float, high: float, then: str, otherwise: str) -> str:
        return f"IF(ISNUMBER({cell}),IF(AND({cell}>={_num(low)},{cell}<={_num(high)}),{then},{otherwise}),{otherwise})"

    def _factor(self, code: str, otherwise: str) -> str:
        """The value / max of line ``code``, ``otherwise`` when it has no valid value."""
        other = self.by_code[code]
        cell = f"{self.G}{self.row_of[code]}"
        return self._valid(cell, other.min_value, other.max_value, f"{cell}/{_num(other.max_value)}", otherwise)

    def _score(self, line, r: int) -> str:
        g, w = f"{self.G}{r}", f"{self.W}{r}"
        parts = ",".join(f"{self.S}{self.row_of[c]}" for c in self.children.get(line.code, []))
        if line.rule == "sum":
            return f"SUM({parts})" if parts else "0"
        if line.rule == "mean_items":
            n = len(self.items[line.code])
            return f"{w}*SUM({self.S}{r + 1}:{self.S}{r + n})/{n}"
        if line.rule == "ratio":
            factor = "" if not isinstance(line.multiplier, str) else "*" + self._factor(line.multiplier, "0")
            high = _num(line.max_value)
            return self._valid(g, line.min_value, line.max_value, f"{g}/{high}*{w}{factor}", "0")
        if line.rule == "points":
            return f"SUMPRODUCT((UPPER({self.refs.opinion})=UPPER({g}))*{self.refs.opinion_points})"
        if line.rule == "entered":
            return self._valid(g, line.min_value, line.max_value, g, "0")
        if line.rule == "parameter":
            return self._valid(g, line.min_value, line.max_value, g, _num(line.max_value))
        if line.rule == "rescale":
            return f"SUM({parts})/" + self._factor(line.multiplier, "1")
        raise ValueError(f"line {line.code}: unknown rule {line.rule!r}")

    @staticmethod
    def _rounded(expression: str, decimals: object) -> str:
        """As the engine rounds: a tie at the rounding digit goes toward zero."""
        if decimals is None or pd.isna(decimals):
            return expression
        return f"ROUND({expression}-SIGN({expression})*0.0000000005,{int(decimals)})"

    def item(self, item, r: int) -> None:
        ws, refs, cols = self.ws, self.refs, self.cols
        put(ws, r, cols.code, item.item_id)
        # An item without a letter in the source (A.III.2's only item) shows its id's letter, so that its row
        # reads whole at the top of a printed page too.
        letter = item.letter if isinstance(item.letter, str) and item.letter else str(item.item_id).rsplit(".", 1)[-1]
        self._text(r, "no", f"{letter}.")
        self._text(r, "name", item.question, wrap=True)
        self._text(r, "explain", item.options, wrap=True)
        self._text(r, "choices", item.answer_type)
        answer = put(ws, r, cols.answer, self.answers.get(item.item_id))
        self._answerable(item.item_id, r, answer)
        self.validations[item.answer_type].add(answer.coordinate)
        linked, bukti = self.evidence.get(item.item_id, (None, None))
        self._text(r, "linked", linked, wrap=True)
        self._text(r, "evidence", bukti, wrap=True)
        t, g = cols.letter("choices"), f"{self.G}{r}"
        _formula(
            ws,
            r,
            cols.score,
            f"=SUMPRODUCT(({refs.answer_type}={t}{r})*(UPPER({refs.answer})=UPPER({g}))*{refs.answer_value})",
        )

    def rating(self, line, r: int) -> None:
        put(self.ws, r, self.cols.code, RATING_CODE)
        self._text(r, "name", RATING_LABEL, font=BOLD)
        target = f"{self.S}{self.row_of[line.code]}"
        refs = self.refs
        _formula(self.ws, r, self.cols.score, f"=INDEX({refs.ratings},1+SUMPRODUCT(({refs.rating_lower}<{target})*1))")


def hasil_value(answer: str | None) -> float | str | None:
    """A Hasil input as the worksheet holds it: a number when written as one (as the engine reads it)."""
    if answer is None or pd.isna(answer):
        return None
    text = str(answer)
    return float(text) if NUMBER_RE.fullmatch(text) else text
