"""The published outputs, declared once: which file goes where under ``outputs/``, its label and kind.

The assets that write files take their paths from here, the portal
takes each file's label (and the order it lists them in) from here, and so do
the tests. A year's files live in ``outputs/<year>/``; files of every year
(the trend tables, the catalogue's validation results) directly under
``outputs/``, shown by the page as section ``umum``.

The portal's addresses are declared here too (:func:`entry_url` and
friends), so that an asset's metadata can link to a file's entry on the page
without importing the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

YEAR_DIR = re.compile(r"^\d{4}$")
GENERAL = "umum"  # the page's section for files outside every year folder
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Output:
    """One kind of published file: ``where`` is its path inside its year folder (or ``outputs/``),
    with ``{year}`` and other ``{names}`` for the parts that vary."""

    where: str
    label: str  # Bahasa Indonesia, as the portal lists it
    kind: str  # the file's format: xlsx, parquet, csv, json, html, pdf
    every_year: bool = False  # directly under outputs/, not in a year folder

    def path(self, outputs: Path, year: int | str | None = None, **parts: str) -> Path:
        inner = self.where.format(year=year, **parts)
        return Path(outputs) / inner if self.every_year else Path(outputs) / str(year) / inner

    def folder(self, outputs: Path, year: int | str | None = None) -> Path:
        """The folder this kind of file is written to (for outputs named by a part, such as one per unit)."""
        return self.path(outputs, year, **{n: "_" for n in _PLACEHOLDER.findall(self.where) if n != "year"}).parent

    def matches(self, inner: str) -> bool:
        """Whether ``inner`` (a path inside its section's folder, with '/') is a file of this kind."""
        return bool(self.pattern.match(inner))

    def parts(self, inner: str) -> dict[str, str]:
        """The ``{names}`` of ``inner`` (a file of this kind): ``UNIT_TEMPLATE.parts("templates/BKD.xlsx")``
        is ``{"unit": "BKD"}``; empty when ``inner`` is not of this kind."""
        found = self.pattern.match(inner)
        return {k: v for k, v in found.groupdict().items() if k != "year"} if found else {}

    @property
    def pattern(self) -> re.Pattern[str]:
        pieces = re.split(r"(\{\w+\})", self.where)
        regex = "".join(
            r"(?P<year>\d{4})"
            if p == "{year}"
            else f"(?P<{p[1:-1]}>[^/]+)"
            if _PLACEHOLDER.fullmatch(p)
            else re.escape(p)
            for p in pieces
        )
        return re.compile(f"^{regex}$")


MONEV_REPORT = Output("laporan_monev_rb_{year}.pdf", "Laporan Monev RB (PDF)", "pdf")
MONEV_REPORT_HTML = Output("laporan_monev_rb_{year}.html", "Laporan Monev RB (HTML)", "html")
MONEV_REPORT_DATA = Output("laporan_monev_rb_{year}.json", "Laporan Monev RB (data JSON)", "json")
PMPRB_WORKSHEET = Output("pmprb_{year}.xlsx", "Kertas kerja PMPRB", "xlsx")
MONITORING_WORKBOOK = Output("monitoring_{year}.xlsx", "Monitoring Road Map", "xlsx")
COLLECTION_REKAP = Output("rekap_pengumpulan.xlsx", "Rekap pengumpulan", "xlsx")
INDIKATOR_HASIL_FORM = Output("indikator_hasil_{year}.xlsx", "Formulir Indikator Hasil", "xlsx")
INDIKATOR_HASIL_FEEDBACK = Output("feedback/indikator_hasil.xlsx", "Umpan balik Indikator Hasil", "xlsx")
UNIT_TEMPLATE = Output("templates/{unit}.xlsx", "Templat unit", "xlsx")
UNIT_FEEDBACK = Output("feedback/{unit}.xlsx", "Umpan balik unit", "xlsx")
UNIT_RAPOR = Output("rapor/{unit}.xlsx", "Rapor unit", "xlsx")
TABLE_PARQUET = Output("tables/{table}.parquet", "Tabel Parquet", "parquet")
TABLE_CSV = Output("tables/{table}.csv", "Tabel CSV", "csv")
TREND_PARQUET = Output("tables/{table}.parquet", "Tabel Parquet", "parquet", every_year=True)
TREND_CSV = Output("tables/{table}.csv", "Tabel CSV", "csv", every_year=True)
VALIDATION_REPORT = Output("validasi.html", "Laporan validasi", "html")  # rendered by the page from the results
VALIDATION_RESULT = Output("validation/{suite}.json", "Hasil validasi (JSON)", "json")
GENERAL_VALIDATION_RESULT = Output("validation/{suite}.json", "Hasil validasi (JSON)", "json", every_year=True)

# One zip of a year's files of a kind, made by the page on request (assets/bundles.py).
TEMPLATE_BUNDLE = Output("templat_unit_{year}.zip", "Semua templat unit (zip)", "zip")
FEEDBACK_BUNDLE = Output("umpan_balik_{year}.zip", "Semua umpan balik (zip)", "zip")

# In the order the portal lists them; the first kind that matches a file names it
# (the Indikator Hasil feedback before the units' feedback).
OUTPUTS = [
    MONEV_REPORT,
    MONEV_REPORT_HTML,
    MONEV_REPORT_DATA,
    PMPRB_WORKSHEET,
    MONITORING_WORKBOOK,
    COLLECTION_REKAP,
    INDIKATOR_HASIL_FORM,
    INDIKATOR_HASIL_FEEDBACK,
    UNIT_TEMPLATE,
    UNIT_FEEDBACK,
    UNIT_RAPOR,
    TABLE_PARQUET,
    TABLE_CSV,
    VALIDATION_REPORT,
    VALIDATION_RESULT,
]
OTHER = "Berkas lain"


def label_of(inner: str) -> str:
    """What a file is, from its path inside its section's folder."""
    return next((o.label for o in OUTPUTS if o.matches(inner)), OTHER)


def unit_of(inner: str) -> str | None:
    """The unit code of a file made for one unit (its template, its feedback), else None."""
    kind = next((o for o in OUTPUTS if o.matches(inner)), None)
    return None if kind is None else kind.parts(inner).get("unit")


def labels() -> list[str]:
    """Every label once, in the page's order, ``Berkas lain`` last."""
    return list(dict.fromkeys([o.label for o in OUTPUTS] + [OTHER]))


# The portal's addresses.


def section_of(relative: str) -> str:
    """The page section of a path under ``outputs/``: its year, or ``umum``."""
    first = relative.split("/", 1)[0]
    return first if YEAR_DIR.match(first) else GENERAL


FILES_PREFIX = "/berkas/"  # where the portal serves a file under outputs/, as an attachment


def file_url(relative: str) -> str:
    return FILES_PREFIX + quote(relative, safe="/")


def section_url(section: str) -> str:
    return f"/{quote(section)}/"


def report_url(section: str) -> str:
    return f"/{quote(section)}/{VALIDATION_REPORT.where}"


def entry_url(relative: str) -> str:
    """The page address of a file's entry: its section's page, at the file's anchor."""
    return section_url(section_of(relative)) + "#" + quote(relative, safe="/")


def download_link(path: Path | str, base_url: str) -> str:
    """Where the page at ``base_url`` shows the output file ``path`` (``.../<year>/...``): its year's
    page, at the file; a path outside any year folder gets the page's front page."""
    parts = Path(path).parts
    years = [i for i, part in enumerate(parts[:-1]) if YEAR_DIR.match(part)]
    base = base_url.rstrip("/")
    if not years:
        return base + "/"
    return base + entry_url("/".join(parts[years[-1] :]))
