"""The indikator_hasil group: the yearly outcome figures, collected and checked like the units' workbooks.

The form goes out (``indikator_hasil_template``), the filled form comes back to
``sources/indikator_hasil/<year>/`` and is taken in with the same file rules
(``inventory``) and row rules (``read_forms``, ``route`` with
the ``outcome_rows`` suite, the feedback workbook) as the units' submissions.
"""

from pathlib import Path

import dagster as dg
import pandas as pd

from assets.constants import OWNERS
from assets.forms import indikator_hasil
from assets.forms.feedback import build_feedback
from assets.forms.identity import FormIdentity
from assets.forms.inventory import SCHEMA as INTAKE_SCHEMA
from assets.forms.inventory import year_inventory
from assets.forms.layouts import INDIKATOR_HASIL
from assets.forms.route import route
from assets.forms.throughput import ReadTask, read_forms
from assets.forms.throughput.content_cache import folder_beside
from assets.forms.versions import IN_FORCE
from assets.metadata import asset_metadata, content_version, table_materialization
from assets.published import INDIKATOR_HASIL_FEEDBACK, INDIKATOR_HASIL_FORM
from assets.resources import ProjectFiles, Warehouse
from assets.roadmap.catalogue import load_scales
from assets.validation_results import store_outcome
from assets.warehouse import read_table, replace_partition
from assets.xlsx_files import save_workbook
from expectations.adapter import Suite, check_results

GROUP = "indikator_hasil"
SUITE = Suite.load("outcome_rows")
STATUS_SQL = (Path(__file__).resolve().parent / "outcome_status.sql").read_text(encoding="utf-8")
VALUES_SCHEMA = {
    "year": "INTEGER",
    "outcome": "VARCHAR",
    "value": "DOUBLE",
    "value_text": "VARCHAR",
    "raw_value": "VARCHAR",
    "source_document": "VARCHAR",
    "keterangan": "VARCHAR",
    "links": "VARCHAR",
    "warnings": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
}
REJECTS_SCHEMA = {
    "year": "INTEGER",
    "unit": "VARCHAR",
    "file": "VARCHAR",
    "row": "INTEGER",
    "code": "VARCHAR",
    "raw_value": "VARCHAR",
    **{field: "VARCHAR" for field in INDIKATOR_HASIL.fields.values()},  # what the unit wrote, for the feedback
    "links": "VARCHAR",
    "reason_code": "VARCHAR",
    "reason": "VARCHAR",
    "all_reason_codes": "VARCHAR",
}
STATUS_SCHEMA = {
    "year": "INTEGER",
    "area_no": "VARCHAR",
    "outcome": "VARCHAR",
    "indicator": "VARCHAR",
    "comparator": "VARCHAR",
    "target_text": "VARCHAR",
    "target": "VARCHAR",
    "value": "DOUBLE",
    "value_text": "VARCHAR",
    "source_document": "VARCHAR",
    "gap": "DOUBLE",
    "status": "VARCHAR",
}


def _form(files: ProjectFiles, conn, year: int) -> tuple[pd.DataFrame, dict[str, list[str]], tuple[str, str]]:
    """The rows of ``year``'s form (the road map's outcomes and the year's instrument's inputs), scales, keeper."""
    outcomes = read_table(conn, "SELECT * FROM outcome_targets ORDER BY csv_line")
    keeper = files.collection.coordinator(read_table(conn, "SELECT * FROM units"), default="")
    return (
        indikator_hasil.form_rows(outcomes, files.sources, year, files.instrument_years),
        indikator_hasil.scale_values(load_scales(files.roadmap)),
        keeper,
    )


def build_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.asset(
        group_name=GROUP, partitions_def=partitions, kinds={"excel"}, owners=OWNERS, deps=["outcome_targets", "units"]
    )
    def indikator_hasil_template(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """The year's Indikator Hasil form: every road-map outcome and PMPRB result input, with its range or list.

        ``outputs/<year>/indikator_hasil_<year>.xlsx``, filled in by Bagian Organisasi
        from official documents (LHE SAKIP, LHP BPK, survey reports).
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        with warehouse.get_connection() as conn:
            rows, scales, (name, code) = _form(files, conn, year)
        identity = FormIdentity.for_unit(INDIKATOR_HASIL, roadmap, code, name, year)
        path = INDIKATOR_HASIL_FORM.path(files.outputs, year)
        save_workbook(indikator_hasil.build_template(identity, rows, scales), path)
        return dg.MaterializeResult(
            metadata=asset_metadata(
                rows[["code", "indicator", "value_kind"]], paths=[path], download_url=files.download_url
            )
        )

    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                "indikator_hasil_files",
                group_name=GROUP,
                kinds={"excel", "duckdb"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["units"],
                description="Every file in sources/indikator_hasil/<year>/ with its sha256, identity and status (same rules as the units' inbox).",
            ),
            dg.AssetSpec(
                "outcome_values",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["outcome_targets"],
                description="The year's outcome figures in force: value (ordinals as their rank), value as written, source document, file and row.",
            ),
            dg.AssetSpec(
                "outcome_rejects",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                partitions_def=partitions,
                description="Refused Indikator Hasil rows with a reason code and the reason in Bahasa Indonesia.",
            ),
        ],
        check_specs=SUITE.check_specs("outcome_values", routes_rows=True),
        can_subset=False,
    )
    def outcome_intake(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        year = int(context.partition_key)
        limits = files.collection.limits
        with warehouse.get_connection() as conn:
            inbox = year_inventory(
                conn,
                INDIKATOR_HASIL,
                year=year,
                root=files.inbox,
                limits=limits,
                cache=folder_beside(warehouse.database),
            )
            rows, scales, _ = _form(files, conn, year)
        tasks = [
            ReadTask(
                path=files.inbox / f["file"], sha256=f["sha256"], year=year, unit_code=f["unit_code"], file=f["file"]
            )
            for f in inbox[inbox["status"] == IN_FORCE].to_dict("records")
        ]
        read = read_forms(
            tasks,
            INDIKATOR_HASIL,
            kinds=indikator_hasil.kinds(rows, scales),
            parse=indikator_hasil.parse_outcome,
            cache=folder_beside(warehouse.database),
        )
        frame = read.rows.merge(rows[["code", "min_value", "max_value"]], on="code", how="left")
        routed = route(frame, SUITE, {"codes": list(rows["code"])})
        store_outcome(files.outputs, routed.outcome, year)
        values = _values(routed.accepted, rows, scales)
        refused = [
            routed.refused,
            pd.DataFrame(read.unreadable_refusals(INDIKATOR_HASIL), columns=list(REJECTS_SCHEMA)),
        ]
        rejects = pd.concat(refused, ignore_index=True).reindex(columns=list(REJECTS_SCHEMA))
        with warehouse.get_connection() as conn:
            replace_partition(conn, "indikator_hasil_files", inbox, column="year", key=year, schema=INTAKE_SCHEMA)
            replace_partition(conn, "outcome_values", values, column="year", key=year, schema=VALUES_SCHEMA)
            replace_partition(conn, "outcome_rejects", rejects, column="year", key=year, schema=REJECTS_SCHEMA)
        yield from check_results(routed.outcome, "outcome_values", routes_rows=True)
        for key, table, preview in (
            ("indikator_hasil_files", inbox, ["file", "status", "reason"]),
            ("outcome_values", values, ["outcome", "value", "value_text", "source_document"]),
            ("outcome_rejects", rejects, ["file", "row", "code", "raw_value", "reason"]),
        ):
            yield table_materialization(key, table, preview)

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"duckdb"},
        owners=OWNERS,
        deps=["outcome_values", "outcome_targets"],
    )
    def outcome_status(context: dg.AssetExecutionContext, warehouse: Warehouse):
        """Each road-map outcome against its target for the year: value, gap and status.

        Ordinal targets (AKIP "A", Opini BPK "WTP") compare by rank. The Indeks RB
        here is the official KemenPAN-RB result typed into the form, not the PMPRB
        self-assessment.
        """
        year = int(context.partition_key)
        with warehouse.get_connection() as conn:
            status = conn.execute(STATUS_SQL, {"year": year}).df()
            replace_partition(conn, "outcome_status", status, column="year", key=year, schema=STATUS_SCHEMA)
        return dg.MaterializeResult(
            metadata=asset_metadata(
                status, table="outcome_status", preview=status[["outcome", "target", "value_text", "value", "status"]]
            ),
            data_version=content_version(status),
        )

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel"},
        owners=OWNERS,
        deps=["outcome_values", "outcome_rejects", "indikator_hasil_files"],
    )
    def indikator_hasil_feedback(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """The Indikator Hasil form sent back with a note per row when any row was refused (removed once none is).

        ``outputs/<year>/feedback/indikator_hasil.xlsx``; fixed and dropped back into the inbox, it is a valid form.
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        with warehouse.get_connection() as conn:
            rows, scales, _ = _form(files, conn, year)
            refused = read_table(conn, "SELECT * FROM outcome_rejects WHERE year = ?", [year])
            accepted = read_table(conn, "SELECT *, outcome AS code FROM outcome_values WHERE year = ?", [year])
            in_force = read_table(
                conn, "SELECT * FROM indikator_hasil_files WHERE year = ? AND status = 'berlaku'", [year]
            )
        paths = []
        for f in in_force[in_force["file"].isin(refused["file"])].to_dict("records"):
            identity = FormIdentity.for_unit(INDIKATOR_HASIL, roadmap, f["unit_code"], f["unit_name"], year)
            mine = accepted[accepted["file"] == f["file"]].rename(columns={"source_document": "dokumen_sumber"})
            catalogue = {r["code"]: r for r in rows.to_dict("records")}
            wb = build_feedback(
                indikator_hasil.feedback_form(rows, scales),
                identity,
                mine,
                refused[refused["file"] == f["file"]],
                catalogue,
            )
            path = INDIKATOR_HASIL_FEEDBACK.path(files.outputs, year)
            save_workbook(wb, path)
            paths.append(path)
        stale = INDIKATOR_HASIL_FEEDBACK.path(files.outputs, year)
        if not paths and stale.is_file():  # the form in force has no refused row (any more): nothing to send back
            stale.unlink()
        return dg.MaterializeResult(
            metadata=asset_metadata(
                refused[["file", "row", "code", "reason"]], paths=paths, download_url=files.download_url
            )
        )

    return [indikator_hasil_template, outcome_intake, outcome_status, indikator_hasil_feedback]


def _values(accepted: pd.DataFrame, rows: pd.DataFrame, scales: dict[str, list[str]]) -> pd.DataFrame:
    scale_of = dict(zip(rows["code"], rows["scale"]))
    kind_of = dict(zip(rows["code"], rows["value_kind"]))

    def text(code: str, value: float) -> str | None:
        if kind_of.get(code) != "ordinal" or pd.isna(value):
            return None
        values = scales.get(scale_of[code], [])
        return values[len(values) - int(value)]

    out = accepted.rename(columns={"code": "outcome", "dokumen_sumber": "source_document"})
    out["value_text"] = [text(c, v) for c, v in zip(out["outcome"], out["value"])]
    return out.reindex(columns=list(VALUES_SCHEMA))
