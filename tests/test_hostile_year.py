"""A year whose inbox holds every hostile file of issue 22 at once runs to the end, refuses exactly those files or
rows, and writes every output.

One inbox, one run of the whole annual job: the sample units' ordinary files,
and beside them resends with Realisasi ``NaN``, ``INF``, ``1e400`` and 400
nines (typed and stored), with every C0 control character and Word's
``_x000B_`` in their texts, with ``=HYPERLINK(...)`` in a Kendala; an
unreadable resend of a unit whose good file must stay in force; another unit's
signed template claiming a unit; a dangling link, a link to a folder, a named
pipe, a lock file and a file name that is not UTF-8; a PMPRB worksheet without
its question header; and an Indikator Hasil form with values that are not
finite numbers.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import duckdb
import openpyxl
import pandas as pd
import pytest

from assets import published
from assets.forms.layouts import REALISASI
from assets.forms.values import REASONS
from pipelines.settings import Settings
from samples.fill import fill_row
from samples.generator import generate
from tests.conftest import SOURCES, run_annual
from tests.hostile_support import (
    EVERY_CONTROL,
    HYPERLINK,
    UNDECODABLE,
    UNDECODABLE_SHOWN,
    answered,
    control_text_workbook,
    float_tables,
    formula_fields,
    formula_text_cases,
    holds_control_character,
    hostile_outcome_form,
    hostile_unit_workbook,
    non_finite_values,
    on_target,
    pmprb_worksheet,
    read_back,
    without_question_header,
    workbook_texts,
)
from tests.intake_support import as_bytes, filled, query, rows_unreadable, signed_template, with_identity
from tests.workbooks import put, unit_rows, unit_template

YEAR = 2021
# After every sample file of the year (the last, the Indikator Hasil form, 15 March): each resend is the newest.
SENT = dt.datetime(2022, 4, 1, 9, 0)
VALUES_UNIT, TEXT_UNIT, FORMULA_UNIT = "ORG", "KOMINFO", "BKD"  # their resends are accepted, some rows refused
UNREADABLE_UNIT, CLAIMED_UNIT, IMPOSTOR_UNIT = "HUKUM", "PBJ", "DINKES"  # a refused resend; a unit claimed by another's
UNDECODABLE_UNIT = "ARPUS"  # a newer file under a name that is not UTF-8
ARCHIVE_UNIT = "INSPEKTORAT"  # no sample file this year: its good file sits in a sub-folder a link points to


def _resend(folder, name: str, data, hours: int) -> str:
    put(folder / "kiriman ulang" / name, data, SENT + dt.timedelta(hours=hours))
    return f"submissions/{YEAR}/kiriman ulang/{name}"


@pytest.fixture(scope="module")
def hostile_year(tmp_path_factory):
    """The year built and run once; returns what the test expects of each file and row, and the run."""
    root = tmp_path_factory.mktemp("hostile_year")
    settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
    generated = generate(settings, years=[YEAR], with_mistakes=False)
    folder = settings.inbox_root / "submissions" / str(YEAR)
    files: dict[str, tuple[str, str | None]] = {}  # file -> (status, reason code)
    refused_rows: dict[tuple[str, str], str] = {}  # (file, code) -> reason code

    data, expected, _ = hostile_unit_workbook(VALUES_UNIT, YEAR)
    values_file = _resend(folder, "ORG nilai.xlsx", data, 1)
    refused_rows |= {(values_file, code): reason for code, reason in expected.items()}

    rows = unit_rows(SOURCES, YEAR, TEXT_UNIT)
    wb = on_target(unit_template(SOURCES, YEAR, TEXT_UNIT), rows, YEAR)
    text_code = control_text_workbook(wb, rows)
    text_file = _resend(folder, "KOMINFO teks.xlsx", wb, 2)
    refused_rows[(text_file, text_code)] = "VALUE_TEXT"

    rows = unit_rows(SOURCES, YEAR, FORMULA_UNIT)
    wb = on_target(unit_template(SOURCES, YEAR, FORMULA_UNIT), rows, YEAR)
    cases = formula_text_cases(rows)
    for code, cells in cases.items():
        fill_row(wb, code, cells)
    formula_file = _resend(folder, "BKD rumus.xlsx", wb, 3)
    refused_rows |= {
        (formula_file, c): "VALUE_NEGATIVE" if cells["Realisasi"] == -5 else "VALUE_TEXT"
        for c, cells in cases.items()
        if "Realisasi" in cells
    }
    files |= {values_file: ("berlaku", None), text_file: ("berlaku", None), formula_file: ("berlaku", None)}
    units = {values_file: VALUES_UNIT, text_file: TEXT_UNIT, formula_file: FORMULA_UNIT}

    unreadable = rows_unreadable(as_bytes(filled(unit_template(SOURCES, YEAR, UNREADABLE_UNIT))))
    files[_resend(folder, "HUKUM kirim ulang.xlsx", unreadable, 4)] = ("ditolak", "FILE_ROWS_UNREADABLE")
    claimed = unit_rows(SOURCES, YEAR, CLAIMED_UNIT)["responsible_unit"].iloc[0]
    impostor = filled(signed_template(settings.warehouse_path, YEAR, IMPOSTOR_UNIT))
    impostor = with_identity(impostor, unit=claimed, unit_code=CLAIMED_UNIT)
    files[_resend(folder, "PBJ dari Dinkes.xlsx", impostor, 5)] = ("ditolak", "UNIT_SIGNATURE_MISMATCH")

    put(folder / "arsip" / "Realisasi Inspektorat.xlsx", filled(unit_template(SOURCES, YEAR, ARCHIVE_UNIT)), SENT)
    files[f"submissions/{YEAR}/arsip/Realisasi Inspektorat.xlsx"] = ("berlaku", None)
    os.symlink(folder / "arsip", folder / "tautan arsip")
    files[f"submissions/{YEAR}/tautan arsip"] = ("diabaikan", "IGNORED_LINKED_FOLDER")
    os.symlink(folder / "tidak ada.xlsx", folder / "tautan putus.xlsx")
    files[f"submissions/{YEAR}/tautan putus.xlsx"] = ("ditolak", "ENTRY_BROKEN_LINK")
    os.mkfifo(folder / "pipa.xlsx")
    files[f"submissions/{YEAR}/pipa.xlsx"] = ("ditolak", "ENTRY_NOT_REGULAR")
    newer = filled(unit_template(SOURCES, YEAR, UNDECODABLE_UNIT), value_of=lambda satuan: 1)
    put(folder / UNDECODABLE, newer, SENT + dt.timedelta(hours=6))
    files[f"submissions/{YEAR}/{UNDECODABLE_SHOWN}"] = ("ditolak", "ENTRY_NAME_UNDECODABLE")
    put(folder / "~$ORG nilai.xlsx", b"\x00" * 165, SENT)
    files[f"submissions/{YEAR}/~$ORG nilai.xlsx"] = ("diabaikan", "IGNORED_LOCK_FILE")

    superseded = {VALUES_UNIT, TEXT_UNIT, FORMULA_UNIT}
    names = dict(zip(*unit_names()))
    for path in generated:
        relative = path.relative_to(settings.inbox_root).as_posix()
        if relative.startswith("submissions/"):
            unit = names[path.stem.removeprefix(f"Realisasi RB {YEAR} - ")]
            files[relative] = ("digantikan", "SUPERSEDED") if unit in superseded else ("berlaku", None)

    worksheet = answered(pmprb_worksheet(YEAR), without_question_header)
    pmprb = put(settings.inbox_root / "pmprb" / str(YEAR) / "LKE tanpa judul.xlsx", worksheet, SENT)
    outcome_form = next((settings.inbox_root / "indikator_hasil" / str(YEAR)).glob("*.xlsx"))
    data, outcome_refused = hostile_outcome_form(outcome_form)
    outcome_file = put(outcome_form.parent / "revisi hostile.xlsx", data, SENT)

    result = run_annual(settings, YEAR)
    inbox = settings.inbox_root
    return {
        "settings": settings,
        "result": result,
        "files": files,
        "refused_rows": refused_rows,
        "units": units,
        "text_code": text_code,
        "formula_cases": cases,
        "pmprb": pmprb.relative_to(inbox).as_posix(),
        "outcome": (
            outcome_form.relative_to(inbox).as_posix(),
            outcome_file.relative_to(inbox).as_posix(),
            outcome_refused,
        ),
    }


def unit_names() -> tuple[list[str], list[str]]:
    """The responsible-unit names of the year's templates and their codes."""
    from assets.roadmap.catalogue import load_units

    codes = [c for c in load_units(SOURCES)["code"] if len(unit_rows(SOURCES, YEAR, c))]
    return [unit_rows(SOURCES, YEAR, c)["responsible_unit"].iloc[0] for c in codes], codes


def template_rows() -> dict[str, int]:
    """How many rows each unit's template of the year holds."""
    _, codes = unit_names()
    return {c: len(unit_rows(SOURCES, YEAR, c)) for c in codes}


def test_the_year_runs_to_the_end_with_every_blocking_check_passing(hostile_year):
    result = hostile_year["result"]
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    failed = [
        (c.asset_key.to_user_string(), c.check_name)
        for c in result.get_asset_check_evaluations()
        if not c.passed and c.severity.value == "ERROR"
    ]
    assert failed == []


def test_exactly_the_hostile_files_are_refused_or_ignored_with_their_reasons(hostile_year):
    settings, expected = hostile_year["settings"], hostile_year["files"]
    files = query(settings, "SELECT file, status, reason_code, reason FROM submissions WHERE year = ?", [YEAR])
    found = {f: (s, None if pd.isna(c) else c) for f, s, c in zip(files["file"], files["status"], files["reason_code"])}
    assert found == expected
    refused = files[files["status"].isin(["ditolak", "diabaikan"])]
    assert refused["reason"].str.len().min() > 20  # each with a sentence a clerk can act on
    rekap = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / published.COLLECTION_REKAP.where)["Semua File"]
    shown = {
        r[0]: (r[4], r[5]) for r in rekap.iter_rows(min_row=2, values_only=True)
    }  # File, Kode Unit, Diterima, Dasar, Status, Alasan
    for file, status, reason in zip(refused["file"], refused["status"], refused["reason"]):
        assert shown[file] == (status, reason), file


def test_exactly_the_hostile_rows_are_refused_and_every_other_row_counts(hostile_year):
    settings, expected = hostile_year["settings"], hostile_year["refused_rows"]
    rejects = query(settings, "SELECT file, code, reason_code, reason FROM progress_rejects WHERE year = ?", [YEAR])
    assert dict(zip(zip(rejects["file"], rejects["code"]), rejects["reason_code"])) == expected
    assert len(rejects) == len(expected)
    assert all(reason == REASONS[code] for code, reason in zip(rejects["reason_code"], rejects["reason"]))
    accepted = query(settings, "SELECT unit, file, count(*) AS n FROM progress WHERE year = ? GROUP BY ALL", [YEAR])
    by_unit = accepted.groupby("unit")["n"].sum().to_dict()
    refused_by_unit = pd.Series([hostile_year["units"][file] for file, _ in expected]).value_counts().to_dict()
    assert by_unit == {unit: n - refused_by_unit.get(unit, 0) for unit, n in template_rows().items()}
    in_force = {f for f, (status, _) in hostile_year["files"].items() if status == "berlaku"}
    assert set(accepted["file"]) == in_force  # every accepted row comes from a file in force, one file per unit
    assert accepted.groupby("unit")["file"].nunique().max() == 1


def test_a_refused_resend_or_impostor_leaves_the_earlier_good_file_in_force(hostile_year):
    settings = hostile_year["settings"]
    files = query(settings, "SELECT file, unit_code, status, superseded_by FROM submissions WHERE year = ?", [YEAR])
    rows = template_rows()
    for unit in (UNREADABLE_UNIT, CLAIMED_UNIT, UNDECODABLE_UNIT):
        good = files[(files["unit_code"] == unit) & (files["status"] == "berlaku")]
        assert len(good) == 1 and good["file"].iloc[0].startswith(f"submissions/{YEAR}/Realisasi RB {YEAR} - "), unit
        assert pd.isna(good["superseded_by"].iloc[0]), unit
        accepted = query(settings, "SELECT file FROM progress WHERE year = ? AND unit = ?", [YEAR, unit])
        assert len(accepted) == rows[unit] and set(accepted["file"]) == {good["file"].iloc[0]}, unit


def test_every_output_is_written_and_every_workbook_opens(hostile_year):
    settings = hostile_year["settings"]
    out = settings.outputs_dir
    year_folder = out / str(YEAR)
    templates = {p.name for p in published.UNIT_TEMPLATE.folder(out, YEAR).iterdir()}
    assert templates == {f"{u}.xlsx" for u in template_rows()}
    feedback = {p.name for p in published.UNIT_FEEDBACK.folder(out, YEAR).iterdir()}
    outcome_feedback = published.INDIKATOR_HASIL_FEEDBACK.path(out, YEAR).name
    assert feedback == {f"{u}.xlsx" for u in (VALUES_UNIT, TEXT_UNIT, FORMULA_UNIT)} | {outcome_feedback}
    singles = [
        published.COLLECTION_REKAP,
        published.MONITORING_WORKBOOK,
        published.INDIKATOR_HASIL_FORM,
        published.PMPRB_WORKSHEET,
    ]
    for output in singles:
        assert output.path(out, YEAR).is_file(), output.where
    tables = {p.name for p in published.TABLE_CSV.folder(out, YEAR).iterdir()}
    assert {"capaian.csv", "capaian.parquet", "refused_rows.csv", "refused_rows.parquet"} <= tables
    stems = {suffix: {n.removesuffix(suffix) for n in tables if n.endswith(suffix)} for suffix in (".csv", ".parquet")}
    assert stems[".csv"] == stems[".parquet"]
    results = list(published.VALIDATION_RESULT.folder(out, YEAR).glob("*.json"))
    assert {"progress_rows.json"} <= {p.name for p in results}
    assert all(json.loads(p.read_text()) for p in results)
    everything = sorted(p for p in out.rglob("*") if p.is_file())
    inner = [p.relative_to(year_folder if p.is_relative_to(year_folder) else out).as_posix() for p in everything]
    unknown = [p for p in inner if published.label_of(p) == published.OTHER]
    assert unknown == []  # every file written is a declared output: no temporary or stray file left behind
    workbooks = [p for p in everything if p.suffix == ".xlsx"]
    assert len(workbooks) >= len(templates) + len(feedback) + 4
    for path in workbooks:
        texts = workbook_texts(path)  # opens with openpyxl
        assert texts and not any(holds_control_character(t) for t in texts), path.name


def test_the_units_text_reaches_its_feedback_workbook_with_its_line_break(hostile_year):
    # the accepted rows' texts; a refused row is shown with its Realisasi and its Catatan Validasi only
    settings = hostile_year["settings"]
    ws = openpyxl.load_workbook(settings.outputs_dir / str(YEAR) / "feedback" / f"{TEXT_UNIT}.xlsx")[REALISASI.sheet]
    header = [c.value for c in ws[1]]
    kendala = {r[0]: r[header.index("Kendala")] for r in ws.iter_rows(min_row=2, values_only=True)}
    accepted = set(unit_rows(SOURCES, YEAR, TEXT_UNIT)["code"]) - {hostile_year["text_code"]}
    assert {c: kendala[c] for c in accepted} == {c: read_back(f"Kendala {c}{EVERY_CONTROL}") for c in accepted}


def test_no_csv_field_starts_a_formula(hostile_year):
    settings = hostile_year["settings"]
    csv_files = sorted(settings.outputs_dir.rglob("*.csv"))
    assert {p.name for p in csv_files} >= {"capaian.csv", "refused_rows.csv"}
    assert {str(p): formula_fields(p) for p in csv_files} == {str(p): [] for p in csv_files}
    first = next(iter(hostile_year["formula_cases"]))
    with duckdb.connect() as conn:
        capaian = settings.outputs_dir / str(YEAR) / "tables" / "capaian.csv"
        sql = f"SELECT kendala FROM read_csv('{capaian}', all_varchar = true) WHERE unit = ? AND code = ?"
        kendala = conn.execute(sql, [FORMULA_UNIT, first]).fetchone()[0]
    assert kendala == "'" + HYPERLINK  # the formula text got there, escaped


def test_the_pmprb_worksheet_without_its_question_header_is_refused(hostile_year):
    settings = hostile_year["settings"]
    files = query(settings, "SELECT file, status, reason_code FROM pmprb_files WHERE year = ?", [YEAR])
    assert files.values.tolist() == [[hostile_year["pmprb"], "ditolak", "HEADER_MISSING"]]
    assert len(query(settings, "SELECT * FROM pmprb_answers WHERE year = ?", [YEAR])) == 0


def test_each_hostile_indikator_hasil_value_is_refused_and_the_others_count(hostile_year):
    settings = hostile_year["settings"]
    earlier, file, expected = hostile_year["outcome"]
    files = query(settings, "SELECT file, status FROM indikator_hasil_files WHERE year = ?", [YEAR])
    assert dict(zip(files["file"], files["status"])) == {earlier: "digantikan", file: "berlaku"}  # no marker listed
    rejects = query(settings, "SELECT file, code, reason_code FROM outcome_rejects WHERE year = ?", [YEAR])
    assert set(rejects["file"]) == {file} and dict(zip(rejects["code"], rejects["reason_code"])) == expected
    values = query(settings, "SELECT outcome FROM outcome_values WHERE year = ? AND file = ?", [YEAR, file])["outcome"]
    assert len(values) > 0 and not set(values) & set(expected)


def test_no_table_holds_a_nan_or_an_infinity(hostile_year):
    warehouse = hostile_year["settings"].warehouse_path
    assert {"progress", "outcome_values", "capaian", "pmprb_scores"} <= float_tables(warehouse)
    assert non_finite_values(warehouse) == {}
