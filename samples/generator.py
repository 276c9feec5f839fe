"""Sample submissions: every unit's template, filled realistically, for every road-map year.

Deterministic (seeded by year and unit code). Realisations scatter around the
targets, with evidence, shortfalls with obstacles and follow-ups, units that
send late, one that never sends, one that sends again, one broken resend, a
lock file, and a few of the mistakes clerks make. Existing files are left
alone, so running it again changes nothing. It writes only into folders it
created and marked (``SAMPLE_MARKER``): when any inbox folder (units'
workbooks, Indikator Hasil, PMPRB answers) of any year holds a file in a folder
it did not mark, a real inbox, it writes nothing anywhere and says so.

    python -m samples            # into the configured inbox
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from assets.forms import realisasi
from assets.forms.collection import Collection
from assets.forms.identity import FormIdentity
from assets.forms.inbox import SAMPLE_MARKER, sha256_of
from assets.forms.layouts import INBOXES, INDIKATOR_HASIL, REALISASI
from assets.forms.receipts import SAMPLE, record_receipt
from assets.local_time import LocalTime
from assets.resources import Warehouse
from assets.roadmap.catalogue import load_indicators, load_outcomes, load_scales, load_units
from assets.roadmap.identity import RoadmapIdentity
from assets.roadmap.targets import expand_targets
from assets.source_files.check import check_sources, errors
from assets.submissions.queries import unit_targets
from assets.xlsx_files import workbook_bytes
from pipelines.settings import Settings
from samples.fill import append_row, fill_row, sign

MARKER = SAMPLE_MARKER
MARKER_TEXT = "Files in this folder were written by samples/generator.py\n"
OBSTACLES = [
    (
        "Keterbatasan anggaran kegiatan",
        "Diusulkan dalam perubahan anggaran",
        "Dilaksanakan pada triwulan I tahun berikutnya",
    ),
    (
        "Jadwal bertabrakan dengan agenda pimpinan",
        "Penjadwalan ulang bersama sekretariat",
        "Jadwal rapat ditetapkan di awal tahun",
    ),
    ("Sumber daya manusia terbatas", "Penugasan staf tambahan", "Pelatihan staf pada tahun berikutnya"),
]
EVIDENCE = [
    "SK Bupati No. 188/{n}/403.013/{year}",
    "Notulen rapat No. 005/{n}/{year}",
    "Laporan pelaksanaan kegiatan No. 050/{n}/{year}",
    "Surat Edaran No. 061/{n}/{year}",
]


@dataclass
class YearPlan:
    """Which units behave how in one year."""

    never: str | None
    late: set[str] = field(default_factory=set)
    resubmit: str | None = None
    broken_resend: str | None = None
    mistakes: set[str] = field(default_factory=set)


def plan_year(year: int, units: list[str], with_mistakes: bool) -> YearPlan:
    """Roles go to units in a seeded order; a small registry fills the first roles only (a unit each)."""
    rng = random.Random(f"plan-{year}")
    shuffled = rng.sample(units, len(units)) + [None] * 5
    plan = YearPlan(never=shuffled[0], late={u for u in shuffled[1:3] if u})
    if with_mistakes:
        plan.resubmit, plan.broken_resend = shuffled[3], shuffled[4]
        plan.mistakes = {u for u in shuffled[5:8] if u}
    return plan


def generate(settings: Settings, *, years: list[int] | None = None, with_mistakes: bool = True) -> list[Path]:
    """Write the sample workbooks; returns the files written now (none when the inbox holds a real file)."""
    real = real_file(settings.inbox_root)
    if real is not None:
        print(f"{real} is not sample data: the inbox holds real files; no sample file written", file=sys.stderr)
        return []
    roadmap = RoadmapIdentity.load(settings.roadmap_dir)
    indicators = load_indicators(settings.roadmap_dir)
    targets = expand_targets(indicators, load_units(settings.sources_dir))
    collection = Collection.load(settings.sources_dir)
    conn = duckdb.connect()
    conn.register("roadmap_targets", targets)
    conn.register("roadmap_indicators", indicators)
    written: list[Path] = []
    for year in years or roadmap.years:
        folder = settings.inbox_root / REALISASI.inbox / str(year)
        _mark(folder)
        frame = unit_targets(conn, year)
        deadline = collection.deadline(year) or dt.date(year + 1, 1, 31)
        plan = plan_year(year, sorted(frame["unit_code"].unique()), with_mistakes)
        for (code, name), rows in frame.groupby(["unit_code", "responsible_unit"], sort=True):
            if code == plan.never:
                continue
            written += _unit_files(folder, roadmap, year, code, name, rows, plan, deadline, frame)
        written += _outcome_form(
            settings,
            roadmap,
            collection,
            year,
            missing=with_mistakes and year == roadmap.years[len(roadmap.years) // 2],
        )
    conn.close()
    _record_sending_times(settings, written)
    return written


def _record_sending_times(settings: Settings, written: list[Path]) -> None:
    """Each written file's fabricated sending time (its modification time) as its receipt in the warehouse,
    through the same ``record_receipt`` an upload channel calls, so the sample's on-time verdicts hold."""
    if not written:
        return
    with Warehouse(database=str(settings.warehouse_path)).get_connection() as conn:
        for path in written:
            sent = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
            record_receipt(conn, sha256_of(path), sent, channel=SAMPLE)


# Plausible yearly figures by outcome code (low, high, yearly step); ordinals pick from their scale.
OUTCOME_RANGES = {
    "integritas_aparatur": (70, 88, 2),
    "produk_hukum_berkualitas": (72, 90, 2),
    "perangkat_daerah_tepat_fungsi": (80, 98, 3),
    "skpd_ber_sop": (85, 100, 3),
    "indeks_profesionalitas_asn": (58, 75, 3),
    "indeks_rb": (55, 68, 2.5),
    "ikm": (77, 84, 1),
    "pmprb_akuntabilitas_kinerja": (58, 72, 2.5),
    "pmprb_kapasitas_organisasi": (3.0, 4.2, 0.2),
    "pmprb_persepsi_korupsi": (3.0, 3.6, 0.1),
    "pmprb_persepsi_pelayanan": (3.0, 3.5, 0.1),
}
SOURCES_BY_OUTCOME = {
    "nilai_akip": "LHE SAKIP KemenPAN-RB No. B/{n}/AA.05/{next}",
    "pmprb_akuntabilitas_kinerja": "LHE SAKIP KemenPAN-RB No. B/{n}/AA.05/{next}",
    "opini_bpk": "LHP BPK No. {n}/LHP/XVIII.SBY/05/{next}",
    "indeks_rb": "Surat KemenPAN-RB No. B/{n}/RB.06/{next}",
}


def _outcome_form(settings: Settings, roadmap, collection: Collection, year: int, *, missing: bool) -> list[Path]:
    """The year's Indikator Hasil form, filled by the coordinating unit; ``missing`` leaves one value out."""
    from assets.forms import indikator_hasil

    folder = settings.inbox_root / INDIKATOR_HASIL.inbox / str(year)
    path = folder / f"Indikator Hasil {year}.xlsx"
    if path.exists():
        return []
    name, code = collection.coordinator(load_units(settings.sources_dir), default="")
    rows = indikator_hasil.form_rows(load_outcomes(settings.roadmap_dir), settings.sources_dir, year)
    scales = indikator_hasil.scale_values(load_scales(settings.roadmap_dir))
    identity = FormIdentity.for_unit(INDIKATOR_HASIL, roadmap, code, name, year)
    wb = indikator_hasil.build_template(identity, rows, scales)
    rng = random.Random(f"outcomes-{year}")
    step = year - roadmap.first_year
    ws = wb[INDIKATOR_HASIL.sheet]
    skipped = rng.choice([r for r in rows["code"] if r in OUTCOME_RANGES]) if missing else None
    for i, r in enumerate(rows.to_dict("records"), start=2):
        if r["code"] == skipped:
            continue
        if r["value_kind"] == "ordinal":
            values = scales[r["scale"]]
            value: object = (
                values[max(0, min(len(values) - 1, 3 - step + rng.randint(-1, 0)))]
                if r["scale"] == "akip"
                else values[0]
            )
        else:
            low, high, per_year = OUTCOME_RANGES.get(r["code"], (r["min_value"], r["max_value"], 0))
            value = round(min(high, low + per_year * step + rng.uniform(0, (high - low) / 3)), 2)
        source = SOURCES_BY_OUTCOME.get(r["code"], "Laporan hasil pengukuran tahun {year} No. {n}/{next}")
        ws.cell(row=i, column=INDIKATOR_HASIL.value_index + 1, value=value)
        ws.cell(
            row=i,
            column=INDIKATOR_HASIL.column("Dokumen Sumber") + 1,
            value=source.format(n=rng.randint(10, 900), year=year, next=year + 1),
        )
    _mark(folder)
    written = _write(
        path,
        workbook_bytes(wb, created=dt.datetime(year + 1, 3, 1)),
        roadmap.local_time.at(dt.date(year + 1, 3, 15), dt.time(9, 0)),
    )
    return [written] if written else []


def _unit_files(folder, roadmap, year, code, name, rows, plan: YearPlan, deadline, frame) -> list[Path]:
    rng = random.Random(f"{year}-{code}")
    late = code in plan.late
    sent = _sent_at(rng, deadline, late, roadmap.local_time)
    identity = FormIdentity.for_unit(REALISASI, roadmap, code, name, year)
    stem = f"Realisasi RB {year} - {name}"
    files = []
    mistakes = code in plan.mistakes or code == plan.resubmit
    first = _filled(identity, rows, rng, year, mistakes=mistakes, others=frame[frame["unit_code"] != code])
    files.append(_write(folder / f"{stem}.xlsx", first, sent))
    if code == plan.resubmit:
        corrected = _filled(identity, rows, random.Random(f"{year}-{code}"), year, mistakes=False, others=None)
        files.append(_write(folder / "kiriman ulang" / f"{stem} (revisi).xlsx", corrected, sent + dt.timedelta(days=3)))
    if code == plan.broken_resend:
        files.append(
            _write(
                folder / "kiriman ulang" / f"{stem} (kirim ulang).xlsx",
                first[: len(first) // 3],
                sent + dt.timedelta(days=2),
            )
        )
        files.append(_write(folder / f"~${stem}.xlsx", b"\x00" * 165, sent))
    return [f for f in files if f is not None]


def _filled(identity, rows: pd.DataFrame, rng: random.Random, year: int, *, mistakes: bool, others) -> bytes:
    wb = realisasi.build_template(identity, realisasi.template_rows(rows))
    sign(
        wb,
        f"Petugas {identity.unit_code.title()}",
        f"19{rng.randint(70, 95)}0{rng.randint(1, 9)}1{rng.randint(10, 28)}20{rng.randint(10, 19)}011001",
        f"08{rng.randint(1000000000, 9999999999)}",
    )
    records = rows.sort_values("csv_line").to_dict("records")
    for t in records:
        fill_row(wb, t["code"], _realisation(t, rng, year))
    if mistakes and records:
        _typical_mistakes(wb, records, rng, others)
    return workbook_bytes(wb, created=dt.datetime(year + 1, 1, 2))


def _realisation(t: dict, rng: random.Random, year: int) -> dict[str, object]:
    kind, target = t["target_kind"], t["target_value"]
    achieved = rng.random() < 0.72
    if kind == "qualitative":
        value: object = "Ya" if achieved else "Tidak"
    elif kind == "range":
        value = (
            rng.randint(int(t["target_min"]), int(t["target_max"]))
            if achieved
            else int(t["target_max"]) + rng.randint(1, 5)
        )
    elif kind == "placeholder" or pd.isna(target):
        value = rng.randint(1, 10)
    elif kind == "percent":
        value = round(min(100.0, target * (rng.uniform(1.0, 1.15) if achieved else rng.uniform(0.6, 0.97))), 1)
    elif kind == "budget":
        value = round(target * (1.0 if achieved else rng.uniform(0.7, 0.95)), 2)
    else:
        value = round(target * rng.uniform(1.0, 1.3)) if achieved else max(0, int(target * rng.uniform(0.3, 0.95)))
    values: dict[str, object] = {"Realisasi": value}
    if value not in (0, "Tidak"):
        values["Bukti Dukung"] = rng.choice(EVIDENCE).format(n=rng.randint(1, 400), year=year)
    if not achieved:
        obstacle, solution, follow_up = rng.choice(OBSTACLES)
        values.update({"Kendala": obstacle, "Solusi": solution, "Rencana Tindak Lanjut": follow_up})
    return values


def _typical_mistakes(wb, records: list[dict], rng: random.Random, others) -> None:
    """Two or three of the mistakes seen in real returns."""
    numeric = [t for t in records if t["target_kind"] in ("count", "budget")] or records
    percent = [t for t in records if t["target_kind"] == "percent"]
    choices = [
        lambda: fill_row(wb, rng.choice(numeric)["code"], {"Realisasi": "sudah"}),
        lambda: fill_row(wb, rng.choice(numeric)["code"], {"Realisasi": "-"}),
        lambda: fill_row(wb, rng.choice(numeric)["code"], {"Realisasi": "1.25"}),
        lambda: fill_row(wb, rng.choice(numeric)["code"], {"Realisasi": "80,5"}),  # fine: decimal comma
        lambda: fill_row(wb, rng.choice(records)["code"], {"Realisasi": None}),
        lambda: append_row(wb, {"Kode": rng.choice(records)["code"], "Realisasi": 1, "Bukti Dukung": "Baris tambahan"}),
    ]
    if percent:
        choices.append(lambda: fill_row(wb, rng.choice(percent)["code"], {"Realisasi": 0.9}))
    if others is not None and len(others):
        foreign = others.iloc[rng.randrange(len(others))]
        choices.append(
            lambda: append_row(wb, {"Kode": foreign["code"], "Realisasi": 1, "Bukti Dukung": "Dokumen unit lain"})
        )
    for pick in rng.sample(choices, k=min(3, len(choices))):
        pick()


def _sent_at(rng: random.Random, deadline: dt.date, late: bool, clock: LocalTime) -> dt.datetime:
    """Office hours on the road map's clock (``clock``), days before the deadline or, for a late unit, after it."""
    day = deadline + dt.timedelta(days=rng.randint(2, 20)) if late else deadline - dt.timedelta(days=rng.randint(1, 25))
    return clock.at(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)))


def real_file(inbox_root: Path) -> Path | None:
    """A file in any inbox folder the generator did not create and mark (a unit's real report), or None."""
    for inbox in INBOXES:
        for folder in sorted(p for p in (Path(inbox_root) / inbox).glob("*") if p.is_dir()):
            if (folder / MARKER).exists():
                continue
            found = next((p for p in sorted(folder.rglob("*")) if not p.is_dir()), None)
            if found is not None:
                return found
    return None


def _mark(folder: Path) -> None:
    """Create ``folder`` with its marker; a marker already in place is not rewritten (the inbox stays untouched)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / MARKER
    if not marker.exists() or marker.read_text() != MARKER_TEXT:
        marker.write_text(MARKER_TEXT)


def _write(path: Path, data: bytes, sent: dt.datetime) -> Path | None:
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (sent.timestamp(), sent.timestamp()))
    return path


def main() -> int:
    """Check the sources first (``assets/source_files/check.py``); write nothing when they have an error.

    Only the errors are printed here: the notes are the annual run's to say (``python -m pipelines.cli``
    prints every line of the check), so ``make run`` says each problem once.
    """
    settings = Settings.from_env()
    refused = errors(check_sources(settings.sources_dir))
    for problem in refused:
        print(problem, file=sys.stderr)
    if refused:
        print("sample generator: nothing written; correct the sources above first", file=sys.stderr)
        return 2
    written = generate(settings)
    print(f"sample generator: {len(written)} files written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
