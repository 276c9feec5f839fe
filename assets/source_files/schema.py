"""The source files a government keeps in ``sources/``: their columns, which are optional, and the defaults.

One declaration read by the loaders (``assets/roadmap/catalogue.py`` fills an
absent optional column with its default), by the source check
(``assets/source_files/check.py``) and by the adopter's guide
(``docs/adopting.md``, whose test checks that it names every column and every
allowed value declared here). Allowed values come from the Great Expectations
suites that validate the tables (``expectations/suites/``), so a value added to
a suite is allowed, checked and documented at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pandas as pd

from expectations.adapter import Suite


@cache
def suite_value_set(suite: str, column: str) -> tuple[str, ...]:
    """The ``value_set`` of the suite's ``expect_column_values_to_be_in_set`` on ``column``."""
    for expectation in Suite.load(suite).expectations:
        kwargs = expectation["kwargs"]
        if expectation["type"] == "expect_column_values_to_be_in_set" and kwargs.get("column") == column:
            return tuple(kwargs["value_set"])
    raise KeyError(f"suite {suite} has no value set for {column}")


@dataclass(frozen=True)
class Column:
    """One column of a source CSV."""

    name: str
    kind: str  # what a cell holds, as the guide names it: teks, bilangan bulat, angka, tahun, daftar ...
    meaning: str
    required: bool = True
    default: str = ""  # the value an absent optional column takes (as text; "" is empty)
    default_means: str = ""  # what the default amounts to; the check notes an absent column only when this is set
    allowed: tuple[str, ...] = ()  # the only values a cell may hold (empty: any)


@dataclass(frozen=True)
class SourceFile:
    """A CSV under ``sources/`` and its columns."""

    path: str  # relative to sources/
    meaning: str
    columns: tuple[Column, ...]
    example: tuple[str, ...] = ()  # one example row, in column order

    def located(self, version: str) -> str:
        """The path of a per-instrument file (``<versi>`` in ``path``) for one instrument version."""
        return self.path.replace(VERSION_PART, version)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @property
    def optional(self) -> list[Column]:
        return [c for c in self.columns if not c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


VERSION_PART = "<versi>"  # an instrument version (folder name under instrument/) in a per-instrument path
YEAR_LIST = "daftar tahun dipisah ';'"
NAME_LIST = "daftar nama dipisah ';'"

UNITS_FILE = SourceFile(
    path="units.csv",
    meaning="The unit registry (SKPD): every unit that reports, with every spelling the road map uses for it.",
    columns=(
        Column("code", "kode (A-Z, 0-9, _)", "the unit's code, used in file names and tables"),
        Column("name", "teks", "the unit's name as printed on its workbooks"),
        Column(
            "aliases",
            NAME_LIST,
            "other spellings of the unit in the road map's Penanggung Jawab column",
            required=False,
            default_means="tanpa nama lain",
        ),
        Column(
            "active_from",
            "tahun",
            "first year the unit exists",
            required=False,
            default_means="aktif sejak awal periode road map",
        ),
        Column(
            "active_to",
            "tahun",
            "last year the unit exists (a unit merged away stops reporting after it)",
            required=False,
            default_means="aktif sampai akhir periode road map",
        ),
        Column(
            "named_in_roadmap",
            "teks (ya / kosong)",
            "a note for people: whether the regulation itself names the unit; not read by the pipeline",
            required=False,
        ),
    ),
    example=("ORG", "Bagian Organisasi", "Bag. Organisasi", "", "", "ya"),
)

RENCANA_AKSI_FILE = SourceFile(
    path="roadmap/rencana_aksi.csv",
    meaning="The road map's action table (Rencana Aksi, Lampiran II): one row per indicator line.",
    columns=(
        Column("code", "kode <area>.<sub>.<huruf> atau QW.<n>", "the indicator's code, unique"),
        Column("area_no", "bilangan bulat", "the area's number (1-8 in a Road Map RB)"),
        Column("area", "teks", "the area's name"),
        Column("sub_no", "bilangan bulat", "the sub-programme's number within the area", required=False),
        Column("sub_programme", "teks", "the sub-programme's name", required=False),
        Column("letter", "teks", "the action's letter within the sub-programme", required=False),
        Column("action", "teks", "the action (Rencana Aksi)", required=False),
        Column("success_criterion", "teks", "Kriteria Keberhasilan", required=False),
        Column("indicator", "teks", "the indicator as printed, with its target"),
        Column(
            "target_value",
            "angka",
            "the target per period (count, percent, budget); empty for a range, qualitative or placeholder",
            required=False,
        ),
        Column("target_min", "angka", "a range's lower bound", required=False),
        Column("target_max", "angka", "a range's upper bound", required=False),
        Column("target_text", "teks", "the target as printed", required=False),
        Column("target_unit", "teks", "what is counted (dokumen, rapat, persen ...)", required=False),
        Column(
            "target_kind",
            "pilihan",
            "how the target is read and scored",
            allowed=suite_value_set("roadmap_indicators", "target_kind"),
        ),
        Column(
            "target_period",
            "pilihan",
            "the period the target is stated for; a target per quarter or per month is multiplied up to a year (x4, x12)",
            required=False,
            default="per_year",
            default_means="target dibaca per tahun",
            allowed=suite_value_set("roadmap_indicators", "target_period"),
        ),
        Column(
            "joint_rule",
            "pilihan",
            "with several responsible units: each reports its own (each) or only the first is scored (lead)",
            required=False,
            default_means="wajib diisi bila penanggung jawab lebih dari satu unit",
            allowed=suite_value_set("roadmap_indicators", "joint_rule"),
        ),
        Column("years", YEAR_LIST, "the years ticked in Waktu Pelaksanaan, each within the road map's period"),
        Column("responsible", NAME_LIST, "Penanggung Jawab: names, codes or aliases from units.csv, or Seluruh SKPD"),
        Column(
            "seed_line",
            "bilangan bulat",
            "the line of the regulation's text (roadmap/regulation/) the row was taken from",
            required=False,
        ),
    ),
    example=(
        "1.1.c",
        "1",
        "Manajemen Perubahan",
        "1",
        "Tim Reformasi Birokrasi",
        "c",
        "Melaksanakan rapat Tim RB secara rutin",
        "Terlaksananya rapat Tim RB",
        "Jumlah rapat Tim RB (1 (satu) kegiatan/bulan)",
        "1",
        "",
        "",
        "1 (satu) kegiatan/bulan",
        "kegiatan",
        "count",
        "per_month",
        "",
        "2019;2020;2021",
        "Bagian Organisasi",
        "480",
    ),
)

OUTCOMES_FILE = SourceFile(
    path="roadmap/outcomes.csv",
    meaning="The road map's area outcome targets (Hasil yang diharapkan), reported yearly on the Indikator Hasil form.",
    columns=(
        Column("area_no", "bilangan bulat", "the area the outcome belongs to"),
        Column("outcome", "kode (huruf kecil, _)", "the outcome's code, unique"),
        Column("indicator", "teks", "the outcome indicator"),
        Column(
            "comparator",
            "pilihan",
            "how a value meets the target; placeholder when the regulation leaves the target blank",
            allowed=suite_value_set("outcome_targets", "comparator"),
        ),
        Column("target_value", "angka atau nilai skala", "the target (a number, or a value of the scale)"),
        Column("target_unit", "teks", "the unit of the value (persen, indeks ...)", required=False),
        Column("target_text", "teks", "the target as printed", required=False),
        Column(
            "value_kind",
            "pilihan",
            "a number, or a value on an ordinal scale (AKIP A, Opini BPK WTP)",
            required=False,
            default="number",
            default_means="nilai berupa angka",
            allowed=suite_value_set("outcome_targets", "value_kind"),
        ),
        Column("scale", "teks", "for an ordinal value: its scale in ordinal_scales.csv", required=False),
        Column("min_value", "angka", "the lowest value the form accepts", required=False),
        Column("max_value", "angka", "the highest value the form accepts", required=False),
    ),
    example=(
        "8",
        "ikm",
        "Indeks Kepuasan Masyarakat",
        ">=",
        "80",
        "indeks",
        "IKM minimal 80",
        "number",
        "",
        "0",
        "100",
    ),
)

SCALES_FILE = SourceFile(
    path="roadmap/ordinal_scales.csv",
    meaning="Ordinal scales for outcome targets such as Nilai AKIP or Opini BPK: the higher the rank, the better.",
    columns=(
        Column("scale", "teks", "the scale's name, as outcomes.csv names it"),
        Column("value", "teks", "a value on the scale"),
        Column("rank", "bilangan bulat", "its rank (higher is better)"),
        Column("label", "teks", "what the value means", required=False),
    ),
    example=("akip", "A", "6", "Memuaskan"),
)

INSTRUMENT_YEARS_FILE = SourceFile(
    path="instrument/instrument_years.csv",
    meaning="Which PMPRB instrument (a folder under instrument/) scores which year.",
    columns=(
        Column("year", "tahun", "the evaluation year"),
        Column("instrument_version", "nama folder di instrument/", "the instrument's folder"),
        Column("note", "teks", "a note shown on the worksheet's cover", required=False),
    ),
    example=("2019", "permenpanrb-14-2014", ""),
)

LKE_LINKS_FILE = SourceFile(
    path=f"roadmap/pmprb/{VERSION_PART}/lke_links.csv",
    meaning="Which road-map codes give evidence for which LKE sub-component or item of one PMPRB instrument: "
    "the worksheet suggests an answer from their capaian. Your own road map's file; without it the worksheet "
    "suggests nothing and says so.",
    columns=(
        Column("lke_code", "kode LKE", "a sub-component or item code of the instrument (instrument/<versi>/)"),
        Column("roadmap_code", "kode indikator", "a code of roadmap/rencana_aksi.csv"),
        Column(
            "level",
            "pilihan",
            "sub_component: the code evidences the sub-component's topic; item: it answers that one question",
            allowed=("sub_component", "item"),
        ),
        Column("basis", "teks", "why the two belong together (for people)", required=False),
    ),
    example=("A.I.1.a", "1.1.a", "item", "Keputusan Bupati forming the RB team = team has been formed"),
)

HASIL_SOURCES_FILE = SourceFile(
    path=f"roadmap/pmprb/{VERSION_PART}/hasil_sources.csv",
    meaning="Which value of the Indikator Hasil form fills each Hasil input of one PMPRB instrument. Your own "
    "road map's file (it names your outcome codes); without it the Hasil inputs are left to the Tim PMPRB.",
    columns=(
        Column("hasil_code", "kode Hasil", "a Hasil input code of the instrument (instrument/<versi>/hasil.csv)"),
        Column(
            "outcome",
            "kode outcome",
            "an outcome of roadmap/outcomes.csv or of the instrument's instrument/<versi>/hasil_inputs.csv",
        ),
        Column(
            "outcome_value",
            "teks",
            "for an ordinal outcome (Opini BPK): the value this row translates; empty: the number as typed",
            required=False,
        ),
        Column("answer", "teks", "for an ordinal outcome: the instrument's own wording of that value", required=False),
    ),
    example=("B.II.2", "opini_bpk", "WTP", "Wajar Tanpa Pengecualian"),
)

HASIL_INPUTS_FILE = SourceFile(
    path=f"instrument/{VERSION_PART}/hasil_inputs.csv",
    meaning="The national indices one PMPRB instrument takes from the Indikator Hasil form (SAKIP, SPIP, SPBE ...), "
    "each with the agency that publishes it. Shared: the form of a year asks for the inputs of the instrument "
    "instrument_years.csv names for that year, after the road map's own outcomes; a value outside its range is "
    "refused with a reason.",
    columns=(
        Column("code", "kode (huruf kecil, _)", "the input's code, as hasil_sources.csv names it"),
        Column("indicator", "teks", "the index as the form shows it"),
        Column("value_kind", "pilihan", "a number (the only kind an input takes today)", allowed=("number",)),
        Column("min_value", "angka", "the lowest value the form accepts"),
        Column("max_value", "angka", "the highest value the form accepts"),
        Column("scale", "teks", "unused for a number", required=False),
        Column("unit", "teks", "the unit shown beside the range (nilai, indeks ...)"),
        Column("agency", "teks", "the agency that publishes the index, shown as Instansi Penerbit", required=False),
        Column("source_hint", "teks", "an example source document, shown as a comment", required=False),
    ),
    example=(
        "pmprb_maturitas_spip",
        "Tingkat Maturitas Sistem Pengendalian Intern Pemerintah",
        "number",
        "1",
        "5",
        "",
        "nilai",
        "BPKP",
        "",
    ),
)

MONITORING_LINES_FILE = SourceFile(
    path=f"roadmap/pmprb/{VERSION_PART}/monitoring_lines.csv",
    meaning="Which line of one PMPRB instrument (9/2023: 1025, Tingkat Implementasi Rencana Aksi) gets a "
    "suggested value from the year's road-map monitoring, and which figure. Your own road map's file; without "
    "it no line is suggested.",
    columns=(
        Column("line_code", "kode baris", "a line of the instrument that takes a value (instrument/<versi>/lines.csv)"),
        Column(
            "figure",
            "pilihan",
            "share_tercapai: 100 x the year's scheduled indicators Tercapai / those scheduled (Tercapai, Belum "
            "Tercapai, Belum Dilaporkan)",
            allowed=("share_tercapai",),
        ),
        Column("basis", "teks", "why this figure answers the line (for people)", required=False),
    ),
    example=("1025", "share_tercapai", "the share of the action plan carried out"),
)

PLAUSIBILITY_RULES = (  # the tests assets/monitoring/plausibility.py implements, by name
    "percent_sign",
    "fraction_of_percent",
    "budget_in_rupiah",
    "budget_unit",
    "far_above_target",
    "far_from_previous_year",
)
PLAUSIBILITY_FIELDS = ("value", "raw", "target", "unit_label", "capaian", "previous", "factor", "meant")
PLAUSIBILITY_FILE = SourceFile(
    path="monitoring/plausibility_rules.csv",
    meaning="Plausibility warnings on a realisation that reads as a number but may not be the number meant. "
    "A warned value still counts; the unit reads the warning in its feedback, the Tim Pelaksana beside the value "
    "in the monitoring workbook. `percent_sign`: a percent sign on an indicator that is not a percentage; "
    "`fraction_of_percent`: a value of at most `factor` on a percent target above it (0,9 for 100%); "
    "`budget_in_rupiah`: a budget of `factor` or more (written in rupiah, not miliar); `budget_unit`: a budget "
    "`factor` times its target or more (written in juta); `far_above_target`: more than `factor` times the "
    "target; `far_from_previous_year`: `factor` times the unit's previous year or more, or as little as a "
    "`factor`-th. Shipped with the project; tune `factor` and the wording, keep the rule names.",
    columns=(
        Column("rule", "pilihan", "which test the row switches on", allowed=PLAUSIBILITY_RULES),
        Column(
            "target_kinds",
            "daftar jenis target dipisah ';'",
            "the target_kind values (roadmap/rencana_aksi.csv) the test applies to",
        ),
        Column("factor", "angka", "the test's threshold", required=False),
        Column(
            "warning",
            "teks",
            "what the unit reads, in Bahasa Indonesia; {value}, {raw}, {target}, {unit_label}, {capaian}, "
            "{previous}, {factor} and {meant} are filled from the row",
        ),
    ),
    example=("far_above_target", "count;percent;budget", "3", "Capaian {capaian}% lebih dari {factor} kali target."),
)

CSV_FILES = (
    UNITS_FILE,
    RENCANA_AKSI_FILE,
    OUTCOMES_FILE,
    SCALES_FILE,
    INSTRUMENT_YEARS_FILE,
    LKE_LINKS_FILE,
    HASIL_SOURCES_FILE,
    MONITORING_LINES_FILE,
    HASIL_INPUTS_FILE,
    PLAUSIBILITY_FILE,
)


def with_defaults(df: pd.DataFrame, spec: SourceFile, numeric=(), integer=()) -> pd.DataFrame:
    """``df`` with every absent optional column of ``spec`` added, holding its default."""
    for column in spec.optional:
        if column.name in df.columns:
            continue
        if column.name in integer:
            df[column.name] = pd.array([None] * len(df), dtype="Int64")
        elif column.name in numeric:
            df[column.name] = pd.array([float("nan")] * len(df), dtype="float64")
        else:
            df[column.name] = pd.Series([column.default or None] * len(df), index=df.index, dtype="str")
    return df
