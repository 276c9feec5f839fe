"""The monitoring workbook: Ringkasan with a chart, then one sheet per table.

Pure: it takes DataFrames and returns an openpyxl Workbook; the asset saves it
with :func:`assets.xlsx_files.save_workbook`. The sheets are the
:data:`~assets.monitoring.sheets.TABLE_SHEETS`, in that order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.monitoring.bands import band_note
from assets.monitoring.bands import fills as band_fills
from assets.monitoring.sheets import EVIDENCE, PER_AREA, SUMMARY_NOTES, TABLE_SHEETS, SheetSpec
from assets.reports.print_layout import SUMMARY as SUMMARY_PAGE
from assets.reports.print_layout import place_chart, print_workbook
from assets.reports.table_sheet import TableSpec, write_table_sheet

SUMMARY = "Ringkasan"
NOT_REPORTED_FILL = PatternFill("solid", fgColor="D9D9D9")
COLOURED = ("predikat", "capaian_pct", "mean_capaian_pct")


def build_workbook(
    year: int,
    government: str,
    headline: pd.DataFrame,
    tables: Mapping[str, pd.DataFrame],
    bands: pd.DataFrame,
    clock: LocalTime = DEFAULT_CLOCK,
) -> Workbook:
    """``tables``: sheet name -> the frame of its :class:`SheetSpec`; ``bands``: the predikat bands;
    ``clock``: the road map's local time, whose label ({zone}) the headers and notes carry."""
    fills = band_fills(bands)
    notes = {"bands": band_note(bands), "zone": clock.label}
    wb = Workbook()
    summary = wb.active
    summary.title = SUMMARY
    sheets = {spec.name: wb.create_sheet(spec.name) for spec in TABLE_SHEETS}
    header_rows = {}
    for spec in sorted(TABLE_SHEETS, key=lambda s: s is not EVIDENCE):  # File Bukti first: others link into it
        header_rows[spec.name] = write_table_sheet(
            sheets[spec.name],
            _evidence_places(tables[spec.name], spec, header_rows.get(EVIDENCE.name)),
            table_spec(spec, fills, clock),
            title=f"{government}: {spec.title.format(year=year)}",
            notes=[n.format(**notes) for n in spec.notes],
        )
    header = _write_summary(summary, year, government, headline, fills, [n.format(**notes) for n in SUMMARY_NOTES])
    _area_chart(
        summary, header + len(headline), wb[PER_AREA.name], header_rows[PER_AREA.name], len(tables[PER_AREA.name])
    )
    wb.active = 0
    print_workbook(wb, government, year)
    return wb


def table_spec(spec: SheetSpec, fills: Mapping[str, str], clock: LocalTime = DEFAULT_CLOCK) -> TableSpec:
    return TableSpec(
        headers=clock.headers(spec.columns),
        widths=spec.widths,
        formats=spec.formats,
        fill=_row_fill(spec, fills),
        links=spec.links,
    )


def _evidence_places(frame: pd.DataFrame, spec: SheetSpec, evidence_header: int | None) -> pd.DataFrame:
    """``frame`` with each link "#<n>" (the n-th row of the File Bukti sheet) made that row's cell."""
    if not spec.links or evidence_header is None:
        return frame
    out = frame.copy()
    for column in spec.links.values():
        out[column] = [
            f"#'{EVIDENCE.name}'!A{evidence_header + int(link[1:])}"
            if isinstance(link, str) and link[1:].isdigit() and link.startswith("#")
            else link
            for link in out[column]
        ]
    return out


def _row_fill(spec: SheetSpec, fills: Mapping[str, str]) -> Callable[[Mapping], Mapping[str, PatternFill]]:
    patterns = {p: PatternFill("solid", fgColor=rgb) for p, rgb in fills.items()}
    statuses = {"Belum Dilaporkan": NOT_REPORTED_FILL, **spec.status_fills}

    def fill(row: Mapping) -> Mapping[str, PatternFill]:
        out = {}
        band = patterns.get(row.get("predikat"))
        if band is not None:
            out.update({c: band for c in COLOURED if c in spec.columns})
        if row.get("status") in statuses and "status" in spec.columns:
            out["status"] = statuses[row["status"]]
        if spec.warned_fill is not None and isinstance(row.get("plausibility_warning"), str):
            out.update({c: spec.warned_fill for c in ("realisasi", "plausibility_warning")})
        return out

    return fill


def _write_summary(
    ws: Worksheet, year: int, government: str, headline: pd.DataFrame, fills: Mapping[str, str], notes: Sequence[str]
) -> int:
    frame = headline[["label", "value"]]
    spec = TableSpec(
        headers={"label": "Uraian", "value": "Nilai"},
        widths={"label": 48, "value": 16},
        fill=lambda row: {"value": PatternFill("solid", fgColor=fills[row["value"]])} if row["value"] in fills else {},
    )
    header = write_table_sheet(
        ws,
        frame,
        spec,
        title=f"{government}: Ringkasan Pemantauan Rencana Aksi Reformasi Birokrasi Tahun {year}",
        notes=notes,
        layout=SUMMARY_PAGE,
    )
    for i, number_format in enumerate(headline["format"], start=header + 1):
        if isinstance(number_format, str):
            ws.cell(row=i, column=2).number_format = number_format
    return header


def _area_chart(summary: Worksheet, below_row: int, areas: Worksheet, header_row: int, rows: int) -> None:
    if rows == 0:
        return
    columns = list(PER_AREA.columns)
    name_col = columns.index("area") + 1
    mean_col = columns.index("mean_capaian_pct") + 1
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Rata-rata capaian per area (%)"
    chart.y_axis.title = "Capaian (%)"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 100
    chart.legend = None
    chart.height = 9 + 0.6 * rows
    chart.width = 22
    values = Reference(areas, min_col=mean_col, min_row=header_row, max_row=header_row + rows)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(Reference(areas, min_col=name_col, min_row=header_row + 1, max_row=header_row + rows))
    place_chart(summary, chart, below_row)
