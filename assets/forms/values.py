"""Reading one Realisasi cell of an SKPD workbook as a number.

Pure: no Dagster, no Great Expectations, no file access. The reader reads the
workbook once (values with python-calamine; the value column's number format,
formula and cached Excel error from the sheet's XML), builds a
:class:`CellInput` per cell and the parser gets it through :func:`parse_realisasi`.
The parser only decides whether the cell is a readable number (or Ya/Tidak);
range checks such as "percent above 100" belong to the Great Expectations suite.

Text is read the Indonesian way: dot for thousands, comma for decimals
("1.250,5" is 1250.5). A dot followed by anything but exactly three digits
("1.25") is refused as ambiguous. One leading number may carry trailing unit
words ("12 kegiatan", "75%", "5 miliar"); a leading "Rp" and a trailing ",-" are
dropped. Budget targets are in miliar rupiah, so a budget cell ending in
"juta"/"ribu"/"triliun" is scaled to miliar. Whether a readable number is
plausible (a fraction on a percent target, a full rupiah amount on a budget in
miliar, a percent sign on a count) is not decided here: those warnings are data,
``sources/monitoring/plausibility_rules.csv`` (``assets/monitoring/plausibility.py``).

Only a finite number up to :data:`MAX_VALUE` is ever returned: NaN and infinity
(a cell whose stored or cached value is ``NaN``/``INF``, or the text "NaN",
"INF", "-inf") and numbers too large to be a realisation (400 nines, "1e400")
are refused with their own code, so no table downstream holds a NaN or an
infinity and no capaian overflows.

Reasons and warnings are in Bahasa Indonesia, addressed to the SKPD clerk who
fixes the cell; every refusal has a stable code listed in :data:`REASONS`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from assets.roadmap.catalogue import TARGET_KINDS

REASONS = {
    "VALUE_EMPTY": "Realisasi belum diisi.",
    "VALUE_FORMULA_NO_CACHE": "Rumus tanpa nilai tersimpan; simpan ulang file di Excel atau ketik angkanya.",
    "VALUE_EXCEL_ERROR": "Sel berisi galat Excel (misalnya #REF! atau #DIV/0!), bukan angka; "
    "perbaiki rumusnya atau ketik angkanya.",
    "VALUE_BOOLEAN": "Sel berisi nilai logika TRUE/FALSE (BENAR/SALAH), bukan angka; ketik angkanya.",
    "VALUE_DATE": "Excel mengubah isi sel menjadi tanggal; ubah format sel menjadi Teks, "
    "lalu ketik ulang angkanya dengan koma desimal (misalnya 1,10).",
    "VALUE_NEGATIVE": "Realisasi tidak boleh bernilai negatif; periksa kembali angkanya.",
    "VALUE_DASH": 'Tanda "-" bukan angka; isi 0 bila memang tidak ada realisasi.',
    "VALUE_NUMBER_IN_WORDS": "Angka ditulis dengan huruf; tulis dengan angka.",
    "VALUE_TEXT": "Realisasi berisi teks, bukan angka; isi angkanya saja "
    "(misalnya 12) dan tulis penjelasan di kolom Keterangan.",
    "VALUE_SEVERAL_NUMBERS": "Sel berisi lebih dari satu angka; isi satu angka realisasi saja "
    "dan tulis penjelasan di kolom Keterangan.",
    "VALUE_AMBIGUOUS_DOT": "Titik di dalam angka tidak jelas: pemisah ribuan atau desimal? "
    "Titik hanya untuk ribuan (1.250), koma untuk desimal (1,25).",
    "VALUE_NUMBER_FORMAT": "Penulisan angka tidak dikenali; gunakan titik untuk ribuan dan koma "
    "untuk desimal, misalnya 1.250,5.",
    "VALUE_NOT_YA_TIDAK": 'Indikator ini diisi "Ya" atau "Tidak"; pilih salah satu dari daftar pilihan.',
    "VALUE_NOT_FINITE": "Sel berisi nilai yang bukan angka terhingga (NaN, tak hingga/INF, atau angka di luar batas "
    "Excel), misalnya dari rumus atau program lain; ketik angkanya.",
    "VALUE_TOO_LARGE": "Angka terlalu besar (lebih dari 1.000.000.000.000.000); periksa kembali angkanya.",
    "VALUE_SCIENTIFIC": "Angka ditulis dalam notasi ilmiah (misalnya 1E+5); tulis angkanya lengkap, misalnya 100.000.",
}

EXCEL_ERRORS = {"#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
YA_TIDAK = {"ya": 1.0, "tidak": 0.0}
# Number words that open a cell written in words, with the digit to suggest where there is one.
NUMBER_WORDS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "seratus": 100,
    "seribu": 1000,
}
NUMBER_WORD_PARTS = {"belas", "puluh", "ratus", "ribu", "juta"}
# Budget targets are in miliar rupiah; a trailing scale word converts to miliar.
BUDGET_SCALES = {"ribu": 1e-6, "rb": 1e-6, "juta": 1e-3, "jt": 1e-3, "triliun": 1e3}
MAX_VALUE = 1e15  # no realisation is larger (a regency's budget in rupiah is about 1e12); keeps capaian finite

_LEADING_NUMBER = re.compile(r"(?i)^(?:rp\.?\s*)?\+?(\d+(?:[.,]\d+)*)(.*)$", re.S)
_THOUSANDS = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$")  # 1.250 / 1.250.000 / 1.250,5
_DECIMAL_COMMA = re.compile(r"^\d+(?:,\d+)?$")  # 12 / 80,5
_SINGLE_DOT = re.compile(r"^\d+\.\d+$")  # 1.25: thousands or decimal?
_DASH = re.compile(r"^[-\u2013\u2014\u2212]+$")
_NEGATIVE = re.compile(r"^[-\u2013\u2014\u2212]\s*(?:rp\.?\s*)?\d", re.I)
_YA_TIDAK = re.compile(r"(?i)^(ya|tidak)\s*\.?$")
_NON_FINITE = re.compile(r"(?i)^[-+\u2212]?\s*(?:nan|inf|infinity|\u221e)$")  # as Python, Excel and others spell them
_SCIENTIFIC = re.compile(r"(?i)^\+?(\d+(?:[.,]\d+)?)\s*e\s*([+-]?\d+)$")  # 1e400, 1,5E+3


@dataclass(frozen=True)
class CellInput:
    """One cell as the workbook reader sees it."""

    value: object  # the cached value (an Excel error as its text, e.g. "#REF!")
    number_format: str = "General"
    formula: str | None = None  # the formula text, when the cell holds one


@dataclass(frozen=True)
class ParsedValue:
    """The outcome for one cell: a number, or a refusal with a code and a reason."""

    value: float | None
    raw: str
    reason_code: str | None
    reason: str | None
    warning: str | None = None


def format_id(number: float) -> str:
    """A number written the Indonesian way: 95, 1.250,5, 0,75."""
    if isinstance(number, int) and abs(number) > 10**15:
        return f"{number:,}".replace(",", ".")  # exact, and no float overflow on 400 digits
    text = f"{number:,.10f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,"))


def parse_realisasi(cell: CellInput, target_kind: str, target_value: float | None) -> ParsedValue:
    """Read one Realisasi cell for an indicator of ``target_kind`` (see ``TARGET_KINDS``)."""
    if target_kind not in TARGET_KINDS:
        raise ValueError(f"unknown target kind {target_kind!r}")
    value, raw = cell.value, _raw_text(cell)
    text = value.strip() if isinstance(value, str) else None
    if value is None and cell.formula:
        return _refuse(raw, "VALUE_FORMULA_NO_CACHE")
    if value is None or text == "":
        return _refuse(raw, "VALUE_EMPTY")
    if text is not None and text.upper() in EXCEL_ERRORS:
        return _refuse(raw, "VALUE_EXCEL_ERROR")
    if target_kind == "qualitative":
        return _parse_ya_tidak(text, raw)
    if isinstance(value, bool):
        return _refuse(raw, "VALUE_BOOLEAN")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return _refuse(raw, "VALUE_DATE")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            return _refuse(raw, "VALUE_NOT_FINITE")
        number = _as_float(value)
        if _is_percent_format(cell.number_format):
            number = round(number * 100, 10)
    elif text is not None:
        number, refusal = _parse_text(text, target_kind)
        if refusal:
            return _refuse(raw, *refusal)
    else:
        return _refuse(raw, "VALUE_TEXT")
    if number < 0:
        return _refuse(raw, "VALUE_NEGATIVE")
    if not math.isfinite(number) or number > MAX_VALUE:  # an overflow (400 nines) or a scaled figure reads as infinite
        return _refuse(raw, "VALUE_TOO_LARGE")
    return ParsedValue(number, raw, None, None)


def _parse_ya_tidak(text: str | None, raw: str) -> ParsedValue:
    """Qualitative indicators take Ya/Tidak only; the template offers them as a list, so 1/0 is refused."""
    match = _YA_TIDAK.match(text or "")
    if not match:
        return _refuse(raw, "VALUE_NOT_YA_TIDAK")
    return ParsedValue(YA_TIDAK[match.group(1).lower()], raw, None, None)


def _parse_text(text: str, target_kind: str) -> tuple[float | None, tuple[str, ...] | None]:
    """A number read from text, or the refusal (code and optional hint)."""
    if _NON_FINITE.match(text):
        return None, ("VALUE_NOT_FINITE",)
    if _DASH.match(text):
        return None, ("VALUE_DASH",)
    if _NEGATIVE.match(text):
        return None, ("VALUE_NEGATIVE",)
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        number = _as_float(float(f"{scientific.group(1).replace(',', '.')}e{scientific.group(2)}"))
        return None, ("VALUE_TOO_LARGE",) if not number <= MAX_VALUE else ("VALUE_SCIENTIFIC",)
    match = _LEADING_NUMBER.match(text)
    if not match:
        words = text.lower().rstrip(".").split()
        if words[0] not in NUMBER_WORDS:
            return None, ("VALUE_TEXT",)
        compound = len(words) > 1 and words[1] in NUMBER_WORD_PARTS  # "dua belas": no single digit to suggest
        hint = None if compound else f"Misalnya {NUMBER_WORDS[words[0]]}, bukan {words[0]}."
        return None, ("VALUE_NUMBER_IN_WORDS", hint)
    token, rest = match.groups()
    if re.search(r"\d", rest):
        return None, ("VALUE_SEVERAL_NUMBERS",)
    if _THOUSANDS.match(token) or _DECIMAL_COMMA.match(token):
        number = float(token.replace(".", "").replace(",", "."))
    elif _SINGLE_DOT.match(token):
        as_decimal, as_whole = format_id(float(token)), format_id(float(token.replace(".", "")))
        return None, ("VALUE_AMBIGUOUS_DOT", f"Tulis {as_decimal} atau {as_whole}.")
    else:
        return None, ("VALUE_NUMBER_FORMAT",)
    if target_kind == "budget" and rest.split():
        number *= BUDGET_SCALES.get(rest.split()[0].lower().rstrip(".,"), 1)
    return number, None


def _as_float(number: float | int) -> float:
    """A number as a float; an integer too large for one (openpyxl reads 400 digits as an int) is infinite."""
    try:
        return float(number)
    except OverflowError:
        return math.inf


def _refuse(raw: str, code: str, hint: str | None = None) -> ParsedValue:
    reason = REASONS[code] if hint is None else f"{REASONS[code]} {hint}"
    return ParsedValue(None, raw, code, reason)


def _is_percent_format(number_format: str | None) -> bool:
    return "%" in (number_format or "")


def _raw_text(cell: CellInput) -> str:
    """The cell as the clerk sees it, for the rejects table."""
    value = cell.value
    if value is None:
        return cell.formula or ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        if _is_percent_format(cell.number_format):
            return f"{format_id(value * 100)}%"
        return format_id(value)
    return str(value)
