"""The Ringkasan sheet of the PMPRB worksheet: one A4 page for the Tim PMPRB and the Tim Pengarah.

Indeks RB and rating, the score of each component and area (or, for 9/2023,
RB General, RB Tematik, Indeks RB and each section) against the previous
year, and the gap to the road map's Indeks RB target. The numbers are
``pmprb_scores``: final answers where the Tim PMPRB has sent them back, the
suggestions before. Last year's figures are shown beside this year's only when
both years used the same instrument; otherwise the note says which instrument
last year's Indeks RB came from. Below the table, the Indeks RB of every assessed
year (``indeks_rb_trend``) with the instrument each was scored on.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from assets.pmprb.instrument import TOTAL_CODE, Instrument
from assets.reports.print_layout import SUMMARY
from assets.reports.table_sheet import TableSpec, write_table_sheet

FORMATS = {"weight": "0.00", "previous": "0.00", "score": "0.00", "change": "+0.00;-0.00;0.00"}
# With items (14/2014, 26/2020): code, name, weight, last year, score, change.
SPEC = TableSpec(
    headers={
        "code": "Kode",
        "name": "Komponen / Area",
        "weight": "Bobot",
        "previous": "Nilai Tahun Lalu",
        "score": "Nilai",
        "change": "Perubahan",
    },
    widths={"code": 8, "name": 46, "weight": 8, "previous": 14, "score": 10, "change": 12},
    formats=FORMATS,
)
# 9/2023: the label ("RB General", "RB Tematik", "Indeks RB") with its value in the next cell.
LINE_SPEC = TableSpec(
    headers={
        "name": "Komponen",
        "score": "Nilai",
        "weight": "Bobot",
        "previous": "Nilai Tahun Lalu",
        "change": "Perubahan",
    },
    widths={"name": 46, "score": 10, "weight": 8, "previous": 14, "change": 12},
    formats=FORMATS,
)
ITEM_LEVELS = ("component", "part", "area")
LINE_TOTALS = ("RB_GENERAL", "RB_TEMATIK", TOTAL_CODE)
LINE_LEVELS = ("section",)
PENYESUAIAN = ("RB_GENERAL_PENYESUAIAN", "INDEKS_RB_PENYESUAIAN")


def summary_codes(scores: pd.DataFrame, instrument: Instrument) -> list[str]:
    """The rows of the Ringkasan table, in line order."""
    if instrument.has_items:
        return scores.loc[scores["level"].isin(ITEM_LEVELS), "code"].tolist()
    by_code = scores.set_index("code")["score"]
    adjusted = any(
        c in by_code and abs(by_code[c] - by_code[c.removesuffix("_PENYESUAIAN")]) > 1e-9 for c in PENYESUAIAN
    )
    totals = [*LINE_TOTALS, *(PENYESUAIAN if adjusted else ())]
    sections = scores.loc[scores["level"].isin(LINE_LEVELS), "code"].tolist()
    return [c for c in totals if c in by_code] + sections


def summary_table(
    scores: pd.DataFrame, previous: pd.DataFrame, instrument: Instrument, codes: list[str] | None = None
) -> pd.DataFrame:
    """The chosen rows of this year's scores beside last year's (same instrument)."""
    codes = summary_codes(scores, instrument) if codes is None else codes
    names = dict(zip(instrument.lines["code"], instrument.lines["name"]))
    rows = scores.set_index("code").loc[codes]
    before = dict(zip(previous["code"], previous["score"])) if len(previous) else {}
    table = pd.DataFrame(
        {
            "code": codes,
            "name": [names.get(c, c) for c in codes],
            "weight": rows["weight"].to_numpy(),
            "previous": [before.get(c) for c in codes],
            "score": rows["score"].to_numpy(),
        }
    )
    table["change"] = [None if p is None or pd.isna(p) else s - p for s, p in zip(table["score"], table["previous"])]
    return table.reset_index(drop=True)


def summary_writer(
    year: int,
    scores: pd.DataFrame,
    previous: pd.DataFrame,
    instrument: Instrument,
    target: float | None,
    last_year: tuple[float, str] | None = None,
    history: pd.DataFrame | None = None,
) -> Callable[[Worksheet], None]:
    """``previous``: last year's scores under the same instrument (may be empty); ``last_year``: last
    year's Indeks RB and its instrument version, whichever instrument it was; ``history``: every
    assessed year's Indeks RB (``trend.COLUMNS``)."""
    total = scores.set_index("code").loc[instrument.rated_line()]
    inputs = set(instrument.items["item_id"]) | set(instrument.worksheet_inputs()["code"])
    answered = scores[scores["code"].isin(inputs)]
    source = answered["answer_source"].value_counts()
    gap = None if target is None else float(total["score"]) - target
    if last_year is None:
        before = ""
    elif last_year[1] == instrument.version:
        before = f"; tahun lalu {last_year[0]:.2f}"
    else:
        before = f"; tahun lalu {last_year[0]:.2f} (instrumen lain: {last_year[1]}, tidak sebanding langsung)"

    def write(ws: Worksheet) -> None:
        notes = [
            f"Indeks RB {year}: {total['score']:.2f} (predikat {total['rating']}){before}",
            f"Target Indeks RB (Road Map): {target:.2f}; selisih {gap:+.2f}"
            if target is not None
            else "Target Indeks RB belum ditetapkan.",
            f"Dasar jawaban: {source.get('final', 0)} final (dari Tim PMPRB), {source.get('suggested', 0)} usulan sistem, "
            f"{int(answered['answer'].isna().sum())} belum dijawab (bernilai 0).",
            "Usulan sistem dihitung dari capaian Rencana Aksi; jawaban final Tim PMPRB menggantikannya.",
        ]
        spec = SPEC if instrument.has_items else LINE_SPEC
        table = summary_table(scores, previous, instrument)
        write_table_sheet(
            ws,
            table[list(spec.headers)],
            spec,
            title=f"RINGKASAN PMPRB TAHUN {year}",
            notes=notes,
            layout=SUMMARY,
        )
        ws["A2"].font = Font(bold=True, size=12)
        for row in range(2, 2 + len(notes)):
            ws.cell(row=row, column=1).alignment = Alignment(wrap_text=False)
        if history is not None and len(history):
            _history(ws, history, list(spec.headers), year)

    return write


def _history(ws: Worksheet, history: pd.DataFrame, columns: list[str], year: int) -> None:
    """The Indeks RB of every assessed year below the table, one line per year: the year and its instrument
    in the name column, the value in the score column, the predikat beside it."""
    label, value = columns.index("name") + 1, columns.index("score") + 1
    start = ws.max_row + 2
    ws.cell(row=start, column=label, value="Indeks RB per tahun (instrumen penilaian)").font = Font(bold=True)
    for row, r in enumerate(history.to_dict("records"), start=start + 1):
        mark = " (tahun ini)" if int(r["year"]) == year else ""
        ws.cell(row=row, column=label, value=f"{int(r['year'])}{mark}: {r['instrument_version']}")
        ws.cell(row=row, column=value, value=float(r["indeks_rb"])).number_format = FORMATS["score"]
        ws.cell(row=row, column=value + 1, value=r["predikat"])
    if history["instrument_version"].nunique() > 1:
        ws.cell(
            row=start + len(history) + 1,
            column=label,
            value="Tahun dengan instrumen berbeda tidak sebanding langsung: selisihnya bukan perubahan yang setara.",
        ).font = Font(italic=True, color="595959")
