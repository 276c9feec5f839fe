"""The rows of the units' workbooks: accepted, refused with a reason, or kept as history.

``progress`` holds only the rows in force; ``progress_rejects`` every refused
row with its reason in Bahasa Indonesia; ``progress_history`` the rows of
superseded versions. ``feedback_workbooks`` sends each unit with refused rows
its whole submission back, annotated.
"""

import dagster as dg
import pandas as pd

from assets.constants import OWNERS
from assets.forms import feedback, realisasi
from assets.forms.identity import FormIdentity
from assets.forms.layouts import REALISASI
from assets.forms.signature import TemplateSigner
from assets.forms.throughput.content_cache import folder_beside
from assets.metadata import asset_metadata, content_version, table_materialization
from assets.monitoring.plausibility import load_rules
from assets.published import COLLECTION_REKAP, UNIT_FEEDBACK
from assets.resources import ProjectFiles, Warehouse, WorkerProcesses
from assets.submissions import collection_status as collection
from assets.submissions import progress as rows_io
from assets.submissions.queries import unit_targets
from assets.validation_results import store_outcome
from assets.warehouse import read_table, replace_partition, store_query, table_exists
from assets.xlsx_files import save_workbook
from expectations.adapter import Suite, check_results

GROUP = "submissions"
ROWS_SUITE = Suite.load("progress_rows")
ROWS_ACCOUNTED = "rows_read_equal_accepted_plus_refused"


def build_row_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                "progress",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                deps=["submissions", "roadmap_targets", "roadmap_indicators"],
                partitions_def=partitions,
                description="The units' Realisasi rows in force for the year: code, unit, realisasi as a number, "
                "evidence, obstacles, solutions, follow-ups, and the file and sheet row each came from.",
            ),
            dg.AssetSpec(
                "progress_rejects",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                deps=["submissions"],
                partitions_def=partitions,
                description="Every refused row (file, sheet row, code, value as typed) with a stable reason code and the reason in Bahasa Indonesia.",
            ),
            dg.AssetSpec(
                "progress_history",
                group_name=GROUP,
                kinds={"duckdb"},
                owners=OWNERS,
                deps=["submissions"],
                partitions_def=partitions,
                description="Rows of superseded versions of the units' workbooks, kept for the record.",
            ),
        ],
        check_specs=[
            *ROWS_SUITE.check_specs("progress", routes_rows=True),
            dg.AssetCheckSpec(
                ROWS_ACCOUNTED,
                asset="progress",
                description="Per file in force: rows read = rows accepted + rows refused.",
            ),
        ],
        can_subset=False,
    )
    def progress_rows(
        context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse, workers: WorkerProcesses
    ):
        year = int(context.partition_key)
        with warehouse.get_connection() as conn:
            submissions = read_table(conn, "SELECT * FROM submissions WHERE year = ?", [year])
            targets = unit_targets(conn, year)
            all_targets = read_table(conn, "SELECT unit_code, code FROM roadmap_targets")
            indicators = read_table(conn, "SELECT code, target_kind FROM roadmap_indicators")
            previous = _previous_year(conn, year)
        rows = rows_io.read_year(submissions, files.inbox, targets, indicators, folder_beside(warehouse.database))
        routed = rows_io.validate(rows, ROWS_SUITE, targets, indicators, all_targets, year)
        routed = rows_io.with_plausibility(routed, targets, load_rules(files.sources), previous)
        store_outcome(files.outputs, routed.outcome, year)
        tables = {
            "progress": (rows_io.progress_table(routed), rows_io.PROGRESS_SCHEMA),
            "progress_rejects": (rows_io.rejects_table(routed, rows), rows_io.REJECTS_SCHEMA),
            "progress_history": (rows_io.history_table(rows), rows_io.HISTORY_SCHEMA),
        }
        with warehouse.get_connection() as conn:
            for name, (table, schema) in tables.items():
                replace_partition(conn, name, table, column="year", key=year, schema=schema)
        yield from check_results(routed.outcome, "progress", routes_rows=True)
        yield _accounting(rows.rows_read, tables["progress"][0], tables["progress_rejects"][0])
        for name, (table, _) in tables.items():
            preview = {
                "progress": ["unit", "code", "realisasi", "bukti_dukung", "warnings"],
                "progress_rejects": ["unit", "file", "row", "code", "raw_value", "reason"],
                "progress_history": ["unit", "code", "realisasi", "file", "superseded_by"],
            }[name]
            yield table_materialization(name, table, preview)

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"excel"},
        owners=OWNERS,
        deps=["progress", "progress_rejects", "submissions"],
    )
    def feedback_workbooks(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """For each unit whose file in force has refused rows or warned values: its whole submission, annotated.

        ``outputs/<year>/feedback/<unit code>.xlsx``: every row with everything the
        clerk wrote (hyperlinks included) and a Catatan Validasi (OK or the reason),
        offending cells in red, rows to remove with an open Hapus Baris cell;
        signed like the unit's template, so that fixed and sent back it is a valid
        submission. A warned value (``sources/monitoring/plausibility_rules.csv``)
        counts; its cell is yellow with the warning beside it. A unit whose file in
        force has neither (any more) has no feedback workbook: an earlier one is removed.
        """
        year = int(context.partition_key)
        roadmap = files.roadmap_identity
        signer = TemplateSigner.beside(warehouse.database, roadmap.government)
        with warehouse.get_connection() as conn:
            refused = read_table(conn, "SELECT * FROM progress_rejects WHERE year = ?", [year])
            accepted = read_table(conn, "SELECT * FROM progress WHERE year = ?", [year])
            in_force = read_table(conn, "SELECT * FROM submissions WHERE year = ? AND status = 'berlaku'", [year])
            targets = unit_targets(conn, year)
        folder = UNIT_FEEDBACK.folder(files.outputs, year)
        paths, summary = [], []
        warned = accepted.loc[accepted["plausibility"].notna(), "file"]
        to_send = in_force[in_force["file"].isin(refused["file"]) | in_force["file"].isin(warned)]
        by_unit = _grouped(targets[targets["unit_code"].isin(to_send["unit_code"])], "unit_code")
        by_file = _grouped(refused, "file")
        accepted_by_file = _grouped(
            accepted[accepted["file"].isin(to_send["file"])].rename(columns={"realisasi": "value"}), "file"
        )
        for f in to_send.to_dict("records"):
            own = by_unit.get(f["unit_code"], targets.iloc[0:0])
            catalogue = {r["code"]: r for r in own.to_dict("records")}
            identity = FormIdentity.for_unit(
                REALISASI, roadmap, f["unit_code"], f["unit_name"], year, clerk=f, signer=signer
            )
            mine = by_file.get(f["file"], refused.iloc[0:0])
            theirs = accepted_by_file.get(f["file"], accepted.iloc[0:0].rename(columns={"realisasi": "value"}))
            wb = feedback.build_feedback(realisasi.FEEDBACK, identity, theirs, mine, catalogue)
            path = folder / f"{f['unit_code']}.xlsx"
            save_workbook(wb, path)
            paths.append(path)
            warned_rows = int(theirs["plausibility"].notna().sum())
            summary.append(
                {
                    "unit_code": f["unit_code"],
                    "file": f["file"],
                    "refused_rows": len(mine),
                    "warned_values": warned_rows,
                }
            )
        removed = _remove_stale(folder, set(targets["unit_code"]), set(paths))
        return dg.MaterializeResult(
            metadata=asset_metadata(
                pd.DataFrame(summary, columns=["unit_code", "file", "refused_rows", "warned_values"]),
                extra={"feedback_removed": len(removed)},
                paths=paths,
                download_url=files.download_url,
            ),
        )

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
        deps=["submissions", "roadmap_targets"],
        description=collection.timeliness_description(),
    )
    def submission_timeliness(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        year = int(context.partition_key)
        deadline = files.collection.deadline(year)
        local = {"utc_offset_hours": files.roadmap_identity.local_time.utc_offset_hours}
        with warehouse.get_connection() as conn:
            table = store_query(
                conn, "submission_timeliness", collection.TIMELINESS_SQL, {"year": year, "deadline": deadline, **local}
            )
        counts = table["status"].value_counts().to_dict()
        return dg.MaterializeResult(
            metadata=asset_metadata(
                table,
                table="submission_timeliness",
                extra={f"units_{k.lower().replace(' ', '_')}": int(v) for k, v in counts.items()},
            ),
            data_version=content_version(table),
        )

    @dg.asset(
        group_name=GROUP,
        partitions_def=partitions,
        kinds={"duckdb", "excel"},
        owners=OWNERS,
        deps=["submissions", "submission_timeliness", "progress", "progress_rejects"],
    )
    def collection_status(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """Which unit sent what and when: on time, late or not yet, with rows accepted and refused.

        ``outputs/<year>/rekap_pengumpulan.xlsx`` (and table ``collection_status``),
        refreshed by every ingestion run so Bagian Organisasi can chase units.
        """
        year = int(context.partition_key)
        deadline = files.collection.deadline(year)
        with warehouse.get_connection() as conn:
            status = collection.collection_status(conn, year)
            inbox = read_table(conn, "SELECT * FROM submissions WHERE year = ? ORDER BY file", [year])
            replace_partition(conn, "collection_status", status, column="year", key=year, schema=collection.SCHEMA)
        path = COLLECTION_REKAP.path(files.outputs, year)
        identity = files.roadmap_identity
        save_workbook(
            collection.build_workbook(status, inbox, year, deadline, identity.government, identity.local_time), path
        )
        counts = status["status"].value_counts().to_dict()
        return dg.MaterializeResult(
            metadata=asset_metadata(
                status,
                table="collection_status",
                paths=[path],
                download_url=files.download_url,
                preview=status[["unit_code", "status", "in_force_sent_local", "rows_accepted", "rows_refused"]],
                extra={f"units_{k.lower().replace(' ', '_')}": int(v) for k, v in counts.items()},
            ),
            data_version=content_version(status),
        )

    return [progress_rows, feedback_workbooks, submission_timeliness, collection_status]


def _accounting(read: dict[str, int], accepted: pd.DataFrame, refused: pd.DataFrame) -> dg.AssetCheckResult:
    counts = pd.DataFrame({"read": pd.Series(read, dtype="int64")})
    counts["accepted"] = accepted.groupby("file").size()
    counts["refused"] = refused.drop_duplicates(["file", "row"]).groupby("file").size()
    counts = counts.fillna(0).astype("int64")
    bad = counts[counts["read"] != counts["accepted"] + counts["refused"]]
    return dg.AssetCheckResult(
        check_name=ROWS_ACCOUNTED,
        asset_key="progress",
        passed=bad.empty,
        metadata={
            "files": len(counts),
            "rows_read": int(counts["read"].sum()),
            "rows_accepted": int(counts["accepted"].sum()),
            "rows_refused": int(counts["refused"].sum()),
            "mismatched_files": dg.MetadataValue.md(
                bad.reset_index(names="file").to_markdown(index=False) if not bad.empty else "none"
            ),
        },
    )


def _previous_year(conn, year: int) -> dict[tuple[str, str], float]:
    """(unit, code) -> the realisation in force the year before (empty before the first year is read)."""
    if not table_exists(conn, "progress"):
        return {}
    rows = conn.execute(
        "SELECT unit, code, realisasi FROM progress WHERE year = ? AND realisasi IS NOT NULL", [year - 1]
    )
    return {(unit, code): value for unit, code, value in rows.fetchall()}


def _remove_stale(folder, units: set[str], kept: set) -> list:
    """Delete the feedback workbook of every unit in ``units`` that is not in ``kept``; returns the paths removed."""
    stale = [folder / f"{unit}.xlsx" for unit in sorted(units)]
    stale = [path for path in stale if path not in kept and path.is_file()]
    for path in stale:
        path.unlink()
    return stale


def _grouped(frame: pd.DataFrame, column: str) -> dict[object, pd.DataFrame]:
    """The frame's rows by the values of one column (one pass, not one filter per key)."""
    return {key: group for key, group in frame.groupby(column, sort=False)}
