"""Each unit's yearly rapor: its own indicators with target, realisasi, capaian, predikat, status and warnings.

Every unit responsible for an indicator in the year gets one (``outputs/<year>/rapor/<unit>.xlsx``),
whether or not anything of its file was refused: the rapor says how the unit stands, the
feedback workbook what it must correct. The figures are the monitoring workbook's own: the
rows of :data:`~assets.monitoring.sheets.DETAIL` and the unit's line of
:data:`~assets.monitoring.sheets.PER_UNIT`, filtered to the unit, never computed again.

Pure: :func:`build_rapor` takes the frames and returns a workbook; the asset saves it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
from openpyxl import Workbook

from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.monitoring.sheets import DETAIL, REFUSED, SheetSpec
from assets.monitoring.workbook import table_spec
from assets.reports import numbers
from assets.reports.print_layout import print_workbook
from assets.reports.table_sheet import write_table_sheet

RAPOR_SHEET = "Rapor"
REFUSED_SHEET = "Baris Ditolak"
# The detail's columns a unit reads about itself (its own name and the area are on the title).
RAPOR_COLUMNS = (
    "code",
    "indicator",
    "role",
    "target_label",
    "target_unit",
    "realisasi",
    "capaian_pct",
    "predikat",
    "status",
    "plausibility_warning",
)
RAPOR = replace(
    DETAIL,
    name=RAPOR_SHEET,
    columns={c: DETAIL.columns[c] for c in RAPOR_COLUMNS},
    widths={**DETAIL.widths, "indicator": 55, "plausibility_warning": 55},
    sql="",  # the capaian rows alone: the rapor shows no evidence column
    links={},
)
RULE = (
    "Capaian = realisasi / target x 100; Tercapai bila capaian >= 100%. Belum Dilaporkan: tidak ada baris yang "
    "berlaku (bukan nol). Aturan lengkap ada di sheet Rincian Indikator pada workbook monitoring."
)
UNIT_REFUSED = replace(
    REFUSED, name=REFUSED_SHEET, columns={c: h for c, h in REFUSED.columns.items() if c != "unit_name"}
)


def no_rows(spec: SheetSpec) -> pd.DataFrame:
    """An empty table of ``spec``'s columns (a unit with nothing refused)."""
    return pd.DataFrame(columns=list(spec.columns))


def unit_frames(conn, spec: SheetSpec, year: int) -> Mapping[str, pd.DataFrame]:
    """The year's rows of ``spec`` by unit code, in the spec's columns (a unit without rows is absent)."""
    frame = spec.frame(conn, year, keep=("unit",))
    return {code: rows[list(spec.columns)] for code, rows in frame.groupby("unit", sort=True)}


def standing_notes(unit: Mapping, clock: LocalTime = DEFAULT_CLOCK) -> list[str]:
    """The unit's line of Per Unit, in words: when it sent, how many indicators, how many achieved."""
    sent = unit.get("submitted_at_local")
    when = f", berkas dikirim {numbers.wall_time(sent, clock.label)}" if isinstance(sent, pd.Timestamp) else ""
    warned = int(unit.get("warned_values") or 0)
    return [
        f"Status pengiriman: {unit.get('submission_status') or '-'}{when}.",
        f"Indikator dijadwalkan {int(unit.get('scheduled') or 0)}, dilaporkan {int(unit.get('reported') or 0)}, "
        f"tercapai {int(unit.get('achieved') or 0)}; rata-rata capaian {numbers.percent(unit.get('mean_capaian_pct'))} (predikat "
        f"{unit.get('predikat') or '-'}).",
        f"Nilai berperingatan: {warned}. Periksa setiap nilai berwarna kuning: kolom Peringatan Kewajaran "
        "menyebut apa yang diragukan; bila nilainya benar, tulis penjelasan di kolom Keterangan pada laporan "
        "berikutnya, bila salah, perbaiki dan kirim ulang."
        if warned
        else "Nilai berperingatan: 0.",
        "Baris yang ditolak tidak dihitung; alasannya ada di sheet Baris Ditolak dan cara memperbaikinya di berkas "
        "umpan balik unit (feedback/<kode unit>.xlsx).",
    ]


def build_rapor(
    year: int,
    government: str,
    unit: Mapping,
    rows: pd.DataFrame,
    refused: pd.DataFrame,
    fills: Mapping[str, str],
    clock: LocalTime = DEFAULT_CLOCK,
) -> Workbook:
    """The rapor of one unit: ``unit`` its Per Unit line, ``rows`` its detail rows, ``refused`` its refused rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = RAPOR_SHEET
    notes = [*standing_notes(unit, clock), RULE]
    write_table_sheet(
        ws,
        rows,
        table_spec(RAPOR, fills, clock),
        title=f"{government}: Rapor Rencana Aksi {unit['unit_name']} ({unit['unit']}), Tahun {year}",
        notes=notes,
    )
    write_table_sheet(
        wb.create_sheet(REFUSED_SHEET),
        refused,
        table_spec(UNIT_REFUSED, fills, clock),
        title=f"{government}: Baris dan Berkas {unit['unit_name']} yang Ditolak, Tahun {year}",
        notes=[
            *(["Tidak ada berkas atau baris unit ini yang ditolak tahun ini."] if refused.empty else []),
            *(n.format(zone=clock.label) for n in UNIT_REFUSED.notes),
        ],
    )
    print_workbook(wb, government, year)
    return wb
