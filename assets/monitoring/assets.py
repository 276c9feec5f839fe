"""The monitoring group: the year's capaian from the rows in force and the road-map targets.

BAB IV of the road map: monitoring once a year per area and programme,
evaluation against each responsible unit, a report to the Tim Pengarah.
Each table is a SQL model in this folder (its header comment is the asset's
description); the workbook and the Parquet/CSV files publish them under
``outputs/<year>/``; ``area_trend`` follows the areas over every year.
"""

import dagster as dg
import pandas as pd

from assets.constants import OWNERS
from assets.metadata import asset_metadata, content_version, markdown_table
from assets.monitoring import checks, rapor
from assets.monitoring.bands import fills as band_fills
from assets.monitoring.bands import load_bands
from assets.monitoring.exports import export_query
from assets.monitoring.models import model_query, read_model, run_model, sql_text
from assets.monitoring.sheets import PER_AREA, PER_UNIT, TABLE_SHEETS, headline
from assets.monitoring.workbook import build_workbook
from assets.publish import validate_then_replace
from assets.published import MONITORING_WORKBOOK, TABLE_PARQUET, TREND_PARQUET, UNIT_RAPOR
from assets.resources import ProjectFiles, Warehouse
from assets.warehouse import read_table
from assets.xlsx_files import save_workbook
from expectations.adapter import Suite

GROUP = "monitoring"
BANDS_SUITE = Suite.load("predikat_bands")

# table -> its upstream assets; every model takes the year as its one parameter
PARTITIONED_MODELS: dict[str, list[str]] = {
    "capaian": ["roadmap_targets", "roadmap_indicators", "progress", "predikat_bands"],
    "indicator_capaian": ["capaian", "roadmap_indicators"],
    "capaian_rollup": ["indicator_capaian"],
    "submission_coverage": ["submission_timeliness", "submissions", "progress", "progress_rejects", "capaian"],
    "unit_summary": ["capaian", "submission_coverage", "roadmap_targets", "roadmap_responsibilities"],
    "missing_reports": ["capaian", "submission_coverage", "progress_rejects"],
    "refused_rows": ["submissions", "progress_rejects", "units"],
}


def sql_description(name: str) -> str:
    """The SQL file's header comment, as the asset's description in the UI."""
    lines = []
    for line in sql_text(name).splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].removeprefix(" "))
    return "\n".join(lines).strip()


def build_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The monitoring assets for the road map's years."""
    models = [_model_asset(name, deps, partitions) for name, deps in PARTITIONED_MODELS.items()]
    workbook = _workbook_asset(partitions)
    return [predikat_bands, *models, workbook, _rapor_asset(partitions), _table_files_asset(partitions), area_trend]


@dg.asset(
    group_name=GROUP,
    kinds={"csv", "duckdb", "great_expectations"},
    owners=OWNERS,
    check_specs=BANDS_SUITE.check_specs("predikat_bands"),
)
def predikat_bands(files: ProjectFiles, warehouse: Warehouse):
    """The achievement bands of Permendagri 86/2017 that turn a capaian into a predikat.

    From ``sources/monitoring/predikat_bands.csv``: half-open bands (>= 91 Sangat
    Tinggi; 76 to < 91 Tinggi; 66 to < 76 Sedang; 51 to < 66 Rendah; < 51 Sangat
    Rendah) with their workbook colours; checked to cover every number once.
    """
    staged = load_bands(files.sources)
    yield from validate_then_replace(
        asset="predikat_bands",
        suite=BANDS_SUITE,
        staged=staged,
        warehouse=warehouse,
        outputs=files.outputs,
        stored=staged.drop(columns=["invalid_numbers", "band_error"]),
        index_columns=["csv_line", "predikat"],
    )


def _model_asset(name: str, deps: list[str], partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
        deps=deps,
        description=sql_description(name),
        check_specs=checks.check_specs(name),
    )
    def model(context: dg.AssetExecutionContext, warehouse: Warehouse):
        year = int(context.partition_key)
        with warehouse.get_connection() as conn:
            run_model(conn, name, {"year": year})
            stored = read_model(conn, name, year)
            results = checks.check_results(conn, name, year)
        yield dg.MaterializeResult(
            metadata=asset_metadata(stored, table=name, extra=_summary_preview(name, stored)),
            data_version=content_version(stored),
        )
        yield from results

    return model


def _summary_preview(name: str, table: pd.DataFrame) -> dict:
    """The area summary as markdown, for the roll-up's metadata."""
    if name != "capaian_rollup":
        return {}
    areas = table[table["level"] == "area"][list(PER_AREA.columns)].rename(columns=PER_AREA.columns)
    return {"area_summary": dg.MetadataValue.md(markdown_table(areas.round(1)))}


def _workbook_asset(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel"},
        owners=OWNERS,
        deps=["predikat_bands", *PARTITIONED_MODELS, "outcome_status", "evidence_files"],
    )
    def monitoring_workbook(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """The year's monitoring report for the Tim Pelaksana: ``outputs/<year>/monitoring_<year>.xlsx``.

        Sheets Ringkasan (headline figures, chart of capaian by area), Per Area,
        Per Sub-Program, Per Unit, Rincian Indikator (with each row's evidence files, linked to the
        portal), Indikator Hasil, Belum Melapor, Ditolak, File Bukti; each states its rules in a note,
        predikat coloured, A4 landscape.
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        with warehouse.get_connection() as conn:
            tables = {spec.name: spec.frame(conn, year, keep=tuple(spec.links.values())) for spec in TABLE_SHEETS}
            figures = headline(conn, year)
            bands = read_table(conn, "SELECT * FROM predikat_bands")
        wb = build_workbook(year, roadmap.government, figures, tables, bands, roadmap.local_time)
        path = MONITORING_WORKBOOK.path(files.outputs, year)
        changed = save_workbook(wb, path)
        areas = tables[PER_AREA.name].rename(columns=PER_AREA.columns)
        return dg.MaterializeResult(
            metadata=asset_metadata(
                areas,
                paths=[path],
                download_url=files.download_url,
                preview=areas.round(1),
                extra={"rewritten": changed, "sheets": dg.MetadataValue.json(wb.sheetnames)},
            ),
            data_version=content_version(figures.astype(str), *tables.values()),
        )

    return monitoring_workbook


def _rapor_asset(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel"},
        owners=OWNERS,
        deps=["predikat_bands", "capaian", "unit_summary", "refused_rows"],
    )
    def unit_rapor(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """Every responsible unit's rapor of the year: ``outputs/<year>/rapor/<unit>.xlsx``.

        Its indicators with target, realisasi, capaian, predikat, status and plausibility
        warnings, its sending status and its refused rows: the monitoring workbook's own rows,
        filtered to the unit. Each run rewrites what changed; a unit no longer responsible in
        the year loses its old rapor, so nothing stale is offered.
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        with warehouse.get_connection() as conn:
            units = PER_UNIT.frame(conn, year, keep=("warned_values",))
            rows = rapor.unit_frames(conn, rapor.RAPOR, year)
            refused = rapor.unit_frames(conn, rapor.UNIT_REFUSED, year)
            fills = band_fills(read_table(conn, "SELECT * FROM predikat_bands"))
        paths, rewritten = [], 0
        for unit in units.to_dict("records"):
            code = unit["unit"]
            wb = rapor.build_rapor(
                year,
                roadmap.government,
                unit,
                rows.get(code, rapor.no_rows(rapor.RAPOR)),
                refused.get(code, rapor.no_rows(rapor.UNIT_REFUSED)),
                fills,
                roadmap.local_time,
            )
            path = UNIT_RAPOR.path(files.outputs, year, unit=code)
            rewritten += save_workbook(wb, path)
            paths.append(path)
        folder = UNIT_RAPOR.folder(files.outputs, year)
        stale = sorted(set(folder.glob("*.xlsx")) - set(paths)) if folder.is_dir() else []
        for path in stale:
            path.unlink()
        listing = units[["unit", "unit_name", "submission_status", "scheduled", "achieved", "warned_values"]]
        return dg.MaterializeResult(
            metadata=asset_metadata(
                listing,
                paths=paths,
                download_url=files.download_url,
                extra={"rapor": len(paths), "rewritten": rewritten, "removed": len(stale)},
            ),
            data_version=content_version(listing, *rows.values(), *refused.values()),
        )

    return unit_rapor


def _table_files_asset(partitions: dg.PartitionsDefinition) -> dg.AssetsDefinition:
    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"parquet", "csv"},
        owners=OWNERS,
        deps=list(PARTITIONED_MODELS),
    )
    def monitoring_table_files(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """Every monitoring table of the year as Parquet and CSV: ``outputs/<year>/tables/<table>.parquet|csv``.

        Written by DuckDB's COPY to a temporary name, then moved into place
        atomically; a file whose content did not change is left alone.
        """
        year = int(context.partition_key)
        folder = TABLE_PARQUET.folder(files.outputs, year)
        paths, changed, rows = [], 0, []
        with warehouse.get_connection() as conn:
            for name in PARTITIONED_MODELS:
                written, n = export_query(conn, model_query(name, year), folder, name)
                paths += written
                changed += n
                rows.append(
                    {
                        "table": name,
                        "rows": conn.execute(f'SELECT count(*) FROM "{name}" WHERE year = ?', [year]).fetchone()[0],
                    }
                )
        listing = pd.DataFrame(rows)
        return dg.MaterializeResult(
            metadata=asset_metadata(
                listing,
                paths=paths,
                download_url=files.download_url,
                extra={"files_rewritten": changed, "folder": dg.MetadataValue.path(str(folder))},
            ),
            data_version=content_version(listing),
        )

    return monitoring_table_files


@dg.asset(
    group_name=GROUP,
    kinds={"duckdb", "sql", "parquet", "csv"},
    owners=OWNERS,
    deps=["capaian_rollup"],
    description=sql_description("area_trend"),
)
def area_trend(files: ProjectFiles, warehouse: Warehouse):
    with warehouse.get_connection() as conn:
        run_model(conn, "area_trend")
        table = read_model(conn, "area_trend")
        paths, changed = export_query(
            conn, model_query("area_trend"), TREND_PARQUET.folder(files.outputs), "area_trend"
        )
    return dg.MaterializeResult(
        metadata=asset_metadata(
            table,
            table="area_trend",
            paths=paths,
            download_url=files.download_url,
            extra={"years": sorted({int(y) for y in table["year"]}), "files_rewritten": changed},
        ),
        data_version=content_version(table),
    )
