"""Helpers for the pmprb tests: the reference answers, an independent scorer, materializing, LibreOffice."""

from __future__ import annotations

import csv
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd

from assets.partitions import yearly_partitions
from assets.pmprb.answer_intake import ANSWERS_SCHEMA
from assets.pmprb.assets import SCORES_TABLE, build_assets
from assets.pmprb.scoring import ANSWERS_TABLE
from assets.roadmap.identity import RoadmapIdentity
from assets.warehouse import replace_partition
from pipelines.resources import build_resources
from pipelines.settings import PROJECT_DIR
from tests.office_support import convert

INSTRUMENT_DIR = PROJECT_DIR / "sources" / "instrument" / "permenpanrb-14-2014"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "lke_2014"
# The PMPRB round trip of one year: the returned worksheet read, judged and carried over, scored, rewritten.
ROUND_TRIP_ASSETS = [
    "units",
    "lke_instrument",
    "pmprb_files",
    "pmprb_answers",
    "pmprb_answer_rejects",
    "pmprb_notes",
    "pmprb_identity",
    "pmprb_scores",
    "pmprb_worksheet",
]


def pmprb_assets(sources: Path = PROJECT_DIR / "sources") -> list[dg.AssetsDefinition]:
    return build_assets(yearly_partitions(RoadmapIdentity.load(Path(sources) / "roadmap")))


def materialize(settings, year: int | None = None, raise_on_error: bool = True) -> dg.ExecuteInProcessResult:
    """lke_instrument, then (with a year) pmprb_scores and pmprb_worksheet of that year.

    ``pmprb_answers`` (the inbox intake) is left out: these tests put answers into the table directly.
    """
    assets = pmprb_assets(settings.sources_dir)
    resources = build_resources(settings)
    result = dg.materialize(assets[:1], resources=resources, raise_on_error=raise_on_error)
    if year is None or not result.success:
        return result
    scored = [a for a in assets if {k.to_user_string() for k in a.keys} <= {"pmprb_scores", "pmprb_worksheet"}]
    return dg.materialize(
        assets, resources=resources, partition_key=str(year), selection=scored, raise_on_error=raise_on_error
    )


def store_answers(settings, year: int, answers: pd.DataFrame, source: str = "final") -> None:
    """Put answers (code, answer, optionally answer_source per row) into pmprb_answers, as the intake will."""
    frame = pd.DataFrame(
        {
            "year": year,
            "code": answers["code"].astype("str"),
            "answer": answers["answer"].astype("str"),
            "answer_source": answers["answer_source"] if "answer_source" in answers else source,
        }
    )
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse_path)) as conn:
        replace_partition(conn, ANSWERS_TABLE, frame, column="year", key=year, schema=ANSWERS_SCHEMA)


def stored_scores(settings, year: int) -> pd.DataFrame:
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as conn:
        return conn.execute(f"SELECT * FROM {SCORES_TABLE} WHERE year = ?", [year]).df()


def worksheet_path(settings, year: int) -> Path:
    return settings.outputs_dir / str(year) / f"pmprb_{year}.xlsx"


def edit_csv(path: Path, edit) -> None:
    """Rewrite a UTF-8-with-BOM CSV through ``edit(rows)``, which changes rows in place or returns new ones."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    rows = edit(rows) or rows
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def read_csv(name: str, folder: Path = INSTRUMENT_DIR) -> list[dict[str, str]]:
    with open(folder / name, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def reference_answers(year: int, with_hasil: bool = True) -> pd.DataFrame:
    """The answers of the reference LKE for 2015 or 2014: items and (optionally) Hasil inputs."""
    rows = [{"code": r["item_id"], "answer": r[f"answer_{year}"]} for r in read_csv("reference_answers.csv", FIXTURES)]
    if with_hasil:
        rows += [
            {"code": r["code"], "answer": r["input_value"]}
            for r in read_csv("reference_hasil.csv", FIXTURES)
            if r["year"] == str(year)
        ]
    return pd.DataFrame(rows)


def uniform_pengungkit(answers: dict[str, str]) -> dict[str, float]:
    """The uniform rule computed in plain Python from the CSV files, independently of the SQL engine.

    Item = the answer map's value (0 when unanswered or invalid); sub-component =
    weight x mean over all its items; area = sum; component A = sum of areas.
    """
    values = {(r["answer_type"], r["answer"]): float(r["value"]) for r in read_csv("answer_values.csv")}
    scores: dict[str, float] = {}
    by_sub: dict[str, list[float]] = {}
    for item in read_csv("items.csv"):
        score = values.get((item["answer_type"], answers.get(item["item_id"], "")), 0.0)
        scores[item["item_id"]] = score
        by_sub.setdefault(item["sub_code"], []).append(score)
    for sub in read_csv("sub_components.csv"):
        items = by_sub[sub["sub_code"]]
        scores[sub["sub_code"]] = float(sub["weight"]) * sum(items) / len(items)
        scores[sub["area_code"]] = scores.get(sub["area_code"], 0.0) + scores[sub["sub_code"]]
    scores["A"] = sum(scores[a["area_code"]] for a in read_csv("areas.csv") if a["component"] == "A")
    return scores


def recalculate(soffice: str, files: list[Path], workdir: Path) -> list[Path]:
    """Let LibreOffice recalculate and re-save each workbook; returns the re-saved files."""
    return convert(soffice, files, workdir, "xlsx")


LKE_2023 = Path(__file__).resolve().parent / "fixtures" / "lke-2023"


def magetan_2023_official() -> list[dict[str, str]]:
    """Kabupaten Magetan's official 2023 evaluation: each line's value and score (reference copy)."""
    return read_csv("magetan_2023_official.csv", LKE_2023)


def magetan_2023_answers() -> dict[str, str]:
    """The official values as answers; Opini BPK, recorded as its 5 points, entered as the opinion WTP."""
    answers = {r["question_id"]: r["value"] for r in magetan_2023_official() if r["value"]}
    assert answers["1044"] == "5"  # 5 of 5 points is WTP
    return {**answers, "1044": "WTP"}
