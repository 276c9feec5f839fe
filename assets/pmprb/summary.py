"""The Ringkasan sheet of the PMPRB worksheet: one A4 page for the Tim PMPRB and the Tim Pengarah.

Indeks RB and rating, the score of each component and area against the
previous year, and the gap to the road map's Indeks RB target. The numbers are
``pmprb_scores``: final answers where the Tim PMPRB has sent them back, the
suggestions before.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from assets.reports.print_layout import SUMMARY
from assets.reports.table_sheet import TableSpec, write_table_sheet

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
    formats={"weight": "0.00", "previous": "0.00", "score": "0.00", "change": "+0.00;-0.00;0.00"},
)


def summary_table(scores: pd.DataFrame, previous: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Components and areas of this year's scores beside last year's."""
    levels = scores[scores["level"].isin(["component", "area"])]
    before = dict(zip(previous["code"], previous["score"])) if len(previous) else {}
    table = pd.DataFrame(
        {
            "code": levels["code"],
            "name": [names.get(c, c) for c in levels["code"]],
            "weight": levels["weight"],
            "previous": [before.get(c) for c in levels["code"]],
            "score": levels["score"],
        }
    )
    table["change"] = [None if p is None or pd.isna(p) else s - p for s, p in zip(table["score"], table["previous"])]
    return table.reset_index(drop=True)


def summary_writer(
    year: int, scores: pd.DataFrame, previous: pd.DataFrame, names: dict[str, str], target: float | None
) -> Callable[[Worksheet], None]:
    total = scores[scores["level"] == "total"].iloc[0]
    items = scores[(scores["level"] == "item") & scores["code"].str.startswith("A.")]
    source = items["answer_source"].value_counts()
    before = previous[previous["level"] == "total"]["score"]
    gap = None if target is None else float(total["score"]) - target

    def write(ws: Worksheet) -> None:
        notes = [
            f"Indeks RB {year}: {total['score']:.2f} (predikat {total['rating']})"
            + (f"; tahun lalu {before.iloc[0]:.2f}" if len(before) else ""),
            f"Target Indeks RB (Road Map): {target:.2f}; selisih {gap:+.2f}"
            if target is not None
            else "Target Indeks RB belum ditetapkan.",
            f"Dasar jawaban: {source.get('final', 0)} final (dari Tim PMPRB), {source.get('suggested', 0)} usulan sistem, "
            f"{int(items['answer'].isna().sum())} belum dijawab (bernilai 0).",
            "Usulan sistem dihitung dari capaian Rencana Aksi; jawaban final Tim PMPRB menggantikannya.",
        ]
        write_table_sheet(
            ws,
            summary_table(scores, previous, names),
            SPEC,
            title=f"RINGKASAN PMPRB TAHUN {year}",
            notes=notes,
            layout=SUMMARY,
        )
        ws["A2"].font = Font(bold=True, size=12)
        for row in range(2, 2 + len(notes)):
            ws.cell(row=row, column=1).alignment = Alignment(wrap_text=False)

    return write
