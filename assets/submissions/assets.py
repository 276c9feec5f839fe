"""The submissions group: templates out to the units, workbooks in from them.

Per year: ``unit_templates`` writes each unit's pre-filled workbook;
``submissions`` accounts for every file in the year's inbox with a status and
a reason. Units are not partitions: per-file lineage lives in the
``file``/``row`` columns of the tables and in the assets' metadata.
"""

from functools import partial

import dagster as dg
import pandas as pd

from assets.constants import OWNERS
from assets.forms import realisasi
from assets.forms.identity import FormIdentity
from assets.forms.inventory import SCHEMA, ContentRules, responsibilities, year_inventory
from assets.forms.layouts import REALISASI
from assets.forms.signature import TemplateSigner
from assets.forms.throughput import write_forms
from assets.forms.throughput.content_cache import folder_beside
from assets.forms.throughput.parsed_cache import row_codes
from assets.metadata import asset_metadata, content_version, markdown_table
from assets.published import UNIT_TEMPLATE
from assets.resources import ProjectFiles, Warehouse, WorkerProcesses
from assets.source_files.evidence_manifest import MANIFEST
from assets.submissions import evidence_files as evidence
from assets.submissions.queries import unit_targets
from assets.submissions.row_assets import build_row_assets
from assets.validation_results import store_outcome
from assets.warehouse import replace_partition
from expectations.adapter import Suite, check_results

GROUP = "submissions"
READ_CODES = partial(row_codes, layout=REALISASI)
SUBMISSIONS_SUITE = Suite.load("submissions")
EVIDENCE_SUITE = Suite.load("evidence_files")


def build_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel", "duckdb"},
        owners=OWNERS,
        deps=["roadmap_targets", "roadmap_indicators", "units"],
    )
    def unit_templates(
        context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse, workers: WorkerProcesses
    ):
        """Each unit's pre-filled Realisasi workbook for the year: exactly its own indicators.

        ``outputs/<year>/templates/<unit code>.xlsx``, with the annual target, what is
        counted in the year, locked reference columns, validated Realisasi cells,
        an Identitas sheet and instructions (Petunjuk).
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        with warehouse.get_connection() as conn:
            targets = unit_targets(conn, year)
        signer = TemplateSigner.beside(warehouse.database, roadmap.government)
        folder = UNIT_TEMPLATE.folder(files.outputs, year)
        code_version = realisasi.template_version()
        jobs, summary = [], []
        by_unit: dict[tuple[str, str], list[dict]] = {}
        for record in targets.to_dict("records"):
            by_unit.setdefault((record["unit_code"], record["responsible_unit"]), []).append(record)
        for (code, name), rows in sorted(by_unit.items()):
            identity = FormIdentity.for_unit(REALISASI, roadmap, code, name, year, signer=signer)
            jobs.append(realisasi.TemplateFile(folder / f"{code}.xlsx", identity, tuple(rows), code_version))
            summary.append({"unit_code": code, "unit": name, "indicators": len(rows)})
        built = write_forms(realisasi.write_template, jobs)
        paths = [job.path for job in jobs]
        table = pd.DataFrame(summary)
        return dg.MaterializeResult(
            metadata=asset_metadata(
                table,
                paths=paths,
                download_url=files.download_url,
                extra={"templates_built": built, "folder": dg.MetadataValue.path(str(folder))},
            ),
            data_version=content_version(targets.drop(columns=["csv_line"])),
        )

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel", "duckdb", "great_expectations"},
        owners=OWNERS,
        deps=["units", "roadmap_targets"],
        check_specs=SUBMISSIONS_SUITE.check_specs("submissions"),
    )
    def submissions(
        context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse, workers: WorkerProcesses
    ):
        """Every file in the year's inbox, with its sha256, identity and status.

        ``sources/submissions/<year>/`` (any names, sub-folders allowed). Status:
        berlaku (in force), digantikan (superseded by a newer file of the unit),
        ditolak (refused at file level, with the reason: unreadable, rows that
        cannot be read, or not the unit's own file), duplikat (same content as
        another file), diabaikan (lock and hidden files, links to folders).
        """
        year = int(context.partition_key)
        limits = files.collection.limits
        signer = TemplateSigner.beside(warehouse.database, files.roadmap_identity.government)
        with warehouse.get_connection() as conn:
            rules = ContentRules(read_codes=READ_CODES, responsibilities=responsibilities(conn), signer=signer)
            table = year_inventory(
                conn,
                REALISASI,
                year=year,
                root=files.inbox,
                limits=limits,
                cache=folder_beside(warehouse.database),
                rules=rules,
            )
        outcome = SUBMISSIONS_SUITE.validate(table, index_columns=["file"])
        store_outcome(files.outputs, outcome, year)
        yield from check_results(outcome, "submissions")
        with warehouse.get_connection() as conn:
            replace_partition(conn, "submissions", table, column="year", key=year, schema=SCHEMA)
        counts = table["status"].value_counts().to_dict()
        yield dg.MaterializeResult(
            metadata=asset_metadata(
                table,
                table="submissions",
                preview=table[["file", "unit_code", "status", "reason"]],
                extra={f"files_{status}": int(n) for status, n in counts.items()},
            ),
            data_version=content_version(table),
        )

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"csv", "duckdb", "great_expectations"},
        owners=OWNERS,
        deps=["roadmap_targets", "roadmap_indicators"],
        check_specs=EVIDENCE_SUITE.check_specs("evidence_files"),
    )
    def evidence_files(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """The evidence files (bukti dukung) units attached in the portal to their rows of the year.

        From the portal's manifest ``<evidence dir>/<year>/lampiran.csv`` (none yet: no rows), each
        with the address the portal serves it at (``<RB_DOWNLOAD_URL>/bukti/<id>``), which the
        monitoring workbook links. An attachment whose file is not stored, or whose code is not one
        of the unit's indicators of the year, does not count and is listed in ``set_aside``.
        """
        year = int(context.partition_key)
        manifest = MANIFEST.read(files.evidence, year)
        with warehouse.get_connection() as conn:
            checked = evidence.checked_manifest(manifest, unit_targets(conn, year), files.evidence, year)
        outcome = EVIDENCE_SUITE.validate(checked, index_columns=["id", "unit_code", "code", "original_name"])
        store_outcome(files.outputs, outcome, year)
        yield from check_results(outcome, "evidence_files")
        table, set_aside = evidence.linked_evidence(
            checked, year, files.download_url, files.roadmap_identity.local_time
        )
        with warehouse.get_connection() as conn:
            replace_partition(conn, "evidence_files", table, column="year", key=year, schema=evidence.SCHEMA)
        if len(set_aside):
            context.log.warning(f"{len(set_aside)} evidence file(s) of {year} set aside:\n{set_aside.to_string()}")
        yield dg.MaterializeResult(
            metadata=asset_metadata(
                table,
                table="evidence_files",
                preview=table[["unit", "code", "original_name", "size_bytes", "url"]],
                extra={
                    "manifest": dg.MetadataValue.path(str(MANIFEST.path(files.evidence, year))),
                    "set_aside_count": len(set_aside),
                    "set_aside": dg.MetadataValue.md(markdown_table(set_aside)),
                },
            ),
            data_version=content_version(table, set_aside),
        )

    return [unit_templates, submissions, evidence_files, *build_row_assets(partitions)]
