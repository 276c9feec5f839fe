"""The source check: every file in ``sources/`` read before anything runs, each problem said once.

``check_sources(sources_dir)`` returns the problems, each with its file, line
and column and, in Bahasa Indonesia, what is wrong and what to write instead.
A ``GALAT`` stops the run before any step starts (``ProjectFiles`` raises
:class:`SourcesInvalid` when a run is set up, the command line prints the lines
and exits non-zero, the sample generator writes nothing); a ``CATATAN`` says
how the pipeline reads something left out (an optional column absent takes its
default, a year mapped to an instrument that is not there gets no PMPRB
worksheet) and stops nothing.

The rules the Great Expectations suites hold for whole tables stay there; this
check speaks first, for what a person edits by hand, and across files (a unit
the catalogue names but the registry lacks, a year outside the road map's
period, a deadline before its year ends).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from assets.csv_files import INVALID_COLUMN, LINE_COLUMN, read_csv_file, split_list
from assets.forms.collection import CONFIG as COLLECTION_FILE
from assets.forms.probe import Limits
from assets.local_time import DEFAULT_CLOCK, ZONE_LABELS
from assets.pmprb.instrument import INPUT_RULES, load_instrument
from assets.reports.signature import KEYS as SIGNATURE_KEYS
from assets.reports.signature import SECTION as SIGNATURE_SECTION
from assets.roadmap.catalogue import ALL_UNITS, normalise_name
from assets.source_files.evidence import KEYS as EVIDENCE_KEYS
from assets.source_files.evidence import KNOWN_TYPES, SECTION
from assets.source_files.schema import (
    HASIL_INPUTS_FILE,
    HASIL_SOURCES_FILE,
    INSTRUMENT_YEARS_FILE,
    LKE_LINKS_FILE,
    MONITORING_LINES_FILE,
    OUTCOMES_FILE,
    PLAUSIBILITY_FIELDS,
    PLAUSIBILITY_FILE,
    RENCANA_AKSI_FILE,
    SCALES_FILE,
    UNITS_FILE,
    SourceFile,
)

ERROR, NOTE = "GALAT", "CATATAN"
ROADMAP_FILE = "roadmap/roadmap.toml"
UNIT_CODE = re.compile(r"^[A-Z0-9_]+$")
INDICATOR_CODE = re.compile(r"^(?:\d+\.\d+\.[a-z](?:\.\d+)?|QW\.\d+(?:\.\d+)?)$")
# Files every government keeps as the project ships them (national rules, not a government's own).
SHARED_FILES = ("monitoring/predikat_bands.csv", "monitoring/plausibility_rules.csv")
IDENTITY_KEYS = {
    "id": str,
    "government": str,
    "regulation": str,
    "title": str,
    "first_year": int,
    "last_year": int,
    "catalogue_version": str,
}
OPTIONAL_IDENTITY_KEYS = {"timezone": str}


@dataclass(frozen=True)
class Problem:
    """One problem in one place of one source file."""

    file: str  # relative to sources/
    message: str
    line: int | None = None
    column: str | None = None
    column_no: int | None = None
    severity: str = ERROR

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f" baris {self.line}"
        if self.column:
            where += f" kolom {self.column_no} ({self.column})" if self.column_no else f" kolom {self.column}"
        return f"{self.severity} {where}: {self.message}"


class SourcesInvalid(ValueError):
    """The sources folder has errors; the message is the check's error lines, nothing else."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in errors(problems)))


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def require_valid(sources_dir: Path) -> list[Problem]:
    """The check's notes when there is no error; :class:`SourcesInvalid` (every line) when there is one."""
    problems = check_sources(sources_dir)
    if errors(problems):
        raise SourcesInvalid(problems)
    return problems


def check_sources(sources_dir: Path) -> list[Problem]:
    """Every problem in the sources folder, in file order, each once."""
    sources = Path(sources_dir)
    out: list[Problem] = []
    period = _check_identity(sources, out)
    units = _check_units(sources, period, out)
    _check_catalogue(sources, period, units, out)
    _check_outcomes(sources, out)
    _check_collection(sources, period, units, out)
    _check_instrument_years(sources, period, out)
    _check_pmprb_links(sources, out)
    _check_plausibility(sources, out)
    for shared in SHARED_FILES:
        if not (sources / shared).exists():
            out.append(
                Problem(shared, "Berkas tidak ada. Salin dari sources/ proyek ini: isinya sama untuk setiap pemda.")
            )
    return list(dict.fromkeys(out))


def _suggest(value: str, candidates: Iterable[str], what: str) -> str:
    """The closest candidates to a misspelt ``value`` (difflib), or "Tulis salah satu <what>."."""
    close = difflib.get_close_matches(value, list(dict.fromkeys(candidates)), n=3, cutoff=0.6)
    if close:
        return "Mungkin maksudnya: " + ", ".join(f'"{c}"' for c in close) + "."
    return f"Tulis salah satu {what}."


def _unknown(value: str, allowed: Iterable[str]) -> str:
    """ "'x' tidak dikenal. Mungkin maksudnya: "y". Pilihan: a, b, c." for a value outside a closed list."""
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=3, cutoff=0.6)
    hint = ("Mungkin maksudnya: " + ", ".join(f'"{c}"' for c in close) + ". ") if close else ""
    return f"'{value}' tidak dikenal. {hint}Pilihan: {_allowed(allowed)}."


def _allowed(values: Iterable[str]) -> str:
    return ", ".join(values)


# --- roadmap.toml -------------------------------------------------------------------------------------------


def _check_identity(sources: Path, out: list[Problem]) -> range | None:
    """The road map's period (first_year..last_year), or None when roadmap.toml cannot give it."""
    read = _read_toml(sources, ROADMAP_FILE, out, "Berkas tidak ada. Buat dari contoh di docs/adopting.md.", ERROR)
    if read is None:
        return None
    data, line_of = read
    table = data.get("roadmap")
    if not isinstance(table, dict):
        out.append(Problem(ROADMAP_FILE, "Bagian [roadmap] tidak ada. Tulis baris [roadmap] di atas isinya."))
        return None
    for key, kind in IDENTITY_KEYS.items():
        if key not in table:
            out.append(Problem(ROADMAP_FILE, f"Kunci {key} tidak ada di [roadmap]. Tulis {key} = {_example(kind)}."))
        elif not isinstance(table[key], kind) or isinstance(table[key], bool):
            out.append(
                Problem(ROADMAP_FILE, f"{key} harus {_kind_name(kind)}; tertulis {table[key]!r}.", line_of.get(key))
            )
    _unknown_keys(ROADMAP_FILE, table, {*IDENTITY_KEYS, *OPTIONAL_IDENTITY_KEYS}, line_of, out)
    zone = table.get("timezone")
    if zone is None:
        out.append(
            Problem(
                ROADMAP_FILE,
                f"Kunci timezone tidak ada: dipakai nilai bawaan {DEFAULT_CLOCK.name} ({DEFAULT_CLOCK.label}).",
                severity=NOTE,
            )
        )
    elif zone not in ZONE_LABELS:
        zones = ", ".join(f"{name} ({label})" for name, label in ZONE_LABELS.items())
        out.append(
            Problem(
                ROADMAP_FILE, f"Zona waktu '{zone}' tidak dikenal. Tulis salah satu: {zones}.", line_of.get("timezone")
            )
        )
    first, last = table.get("first_year"), table.get("last_year")
    if not (isinstance(first, int) and isinstance(last, int)):
        return None
    if first > last:
        out.append(
            Problem(
                ROADMAP_FILE,
                f"first_year {first} sesudah last_year {last}. Tukar keduanya.",
                line_of.get("first_year"),
            )
        )
        return None
    return range(first, last + 1)


def _read_toml(
    sources: Path, name: str, out: list[Problem], absent: str, severity: str
) -> tuple[dict, dict[str, int]] | None:
    """(the TOML file's data, each key's line), or None (said in ``out``) when absent or unreadable."""
    path = sources / name
    if not path.exists():
        out.append(Problem(name, absent, severity=severity))
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), _toml_lines(path)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        out.append(Problem(name, f"Tidak terbaca sebagai TOML: {exc}."))
        return None


def _unknown_keys(name: str, table: dict, known: set[str], lines: dict[str, int], out: list[Problem]) -> None:
    for key in table:
        if key not in known:
            out.append(Problem(name, "Kunci " + _unknown(key, sorted(known)), lines.get(key)))


def _toml_lines(path: Path) -> dict[str, int]:
    """Line number of each ``key = ...`` (first occurrence), for pointing at it."""
    lines: dict[str, int] = {}
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"\s*([\w-]+)\s*=", text)
        if match:
            lines.setdefault(match.group(1), number)
    return lines


def _kind_name(kind: type) -> str:
    return "bilangan bulat (tanpa tanda kutip)" if kind is int else "teks dalam tanda kutip"


def _example(kind: type) -> str:
    return "2025" if kind is int else '"..."'


# --- CSV files ----------------------------------------------------------------------------------------------


def _read(sources: Path, spec: SourceFile, out: list[Problem], **numbers) -> pd.DataFrame | None:
    """The file as the loaders read it, after its header was checked; None when it cannot be used."""
    path = sources / spec.path
    if not path.exists():
        out.append(Problem(spec.path, "Berkas tidak ada. Lihat kolom-kolomnya di docs/adopting.md."))
        return None
    try:
        df = read_csv_file(path, **numbers)
    except (ValueError, UnicodeDecodeError) as exc:
        out.append(Problem(spec.path, f"Tidak terbaca sebagai CSV: {exc}."))
        return None
    header = [c for c in df.columns if c not in (LINE_COLUMN, INVALID_COLUMN)]
    declared = [c.name for c in spec.columns]
    missing = [c for c in spec.required if c not in header]
    for name in missing:
        out.append(
            Problem(
                spec.path,
                f"Kolom wajib {name} tidak ada di baris judul. Tambahkan kolom {name} ({spec.column(name).kind}).",
                line=1,
            )
        )
    for column in spec.optional:
        if column.name not in header and column.default_means:  # the others are simply empty
            default = column.default or "kosong"
            means = f" ({column.default_means})" if column.default_means else ""
            out.append(
                Problem(
                    spec.path,
                    f"Kolom {column.name} tidak ada: dipakai nilai bawaan {default}{means}.",
                    line=1,
                    severity=NOTE,
                )
            )
    for position, name in enumerate(header, start=1):
        if name not in declared:
            out.append(
                Problem(
                    spec.path,
                    f"Kolom {name} tidak dikenal dan tidak dibaca. {_suggest(name, declared, 'nama kolom')}",
                    line=1,
                    column=name,
                    column_no=position,
                    severity=NOTE,
                )
            )
    if missing:
        return None
    df.attrs["positions"] = {name: i for i, name in enumerate(header, start=1)}
    return df


def _at(spec: SourceFile, df: pd.DataFrame, row: dict, column: str, message: str, severity: str = ERROR) -> Problem:
    return Problem(
        spec.path, message, int(row[LINE_COLUMN]), column, df.attrs["positions"].get(column), severity=severity
    )


def _text(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def _unreadable_numbers(spec: SourceFile, df: pd.DataFrame, out: list[Problem]) -> None:
    for row in df.to_dict("records"):
        for column in split_list(row[INVALID_COLUMN]):
            out.append(
                _at(
                    spec,
                    df,
                    row,
                    column,
                    f"'{row[column] if pd.notna(row[column]) else ''}' bukan angka. "
                    f"Tulis {spec.column(column).kind} (mis. 12 atau 0,5), atau kosongkan.",
                )
            )


def _closed_lists(spec: SourceFile, df: pd.DataFrame, row: dict, names: Iterable[str], out: list[Problem]) -> None:
    """A value outside its column's allowed values, for each of ``names`` (an empty cell is left to the caller)."""
    for name in names:
        allowed = spec.column(name).allowed
        value = _text(row.get(name))
        if value is not None and value not in allowed:
            out.append(_at(spec, df, row, name, _unknown(value, allowed)))


def _duplicates(spec: SourceFile, df: pd.DataFrame, column: str, what: str, out: list[Problem]) -> None:
    first: dict[str, int] = {}
    for row in df.to_dict("records"):
        value = _text(row[column])
        if value is None:
            continue
        if value in first:
            out.append(
                _at(spec, df, row, column, f"{what} '{value}' sudah dipakai di baris {first[value]}. Pakai kode lain.")
            )
        else:
            first[value] = int(row[LINE_COLUMN])


def _check_units(sources: Path, period: range | None, out: list[Problem]) -> pd.DataFrame | None:
    spec = UNITS_FILE
    df = _read(sources, spec, out, integer=["active_from", "active_to"])
    if df is None:
        return None
    _unreadable_numbers(spec, df, out)
    _duplicates(spec, df, "code", "Kode unit", out)
    _duplicates(spec, df, "name", "Nama unit", out)
    for row in df.to_dict("records"):
        code, name = _text(row["code"]), _text(row["name"])
        if code is None:
            out.append(_at(spec, df, row, "code", "Kode unit kosong. Tulis kode singkat, mis. ORG."))
        elif not UNIT_CODE.match(code):
            fixed = re.sub(r"[^A-Z0-9_]", "_", code.upper())
            out.append(
                _at(spec, df, row, "code", f"Kode '{code}' hanya boleh huruf besar, angka dan _. Tulis mis. {fixed}.")
            )
        if name is None:
            out.append(_at(spec, df, row, "name", "Nama unit kosong. Tulis nama unit seperti di road map."))
        elif name.strip().lower() == ALL_UNITS.lower():
            out.append(_at(spec, df, row, "name", f"'{ALL_UNITS}' dicadangkan untuk seluruh unit; pakai nama lain."))
        start, end = row.get("active_from"), row.get("active_to")
        if pd.notna(start) and pd.notna(end) and end < start:
            out.append(
                _at(
                    spec,
                    df,
                    row,
                    "active_to",
                    f"active_to {end} lebih awal dari active_from {start}. "
                    f"Tulis tahun {start} atau sesudahnya, atau kosongkan (aktif sampai akhir road map).",
                )
            )
        for column, year in (("active_from", start), ("active_to", end)):
            if pd.notna(year) and period is not None and not (period.start - 50 <= year <= period.stop + 50):
                out.append(_at(spec, df, row, column, f"Tahun {year} tidak masuk akal. Tulis tahun empat angka."))
    return df


def _unit_spellings(units: pd.DataFrame) -> dict[str, str]:
    """Every spelling the registry knows, normalised as the catalogue resolves it -> as written."""
    spellings: dict[str, str] = {}
    for code, name, aliases in zip(units["code"], units["name"], units.get("aliases", [None] * len(units))):
        for spelling in [_text(code), _text(name), *split_list(aliases)]:
            if spelling:
                spellings.setdefault(normalise_name(spelling), spelling)
    return spellings


def _check_catalogue(sources: Path, period: range | None, units: pd.DataFrame | None, out: list[Problem]) -> None:
    spec = RENCANA_AKSI_FILE
    df = _read(sources, spec, out, numeric=["target_value", "target_min", "target_max"], integer=["seed_line"])
    if df is None:
        return
    _unreadable_numbers(spec, df, out)
    _duplicates(spec, df, "code", "Kode indikator", out)
    spellings = _unit_spellings(units) if units is not None else None
    names = [_text(n) for n in units["name"]] if units is not None else []
    for row in df.to_dict("records"):
        code = _text(row["code"])
        if code is None or not INDICATOR_CODE.match(code):
            out.append(
                _at(
                    spec,
                    df,
                    row,
                    "code",
                    f"Kode '{code or ''}' tidak berbentuk <area>.<sub>.<huruf> (mis. 1.2.a) atau QW.<n>.",
                )
            )
        for column in ("area_no", "indicator"):
            if _text(row[column]) is None:
                out.append(_at(spec, df, row, column, f"Kolom {column} kosong. Isi ({spec.column(column).kind})."))
        _closed_lists(spec, df, row, ("target_kind", "target_period", "joint_rule"), out)
        if _text(row.get("target_kind")) is None:
            allowed = _allowed(spec.column("target_kind").allowed)
            out.append(_at(spec, df, row, "target_kind", f"Jenis target kosong. Tulis salah satu: {allowed}."))
        responsible = split_list(row["responsible"])
        if not responsible:
            out.append(_at(spec, df, row, "responsible", "Penanggung jawab kosong. Tulis nama unit dari units.csv."))
        if len(responsible) > 1 and _text(row.get("joint_rule")) is None:
            out.append(
                _at(
                    spec,
                    df,
                    row,
                    "joint_rule",
                    "Penanggung jawab lebih dari satu unit tetapi joint_rule kosong. "
                    "Tulis each (setiap unit melapor sendiri) atau lead (hanya unit pertama yang dinilai).",
                )
            )
        if spellings is not None:
            for name in responsible:
                if name != ALL_UNITS and normalise_name(name) not in spellings:
                    out.append(
                        _at(
                            spec,
                            df,
                            row,
                            "responsible",
                            f"Unit '{name}' tidak ada di units.csv. "
                            f"{_suggest(name, [*names, *spellings.values()], 'nama unit dari units.csv')} "
                            "Perbaiki ejaannya, tambahkan sebagai alias di units.csv, atau tambahkan unitnya.",
                        )
                    )
        _check_years(spec, df, row, period, out)


def _check_years(spec: SourceFile, df: pd.DataFrame, row: dict, period: range | None, out: list[Problem]) -> None:
    def say(message: str, severity: str = ERROR) -> None:
        out.append(_at(spec, df, row, "years", message, severity))

    text = _text(row["years"])
    if text is None:
        say("Tahun pelaksanaan kosong: indikator ini tidak dijadwalkan pada tahun mana pun.", NOTE)
    for year in split_list(text):
        if not re.fullmatch(r"\d{4}", year):
            say(f"'{year}' bukan tahun. Tulis tahun dipisah ';', mis. 2025;2026.")
        elif period is not None and int(year) not in period:
            first, last = period.start, period.stop - 1
            say(
                f"Tahun {year} di luar periode road map {first}-{last} (roadmap.toml). "
                f"Tulis tahun {first} sampai {last}, atau ubah first_year/last_year."
            )


def _check_outcomes(sources: Path, out: list[Problem]) -> None:
    scales_spec, spec = SCALES_FILE, OUTCOMES_FILE
    scales = _read(sources, scales_spec, out, integer=["rank"])
    if scales is not None:
        _unreadable_numbers(scales_spec, scales, out)
    df = _read(sources, spec, out, numeric=["min_value", "max_value"])
    if df is None:
        return
    _unreadable_numbers(spec, df, out)
    _duplicates(spec, df, "outcome", "Kode indikator hasil", out)
    on_scale: dict[str, list[str]] = {}
    if scales is not None:
        for scale, value in zip(scales["scale"], scales["value"]):
            on_scale.setdefault(str(scale), []).append(str(value))
    for row in df.to_dict("records"):
        _closed_lists(spec, df, row, ("comparator", "value_kind"), out)
        if _text(row.get("value_kind")) == "ordinal" and scales is not None:
            scale = _text(row.get("scale"))
            if scale not in on_scale:
                known = _allowed(on_scale) or "(belum ada)"
                out.append(
                    _at(
                        spec,
                        df,
                        row,
                        "scale",
                        f"Skala '{scale or ''}' tidak ada di ordinal_scales.csv. Tulis salah satu: {known}.",
                    )
                )
            elif _text(row["target_value"]) not in on_scale[scale]:
                out.append(
                    _at(
                        spec,
                        df,
                        row,
                        "target_value",
                        f"'{row['target_value']}' tidak ada pada skala {scale}. Tulis salah satu: {_allowed(on_scale[scale])}.",
                    )
                )


# --- collection.toml and instrument_years.csv --------------------------------------------------------------


def _check_collection(sources: Path, period: range | None, units: pd.DataFrame | None, out: list[Problem]) -> None:
    absent = "Berkas tidak ada: tanpa batas waktu (semua kiriman tepat waktu) dan batas berkas bawaan."
    read = _read_toml(sources, COLLECTION_FILE, out, absent, NOTE)
    if read is None:
        return
    data, lines = read
    limits = {f.name for f in fields(Limits)}
    _unknown_keys(COLLECTION_FILE, data.get("limits", {}), limits, lines, out)
    for key, value in data.get("limits", {}).items():
        if key in limits and isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            out.append(Problem(COLLECTION_FILE, f"{key} harus angka lebih dari 0; tertulis {value!r}.", lines.get(key)))
    _check_evidence(data.get(SECTION, {}), lines, out)
    coordinator = data.get("forms", {}).get("coordinator_unit")
    if coordinator is not None and units is not None and coordinator not in set(units["code"]):
        out.append(
            Problem(
                COLLECTION_FILE,
                f"coordinator_unit '{coordinator}' bukan kode unit di units.csv. "
                f"{_suggest(str(coordinator), [str(c) for c in units['code']], 'kode dari units.csv')}",
                lines.get("coordinator_unit"),
            )
        )
    _check_signature(data.get(SIGNATURE_SECTION, {}), lines, out)
    deadlines = data.get("deadlines", {})
    for key, value in deadlines.items():
        line = lines.get(key)
        if not re.fullmatch(r"\d{4}", str(key)):
            out.append(
                Problem(COLLECTION_FILE, f"'{key}' di [deadlines] bukan tahun. Tulis mis. 2025 = 2026-01-31.", line)
            )
            continue
        year = int(key)
        if period is not None and year not in period:
            out.append(
                Problem(
                    COLLECTION_FILE,
                    f"Tahun {year} di luar periode road map {period.start}-{period.stop - 1}. "
                    "Hapus baris ini atau tulis tahun dalam periode.",
                    line,
                )
            )
        day = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
        if day is None:
            out.append(
                Problem(
                    COLLECTION_FILE, f"Batas waktu {year} harus tanggal tanpa tanda kutip, mis. {year + 1}-01-31.", line
                )
            )
        elif day <= dt.date(year, 12, 31):
            out.append(
                Problem(
                    COLLECTION_FILE,
                    f"Batas waktu {year} ({day:%d-%m-%Y}) jatuh sebelum tahun {year} berakhir: laporan tahunan baru "
                    f"bisa dikirim sesudah 31-12-{year}. Tulis tanggal sesudahnya, mis. {year + 1}-01-31.",
                    line,
                )
            )
    if period is not None:
        absent = [str(y) for y in period if str(y) not in deadlines]
        if absent:
            out.append(
                Problem(
                    COLLECTION_FILE,
                    f"Tahun {', '.join(absent)} tanpa batas waktu di [deadlines]: semua kiriman tahun itu tepat waktu.",
                    severity=NOTE,
                )
            )


def _check_evidence(table: dict, lines: dict[str, int], out: list[Problem]) -> None:
    """``[evidence]``: the limits of the files units attach to their rows (``evidence.py``)."""
    _unknown_keys(COLLECTION_FILE, table, EVIDENCE_KEYS, lines, out)
    for key in ("max_mb", "max_per_row"):
        value = table.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float) or value <= 0):
            out.append(Problem(COLLECTION_FILE, f"{key} harus angka lebih dari 0; tertulis {value!r}.", lines.get(key)))
    types = table.get("types")
    if types is None:
        return
    if not isinstance(types, list) or not types:
        out.append(
            Problem(
                COLLECTION_FILE,
                f"types harus daftar jenis file, mis. {_allowed(list(KNOWN_TYPES))}.",
                lines.get("types"),
            )
        )
        return
    for kind in types:
        if str(kind).lower().lstrip(".") not in KNOWN_TYPES:
            out.append(
                Problem(
                    COLLECTION_FILE,
                    f"Jenis file bukti '{kind}' tidak dikenal; tulis salah satu dari: {_allowed(list(KNOWN_TYPES))}.",
                    lines.get("types"),
                )
            )


def _check_signature(table: dict, lines: dict[str, int], out: list[Problem]) -> None:
    """``[laporan]``: the Laporan Monev's signature block, every key optional text."""
    _unknown_keys(COLLECTION_FILE, table, set(SIGNATURE_KEYS), lines, out)
    for key, value in table.items():
        if key in SIGNATURE_KEYS and not isinstance(value, str):
            out.append(
                Problem(
                    COLLECTION_FILE,
                    f'{key} di [laporan] harus teks dalam tanda kutip, mis. {key} = "...".',
                    lines.get(key),
                )
            )


def _check_instrument_years(sources: Path, period: range | None, out: list[Problem]) -> None:
    spec = INSTRUMENT_YEARS_FILE
    if not (sources / spec.path).exists():
        out.append(Problem(spec.path, "Berkas tidak ada: tidak ada lembar kerja PMPRB.", severity=NOTE))
        return
    df = _read(sources, spec, out, integer=["year"])
    if df is None:
        return
    _unreadable_numbers(spec, df, out)
    _duplicates(spec, df, "year", "Tahun", out)
    root = sources / "instrument"
    versions = sorted(p.parent.name for p in root.glob("*/instrument.csv"))
    for row in df.to_dict("records"):
        year, version = row["year"], _text(row["instrument_version"])
        if pd.notna(year) and period is not None and year not in period:
            out.append(
                _at(spec, df, row, "year", f"Tahun {year} di luar periode road map; baris ini tidak dipakai.", NOTE)
            )
        if version is None:
            out.append(_at(spec, df, row, "instrument_version", f"Kosong. Tulis salah satu: {_allowed(versions)}."))
        elif version not in versions:
            out.append(
                _at(
                    spec,
                    df,
                    row,
                    "instrument_version",
                    f"Instrumen '{version}' tidak ada (folder instrument/{version}/ dengan instrument.csv): "
                    f"tahun {year} tanpa lembar kerja PMPRB. "
                    f"{_suggest(version, versions, 'dari: ' + (_allowed(versions) or '(belum ada)'))}",
                    NOTE,
                )
            )


# --- the road map's links to each PMPRB instrument (roadmap/pmprb/<versi>/) -------------------------------


def _check_pmprb_links(sources: Path, out: list[Problem]) -> None:
    """Each ``roadmap/pmprb/<versi>/`` names an instrument that exists, its codes, and this road map's codes."""
    root = sources / "roadmap" / "pmprb"
    if not root.is_dir():
        return
    versions = sorted(p.parent.name for p in (sources / "instrument").glob("*/instrument.csv"))
    catalogue = _codes(sources / RENCANA_AKSI_FILE.path, "code")
    roadmap_outcomes = _codes(sources / OUTCOMES_FILE.path, "outcome")
    for version in versions:
        _check_hasil_inputs(sources, replace(HASIL_INPUTS_FILE, path=HASIL_INPUTS_FILE.located(version)), out)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        version = folder.name
        if version not in versions:
            choices = _allowed(versions) or "(belum ada)"
            out.append(
                Problem(
                    f"roadmap/pmprb/{version}/",
                    f"Instrumen '{version}' tidak ada (folder instrument/{version}/ dengan instrument.csv): "
                    "pemetaan di folder ini tidak dipakai. Beri folder ini nama versi instrumen. "
                    f"{_suggest(version, versions, 'dari: ' + choices)}",
                )
            )
            continue
        lke, hasil = _instrument_codes(sources / "instrument" / version)
        inputs = sources / HASIL_INPUTS_FILE.located(version)
        outcomes = roadmap_outcomes
        if outcomes is not None and inputs.exists():
            outcomes = outcomes | (_codes(inputs, "code") or set())
        known = {
            LKE_LINKS_FILE: {
                "lke_code": (lke, f"kode butir atau sub-komponen instrumen {version}"),
                "roadmap_code": (catalogue, "kode di roadmap/rencana_aksi.csv"),
            },
            HASIL_SOURCES_FILE: {
                "hasil_code": (hasil, f"kode Hasil instrumen {version}"),
                "outcome": (outcomes, f"kode di roadmap/outcomes.csv atau instrument/{version}/hasil_inputs.csv"),
            },
            MONITORING_LINES_FILE: {"line_code": (hasil, f"kode baris isian instrumen {version}")},
        }
        for spec, codes in known.items():
            _check_links(sources, replace(spec, path=spec.located(version)), codes, out)


def _check_hasil_inputs(sources: Path, spec: SourceFile, out: list[Problem]) -> None:
    """An instrument's Indikator Hasil inputs (optional): unique codes, readable and ordered ranges."""
    if not (sources / spec.path).exists():
        return
    df = _read(sources, spec, out, numeric=["min_value", "max_value"])
    if df is None:
        return
    _unreadable_numbers(spec, df, out)
    _duplicates(spec, df, "code", "Kode masukan", out)
    for row in df.to_dict("records"):
        _closed_lists(spec, df, row, ("value_kind",), out)
        low, high = row.get("min_value"), row.get("max_value")
        if pd.notna(low) and pd.notna(high) and float(low) > float(high):
            out.append(_at(spec, df, row, "max_value", f"Rentang terbalik: max_value {high} < min_value {low}."))


def _instrument_codes(folder: Path) -> tuple[set[str] | None, set[str] | None]:
    """An instrument's item and sub-component codes, and the codes of its lines that take a value entered
    (Hasil inputs, 9/2023 indicators); None when the instrument cannot be read (its own check says why)."""
    try:
        instrument = load_instrument(folder)
    except (OSError, ValueError, UnicodeDecodeError, KeyError):
        return None, None
    lines = instrument.lines
    subs = set(lines.loc[lines["rule"] == "mean_items", "code"])
    return set(instrument.items["item_id"]) | subs, set(lines.loc[lines["rule"].isin(INPUT_RULES), "code"])


def _codes(path: Path, column: str) -> set[str] | None:
    """The values of one column of a CSV; None when the file cannot be read (its own check says why)."""
    try:
        df = read_csv_file(path)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    return {str(v) for v in df[column].dropna()} if column in df.columns else None


def _check_links(
    sources: Path, spec: SourceFile, known: dict[str, tuple[set[str] | None, str]], out: list[Problem]
) -> None:
    """An optional links file: every row's codes known on both sides, closed lists respected."""
    if not (sources / spec.path).exists():
        return
    df = _read(sources, spec, out)
    if df is None:
        return
    closed = [c.name for c in spec.columns if c.allowed]
    for row in df.to_dict("records"):
        for column, (codes, what) in known.items():
            value = _text(row.get(column))
            if value is None:
                out.append(_at(spec, df, row, column, f"Kolom {column} kosong. Tulis {what}."))
            elif codes is not None and value not in codes:
                out.append(
                    _at(
                        spec,
                        df,
                        row,
                        column,
                        f"'{value}' tidak dikenal: bukan {what}. {_suggest(value, sorted(codes), what)}",
                    )
                )
        _closed_lists(spec, df, row, closed, out)


# --- monitoring/plausibility_rules.csv ---------------------------------------------------------------------


def _check_plausibility(sources: Path, out: list[Problem]) -> None:
    """Known rules, known target kinds, a number as factor, and only the placeholders the rules fill."""
    spec = PLAUSIBILITY_FILE
    if not (sources / spec.path).exists():
        return  # the shared files' check says it is missing
    df = _read(sources, spec, out, numeric=["factor"])
    if df is None:
        return
    _unreadable_numbers(spec, df, out)
    kinds = RENCANA_AKSI_FILE.column("target_kind").allowed
    for row in df.to_dict("records"):
        _closed_lists(spec, df, row, ["rule"], out)
        listed = [k.strip() for k in (_text(row.get("target_kinds")) or "").split(";") if k.strip()]
        if not listed:
            out.append(_at(spec, df, row, "target_kinds", f"Kosong. Tulis satu atau lebih dari: {_allowed(kinds)}."))
        for kind in listed:
            if kind not in kinds:
                out.append(_at(spec, df, row, "target_kinds", _unknown(kind, kinds)))
        text = _text(row.get("warning"))
        if text is None:
            out.append(_at(spec, df, row, "warning", "Kosong. Tulis peringatan yang dibaca unit."))
            continue
        for name in re.findall(r"\{(\w*)\}", text):
            if name not in PLAUSIBILITY_FIELDS:
                out.append(
                    _at(
                        spec,
                        df,
                        row,
                        "warning",
                        f"{{{name}}} tidak dikenal. Pakai: {', '.join('{' + f + '}' for f in PLAUSIBILITY_FIELDS)}.",
                    )
                )
