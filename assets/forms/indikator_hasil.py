"""The yearly Indikator Hasil form: the road map's outcomes and the PMPRB result inputs.

Bagian Organisasi fills in one per year from documents outside the units'
reports (the LHE SAKIP letter, the BPK report, survey reports). Each row is a
number in its range or an ordinal from its list (AKIP AA..D, Opini BPK), with
the source document.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from assets.csv_files import read_csv_file
from assets.forms.feedback import FeedbackForm
from assets.forms.identity import FormIdentity
from assets.forms.layouts import INDIKATOR_HASIL
from assets.forms.sheet import FormRow
from assets.forms.values import CellInput, ParsedValue, format_id, parse_realisasi
from assets.forms.write import build_form
from assets.pmprb.years import year_instrument

HASIL_INPUTS = "hasil_inputs.csv"  # per instrument: sources/instrument/<version>/hasil_inputs.csv
NO_AGENCY = "-"
LAYOUT = INDIKATOR_HASIL
ROW_COLUMNS = [
    "code",
    "indicator",
    "target_text",
    "value_kind",
    "min_value",
    "max_value",
    "scale",
    "unit",
    "agency",
    "source_hint",
    "csv_line",
]
PETUNJUK = [
    "1. Isi kolom Nilai untuk setiap indikator dengan angka hasil resmi tahun ini (misalnya 72,5), atau pilih dari daftar untuk predikat AKIP dan Opini BPK.",
    "2. Nilai angka harus berada dalam rentang yang tertulis di kolom Satuan / Pilihan.",
    "3. Isi Dokumen Sumber dengan nomor dan tanggal dokumen resmi (misalnya LHE SAKIP, LHP BPK, laporan survei).",
    "4. Indeks RB di formulir ini adalah hasil resmi dari KemenPAN-RB, bukan hasil penilaian mandiri PMPRB.",
    "5. Simpan sebagai .xlsx dan serahkan ke folder kotak masuk Indikator Hasil tahun yang bersangkutan.",
]


def pmprb_inputs(sources_dir: Path, version: str | None) -> pd.DataFrame:
    """The national indices the instrument ``version`` takes from this form (none without a version or a file)."""
    path = Path(sources_dir) / "instrument" / str(version) / HASIL_INPUTS
    if version is None or not path.is_file():
        return pd.DataFrame(columns=[c for c in ROW_COLUMNS if c != "target_text"])
    return read_csv_file(path, numeric=["min_value", "max_value"])


def form_rows(outcomes: pd.DataFrame, sources_dir: Path, year: int, years: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``year``'s form: every road-map outcome, then the inputs of the PMPRB instrument that
    ``instrument_years.csv`` (``years``, as read once per run; read now when None) names for the year."""
    hasil = pmprb_inputs(sources_dir, year_instrument(sources_dir, year, mapping=years).version)
    roadmap = outcomes.rename(columns={"outcome": "code", "target_unit": "unit"}).assign(source_hint=None, agency=None)
    roadmap["csv_line"] = roadmap["csv_line"].astype("int64")
    hasil = hasil.assign(target_text="-", csv_line=hasil["csv_line"].astype("int64") + 1000)
    parts = [part.reindex(columns=ROW_COLUMNS) for part in (roadmap, hasil) if len(part)]
    return pd.concat(parts, ignore_index=True) if parts else roadmap.reindex(columns=ROW_COLUMNS)


def scale_values(scales: pd.DataFrame) -> dict[str, list[str]]:
    """Scale name -> its values, best first."""
    ordered = scales.sort_values("rank", ascending=False)
    return {name: list(group["value"]) for name, group in ordered.groupby("scale", sort=False)}


def kinds(rows: pd.DataFrame, scales: Mapping[str, list[str]]) -> dict[str, tuple[str, object]]:
    """code -> (value kind, allowed ordinal values or None), the parser's view of each row."""
    return {
        r["code"]: ("ordinal", scales.get(r["scale"], [])) if r["value_kind"] == "ordinal" else ("number", None)
        for r in rows.to_dict("records")
    }


def parse_outcome(cell: CellInput, kind: str, allowed: object) -> ParsedValue:
    """An ordinal from its list (stored as its position, best = highest), else a number."""
    raw = "" if cell.value is None else str(cell.value).strip()
    if not raw and cell.formula is None:
        return ParsedValue(None, "", "VALUE_EMPTY", "Nilai belum diisi.")
    if kind != "ordinal":
        return parse_realisasi(cell, "count", None)
    values = list(allowed or [])
    by_key = {v.casefold(): v for v in values}
    found = by_key.get(raw.rstrip(".").strip().casefold())
    if found is None:
        return ParsedValue(
            None, raw, "VALUE_NOT_ON_LIST", f"Nilai '{raw}' tidak ada dalam pilihan: {', '.join(values)}."
        )
    return ParsedValue(float(len(values) - values.index(found)), raw, None, None)


def fixed_values(r: Mapping, scales: Mapping[str, list[str]]) -> list[object]:
    """Kode (hidden: the reader's key), Indikator, Target, Satuan / Pilihan, Instansi Penerbit."""
    agency = r.get("agency")
    return [
        r["code"],
        r["indicator"],
        r["target_text"] if pd.notna(r["target_text"]) else "-",
        _choices(r, scales),
        agency if isinstance(agency, str) and agency else NO_AGENCY,
    ]


def _choices(r: Mapping, scales: Mapping[str, list[str]]) -> str:
    """What may be written: the scale's own values (pilih: WTP, WDP, ...) or the unit and range, the Indonesian way."""
    if r["value_kind"] == "ordinal":
        return "pilih: " + ", ".join(scales.get(r["scale"], []))
    return f"{r['unit']} ({format_id(_n(r['min_value']))} - {format_id(_n(r['max_value']))})"


def validation_for(r: Mapping) -> str:
    return f"list:{r['scale']}" if r["value_kind"] == "ordinal" else f"number:{_n(r['min_value'])}:{_n(r['max_value'])}"


def comments_for(r: Mapping) -> dict[int, str]:
    hint = r.get("source_hint")
    return {LAYOUT.column("Dokumen Sumber"): f"Contoh sumber: {hint}"} if isinstance(hint, str) and hint else {}


def validations(rows: pd.DataFrame, scales: Mapping[str, list[str]]) -> dict[str, DataValidation]:
    out: dict[str, DataValidation] = {}
    for r in rows.to_dict("records"):
        key = validation_for(r)
        if key in out:
            continue
        if r["value_kind"] == "ordinal":
            out[key] = DataValidation(
                type="list",
                formula1='"' + ",".join(scales.get(r["scale"], [])) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Nilai tidak valid",
                error="Pilih dari daftar.",
            )
        else:
            lo, hi = _n(r["min_value"]), _n(r["max_value"])
            out[key] = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(lo),
                formula2=str(hi),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Nilai tidak valid",
                error=f"Isi angka antara {format_id(lo)} dan {format_id(hi)}.",
            )
    return out


def build_template(identity: FormIdentity, rows: pd.DataFrame, scales: Mapping[str, list[str]]) -> Workbook:
    form_rows_ = [
        FormRow(
            values=[*fixed_values(r, scales), None, None, None], validation=validation_for(r), comments=comments_for(r)
        )
        for r in rows.to_dict("records")
    ]
    return build_form(LAYOUT, identity, form_rows_, validations(rows, scales), "PETUNJUK PENGISIAN", PETUNJUK)


def feedback_form(rows: pd.DataFrame, scales: Mapping[str, list[str]]) -> FeedbackForm:
    def shown(record: Mapping, info: Mapping | None) -> object:
        if info is not None and info["value_kind"] == "ordinal":
            values = scales.get(info["scale"], [])
            return values[len(values) - int(record["value"])] if pd.notna(record.get("value")) else None
        value = record.get("value")
        return None if value is None or pd.isna(value) else (int(value) if float(value).is_integer() else float(value))

    return FeedbackForm(
        layout=LAYOUT,
        fixed_values=lambda r: fixed_values(r, scales),
        validation_for=validation_for,
        comments_for=comments_for,
        shown_value=shown,
        validations=lambda: validations(rows, scales),
    )


def _n(value: object) -> int | float:
    number = float(value)
    return int(number) if number.is_integer() else number
