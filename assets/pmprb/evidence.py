"""From the year's road-map achievement to the PMPRB worksheet: suggested answers and Hasil inputs.

The rules are in ``suggestions.sql`` and ``hasil_inputs.sql``; their thresholds
are shared data (``sources/instrument/suggestion_rules.csv``). What links an
instrument to one road map belongs to that road map
(``sources/roadmap/pmprb/<version>/lke_links.csv`` and ``hasil_sources.csv``):
a government without them gets no suggestions and no Hasil inputs from the form,
and its worksheet says so.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from assets.csv_files import read_csv_file
from assets.pmprb.instrument import instrument_root
from assets.source_files.schema import HASIL_SOURCES_FILE, LKE_LINKS_FILE, MONITORING_LINES_FILE, SourceFile
from assets.warehouse import read_table, table_exists

HERE = Path(__file__).resolve().parent
SUGGESTIONS_SQL = (HERE / "suggestions.sql").read_text(encoding="utf-8")
HASIL_SQL = (HERE / "hasil_inputs.sql").read_text(encoding="utf-8")
LINE_SQL = (HERE / "line_suggestions.sql").read_text(encoding="utf-8")
SUGGESTIONS_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "linked": "INTEGER",
    "achieved": "INTEGER",
    "share": "DOUBLE",
    "linked_codes": "VARCHAR",
    "bukti_dukung": "VARCHAR",
}
HASIL_SCHEMA = {
    "year": "INTEGER",
    "code": "VARCHAR",
    "answer": "VARCHAR",
    "answer_source": "VARCHAR",
    "outcome": "VARCHAR",
    "source_document": "VARCHAR",
}


def _road_map_table(sources_dir: Path, spec: SourceFile, version: str) -> pd.DataFrame:
    """One of the road map's per-instrument tables, every declared column; no rows when the file is absent."""
    columns = [c.name for c in spec.columns]
    path = Path(sources_dir) / spec.located(version)
    if not path.exists():
        return pd.DataFrame(columns=columns, dtype="str")
    table = read_csv_file(path)
    return table.reindex(columns=columns)


def mapping(sources_dir: Path, version: str) -> pd.DataFrame:
    """The road map's links to the instrument (``lke_code, roadmap_code, level, basis``); none when absent."""
    return _road_map_table(sources_dir, LKE_LINKS_FILE, version)


def monitoring_lines(sources_dir: Path, version: str) -> pd.DataFrame:
    """The road map's lines suggested from its monitoring (``line_code, figure, basis``); none when absent."""
    return _road_map_table(sources_dir, MONITORING_LINES_FILE, version)


def suggestion_note(sources_dir: Path, version: str) -> str:
    """What the worksheet says about where its suggested answers come from (or that there are none)."""
    path = f"sources/{LKE_LINKS_FILE.located(version)}"
    links = mapping(sources_dir, version)
    lines = monitoring_lines(sources_dir, version)
    if not lines.empty:
        codes = ", ".join(lines["line_code"])
        return (
            f"Saran nilai baris {codes} dihitung dari pemantauan Rencana Aksi tahun ini "
            f"(sources/{MONITORING_LINES_FILE.located(version)}): persentase indikator terjadwal yang Tercapai "
            "(Tercapai / (Tercapai + Belum Tercapai + Belum Dilaporkan) x 100; Tidak Dijadwalkan dan Target Tidak "
            "Terukur tidak dihitung). Dipilih karena baris ini menanyakan bagian Rencana Aksi yang terlaksana; "
            "rata-rata capaian akan membiarkan satu indikator jauh di atas target menutupi indikator yang tidak "
            "terlaksana. Saran tetap saran sampai Tim PMPRB mengisi atau mengonfirmasinya."
        )
    if links.empty:
        return (
            f"Tidak ada saran jawaban: road map ini belum memetakan butir LKE instrumen {version} ke kode "
            f"Rencana Aksi ({path} tidak ada). Semua jawaban diisi oleh Tim PMPRB."
        )
    return (
        f"Saran jawaban dihitung dari capaian Rencana Aksi melalui {len(links)} tautan butir LKE ke kode road map "
        f"({path}). Periksa setiap saran sebelum lembar kerja diserahkan."
    )


def suggestions(conn: duckdb.DuckDBPyConnection, sources_dir: Path, year: int, version: str) -> pd.DataFrame:
    rules = read_csv_file(instrument_root(sources_dir) / "suggestion_rules.csv", numeric=["min_share"])
    conn.register("mapping", mapping(sources_dir, version))
    conn.register("rules", rules[["answer_type", "answer", "min_share"]])
    conn.register("lines", monitoring_lines(sources_dir, version))
    conn.register("unit_files", unit_files(conn, year))
    try:
        items = conn.execute(SUGGESTIONS_SQL, {"year": year, "version": version}).df()
        lines = conn.execute(LINE_SQL, {"year": year}).df()
    finally:
        for name in ("mapping", "rules", "lines", "unit_files"):
            conn.unregister(name)
    return pd.concat([items, lines], ignore_index=True) if len(lines) else items


def unit_files(conn: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """The evidence files units attached to their rows of ``year`` in the portal (none before the
    ``evidence_files`` asset has run): ``unit, code, original_name, url``."""
    if not table_exists(conn, "evidence_files"):
        return pd.DataFrame({c: pd.Series(dtype="str") for c in ("unit", "code", "original_name", "url")})
    return read_table(
        conn, "SELECT unit, code, original_name, url FROM evidence_files WHERE year = ? ORDER BY unit, code, id", [year]
    )


def hasil_inputs(conn: duckdb.DuckDBPyConnection, sources_dir: Path, year: int, version: str) -> pd.DataFrame:
    """The year's Hasil inputs from the Indikator Hasil values, through the road map's ``hasil_sources.csv``."""
    conn.register("sources", _road_map_table(sources_dir, HASIL_SOURCES_FILE, version))
    try:
        return conn.execute(HASIL_SQL, {"year": year}).df()
    finally:
        conn.unregister("sources")
