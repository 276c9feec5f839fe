"""What a finished run of a year says to the analyst at the command line, from the warehouse it wrote.

Units sent and in force, late and missing units by code, rows accepted and
refused, values warned as implausible, and where the feedback workbooks went: the same figures as the rekap
(``collection_status``), in a few lines of Bahasa Indonesia.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from assets.forms.receipts import SAMPLE
from assets.forms.values import format_id
from assets.published import UNIT_FEEDBACK

SUMMARY_SQL = """
SELECT count(*)                                                              AS units,
       count(*) FILTER (WHERE file_in_force IS NOT NULL)                     AS in_force,
       list(unit_code ORDER BY unit_code) FILTER (WHERE status = 'Terlambat')      AS late,
       list(unit_code ORDER BY unit_code) FILTER (WHERE status = 'Belum Mengirim') AS missing,
       coalesce(sum(rows_accepted), 0)                                       AS accepted,
       coalesce(sum(rows_refused), 0)                                        AS refused,
       count(*) FILTER (WHERE rows_refused > 0 OR rejected_files > 0)        AS units_told
FROM collection_status
WHERE year = ?
"""


SAMPLES_SQL = "SELECT count(*) FROM submissions WHERE year = ? AND status = 'berlaku' AND received_basis = ?"
# Values a plausibility rule warns about (sources/monitoring/plausibility_rules.csv): they count, and are to be checked.
WARNED_SQL = "SELECT coalesce(sum(warned_values), 0) FROM unit_summary WHERE year = ?"


def year_summary(warehouse: Path, outputs: Path, year: int) -> list[str]:
    """The lines printed under ``annual <year>: ok``; none when the warehouse has no collection of that year."""
    if not Path(warehouse).exists():
        return []
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "collection_status" not in tables:
            return []
        units, in_force, late, missing, accepted, refused, told = conn.execute(SUMMARY_SQL, [year]).fetchone()
        samples = conn.execute(SAMPLES_SQL, [year, SAMPLE]).fetchone()[0]
        warned = conn.execute(WARNED_SQL, [year]).fetchone()[0] if "unit_summary" in tables else 0
    if not units:
        return []
    feedback = UNIT_FEEDBACK.folder(outputs, year)
    workbooks = sorted(feedback.glob("*.xlsx")) if feedback.is_dir() else []
    return [
        f"berkas berlaku: {in_force} dari {units} unit; terlambat: {_codes(late)}; belum mengirim: {_codes(missing)}",
        f"baris diterima: {format_id(int(accepted))}; baris ditolak: {format_id(int(refused))} "
        f"({told} unit perlu memperbaiki); nilai berperingatan: {format_id(int(warned))} (tetap dihitung, periksa)",
        f"umpan balik: {len(workbooks)} berkas di {feedback}" if workbooks else "umpan balik: tidak ada",
        f"PERHATIAN: {samples} berkas berlaku adalah data contoh (samples/generator.py)"
        if samples
        else "data contoh: tidak ada berkas contoh yang berlaku",
    ]


def _codes(codes: list[str] | None) -> str:
    return f"{len(codes)} ({', '.join(codes)})" if codes else "0"
