"""The pmprb group: the LKE instrument as tables, the year's PMPRB scores and its worksheet.

Sources: ``sources/instrument/<version>/*.csv`` (the instrument) and
``sources/instrument/instrument_years.csv`` (which instrument each year uses).
Answers come from table ``pmprb_answers`` (year, code, answer, answer_source)
once the intake of answered worksheets fills it; until then every item is
unanswered and scores 0.
"""

from __future__ import annotations

import hashlib

import dagster as dg
import pandas as pd

from assets.constants import OWNERS
from assets.files import write_bytes_atomically
from assets.forms.inventory import SCHEMA as INTAKE_SCHEMA
from assets.forms.inventory import year_inventory
from assets.forms.throughput.content_cache import folder_beside
from assets.metadata import asset_metadata, content_version, table_materialization
from assets.pmprb import answer_intake, carry_over, evidence, trend
from assets.pmprb.checks import INDEX_COLUMNS, instrument_check_frame, suite_parameters
from assets.pmprb.instrument import available_versions, instrument_root, load_instrument
from assets.pmprb.scoring import SCORES_SCHEMA, no_scores, score_year, stored_answers
from assets.pmprb.store import store_instruments, stored_instrument, stored_versions
from assets.pmprb.summary import summary_writer
from assets.pmprb.worksheet import Cover, build_workbook, layout_for
from assets.pmprb.years import YearInstrument, year_instrument
from assets.published import PMPRB_WORKSHEET
from assets.resources import ProjectFiles, Warehouse
from assets.validation_results import store_outcome
from assets.warehouse import read_table, replace_partition, table_exists
from assets.xlsx_files import workbook_bytes
from expectations.adapter import Suite, check_results, failure_for

GROUP = "pmprb"
SCORES_TABLE = "pmprb_scores"
INSTRUMENT_SUITE = Suite.load("lke_instrument")


def build_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    """The pmprb assets; the yearly ones use ``partitions`` (the road map's years)."""

    @dg.asset(
        group_name=GROUP,
        kinds={"csv", "duckdb", "great_expectations"},
        owners=OWNERS,
        check_specs=INSTRUMENT_SUITE.check_specs("lke_instrument"),
    )
    def lke_instrument(files: ProjectFiles, warehouse: Warehouse):
        """The LKE instruments (PermenPANRB 14/2014, 26/2020, 9/2023) as tables ``lke_lines``, ``lke_items`` ...

        From ``sources/instrument/<version>/``: each version's tree of lines (rule,
        weight, range, multiplier, rounding), items with question, options and
        answer type, Opini BPK points, answer values and rating bands. Checked
        first: weights add up to their parents and the rated total to the
        instrument's maximum, Pengungkit 60 and Hasil 40 where a version has them,
        parents, multipliers and terms name existing lines, ranges are ordered,
        every sub-component has items, every rule and answer type is known.
        """
        versions = available_versions(files.sources)
        if not versions:
            raise dg.Failure(f"No instrument folder with instrument.csv under {instrument_root(files.sources)}.")
        instruments = [load_instrument(instrument_root(files.sources) / v) for v in versions]
        frame = pd.concat([instrument_check_frame(i) for i in instruments], ignore_index=True)
        outcome = INSTRUMENT_SUITE.validate(
            frame, parameters=suite_parameters(instruments), index_columns=INDEX_COLUMNS
        )
        store_outcome(files.outputs, outcome)
        yield from check_results(outcome, "lke_instrument")
        if not outcome.success:
            raise failure_for(outcome, "The LKE instrument")
        with warehouse.get_connection() as conn:
            counts = store_instruments(conn, instruments)
        items = pd.concat([i.tables()["items"] for i in instruments], ignore_index=True)
        yield dg.MaterializeResult(
            metadata=asset_metadata(
                items,
                table="lke_items",
                preview=items[["instrument_version", "item_id", "question", "answer_type"]],
                extra={"versions": versions, "tables": dg.MetadataValue.json(counts), "validation": outcome.summary()},
            ),
            data_version=content_version(*[df for i in instruments for df in i.tables().values()]),
        )

    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                "pmprb_files",
                group_name=GROUP,
                kinds={"excel", "duckdb"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["units"],
                description="Every file in sources/pmprb/<year>/ with its sha256, identity and "
                "status (same rules as the units' inbox): the Tim PMPRB's answered worksheets.",
            ),
            dg.AssetSpec(
                "pmprb_answers",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["lke_instrument"],
                description="The Tim PMPRB's final answers "
                "(answer_source final), read back by item id or question text from the worksheet in force and "
                "accepted by the suite pmprb_answer_rows.",
            ),
            dg.AssetSpec(
                "pmprb_answer_rejects",
                group_name=GROUP,
                kinds={"duckdb", "great_expectations"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["lke_instrument"],
                description="Rows of the worksheet in force "
                "the suite pmprb_answer_rows refused (no such item, an item answered twice, an answer outside its "
                "allowed set), with a reason code and the reason in Bahasa Indonesia; they score 0.",
            ),
            *(
                dg.AssetSpec(
                    table,
                    group_name=GROUP,
                    kinds={"duckdb"},
                    owners=OWNERS,
                    partitions_def=partitions,
                    deps=["lke_instrument"],
                    description=description,
                )
                for table, description in carry_over.TABLES.items()
            ),
        ],
        check_specs=answer_intake.SUITE.check_specs("pmprb_answers", routes_rows=True),
        can_subset=False,
    )
    def pmprb_answer_intake(context, files: ProjectFiles, warehouse: Warehouse):
        year = int(context.partition_key)
        limits = files.collection.limits
        with warehouse.get_connection() as conn:
            resolved = year_instrument(files.sources, year, stored_versions(conn), files.instrument_years)
            instrument = stored_instrument(conn, resolved.version) if resolved.usable else None
            inbox = year_inventory(
                conn,
                layout_for(instrument),
                year=year,
                root=files.inbox,
                limits=limits,
                cache=folder_beside(warehouse.database),
            )
        rows = answer_intake.answer_rows(year, inbox, files.inbox, instrument)
        judged = answer_intake.judge(rows, instrument)
        answers, refused = judged.accepted, judged.refused
        notes = carry_over.notes_from(rows)
        identity = carry_over.identity_from(year, inbox, files.inbox, instrument is not None)
        store_outcome(files.outputs, judged.outcome, year)
        with warehouse.get_connection() as conn:
            replace_partition(conn, "pmprb_files", inbox, column="year", key=year, schema=INTAKE_SCHEMA)
            replace_partition(
                conn, "pmprb_answers", answers, column="year", key=year, schema=answer_intake.ANSWERS_SCHEMA
            )
            replace_partition(
                conn, "pmprb_answer_rejects", refused, column="year", key=year, schema=answer_intake.REJECTS_SCHEMA
            )
            for table, frame, schema in (
                (carry_over.NOTES_TABLE, notes, carry_over.NOTES_SCHEMA),
                (carry_over.IDENTITY_TABLE, identity, carry_over.IDENTITY_SCHEMA),
            ):
                replace_partition(conn, table, frame, column="year", key=year, schema=schema)
        yield from check_results(judged.outcome, "pmprb_answers", routes_rows=True)
        counts = inbox["status"].value_counts().to_dict()
        yield table_materialization(
            "pmprb_files",
            inbox,
            ["file", "status", "reason"],
            {f"files_{status}": int(n) for status, n in counts.items()},
        )
        yield table_materialization(
            "pmprb_answers",
            answers,
            extra={**_skip_metadata(context, resolved), "validation": judged.outcome.summary()},
        )
        yield table_materialization("pmprb_answer_rejects", refused, ["file", "row", "code", "raw_answer", "reason"])
        yield table_materialization(carry_over.NOTES_TABLE, notes, ["code", "note", "row"])
        yield table_materialization(carry_over.IDENTITY_TABLE, identity, ["field", "value"])

    @dg.multi_asset(
        specs=[
            dg.AssetSpec(
                "pmprb_suggestions",
                group_name=GROUP,
                kinds={"duckdb", "sql"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["lke_instrument", "indicator_capaian", "progress", "evidence_files"],
                description="Suggested LKE answers from the year's road-map achievement, by the rule in "
                "assets/pmprb/suggestions.sql through the road map's sources/roadmap/pmprb/<version>/lke_links.csv "
                "(thresholds in sources/instrument/suggestion_rules.csv), with the "
                "linked road-map codes, their capaian and status, and the units' bukti dukung (their text, and the files "
                "attached in the portal with the address each is served at). Never a final answer.",
            ),
            dg.AssetSpec(
                "pmprb_hasil_inputs",
                group_name=GROUP,
                kinds={"duckdb", "sql"},
                owners=OWNERS,
                partitions_def=partitions,
                deps=["outcome_values"],
                description="The LKE's Hasil inputs of the year, taken from the Indikator Hasil values "
                "(the road map's sources/roadmap/pmprb/<version>/hasil_sources.csv); locked in the worksheet.",
            ),
        ],
        can_subset=False,
    )
    def pmprb_evidence(context, files: ProjectFiles, warehouse: Warehouse):
        year = int(context.partition_key)
        with warehouse.get_connection() as conn:
            resolved = year_instrument(files.sources, year, stored_versions(conn), files.instrument_years)
            needed = all(table_exists(conn, t) for t in ("indicator_capaian", "progress"))
            suggested = (
                evidence.suggestions(conn, files.sources, year, resolved.version)
                if resolved.usable and needed
                else None
            )
            hasil = (
                evidence.hasil_inputs(conn, files.sources, year, resolved.version)
                if resolved.usable and table_exists(conn, "outcome_values")
                else None
            )
            suggested = pd.DataFrame(columns=list(evidence.SUGGESTIONS_SCHEMA)) if suggested is None else suggested
            hasil = pd.DataFrame(columns=list(evidence.HASIL_SCHEMA)) if hasil is None else hasil
            replace_partition(
                conn, "pmprb_suggestions", suggested, column="year", key=year, schema=evidence.SUGGESTIONS_SCHEMA
            )
            replace_partition(conn, "pmprb_hasil_inputs", hasil, column="year", key=year, schema=evidence.HASIL_SCHEMA)
        yield dg.MaterializeResult(
            asset_key="pmprb_suggestions",
            metadata=asset_metadata(
                suggested,
                table="pmprb_suggestions",
                preview=suggested[["code", "answer", "share", "linked_codes"]],
                extra={"answers_suggested": int(suggested["answer"].notna().sum())},
            ),
            data_version=content_version(suggested),
        )
        yield dg.MaterializeResult(
            asset_key="pmprb_hasil_inputs",
            metadata=asset_metadata(
                hasil, table="pmprb_hasil_inputs", preview=hasil[["code", "answer", "outcome", "source_document"]]
            ),
            data_version=content_version(hasil),
        )

    @dg.asset(
        partitions_def=partitions,
        deps=[lke_instrument, "pmprb_answers", "pmprb_answer_rejects", "pmprb_suggestions", "pmprb_hasil_inputs"],
        group_name=GROUP,
        kinds={"duckdb", "sql"},
        owners=OWNERS,
    )
    def pmprb_scores(context, files: ProjectFiles, warehouse: Warehouse):
        """PMPRB scores of the year under its instrument: every item and line, with the rating of the rated total.

        One shape for every version (level, code, answer, answer_source, score,
        weight, rating): 14/2014 and 26/2020 items, sub-components, areas,
        components and INDEKS_RB; 9/2023 lines, sections, RB_GENERAL, RB_TEMATIK,
        INDEKS_RB and the penyesuaian. Computed by ``assets/pmprb/scoring.sql``
        from the year's answers (final, else suggested); an unanswered or invalid
        item or line scores 0. A year without its instrument gets no rows and a reason.
        """
        year = int(context.partition_key)
        with warehouse.get_connection() as conn:
            resolved = year_instrument(files.sources, year, stored_versions(conn), files.instrument_years)
            scores = (
                score_year(conn, year, resolved.version, stored_answers(conn, year)) if resolved.usable else no_scores()
            )
            replace_partition(conn, SCORES_TABLE, scores, column="year", key=year, schema=SCORES_SCHEMA)
            trend.refresh(conn)
        extra = _skip_metadata(context, resolved)
        if resolved.usable:
            total = scores[scores["rating"].notna()].iloc[0]
            answered = scores[scores["answer"].notna()]
            extra = {
                "instrument_version": resolved.version,
                "indeks_rb": float(total["score"]),
                "rating": str(total["rating"]),
                "answered": len(answered),
            }
        preview = scores[scores["level"].isin(["total", "component", "area"])]
        return dg.MaterializeResult(
            metadata=asset_metadata(scores, table=SCORES_TABLE, preview=preview, extra=extra),
            data_version=content_version(scores),
        )

    @dg.asset(
        partitions_def=partitions,
        deps=[
            lke_instrument,
            pmprb_scores,
            "units",
            "pmprb_suggestions",
            "outcome_targets",
            carry_over.NOTES_TABLE,
            carry_over.IDENTITY_TABLE,
            "pmprb_answer_rejects",
        ],
        group_name=GROUP,
        kinds={"excel"},
        owners=OWNERS,
    )
    def pmprb_worksheet(context, files: ProjectFiles, warehouse: Warehouse):
        """The year's LKE worksheet ``outputs/<year>/pmprb_<year>.xlsx`` for the Tim PMPRB.

        The LKE layout with a drop-down per answer, the answers ``pmprb_scores``
        used, and live formulas that score exactly as the engine does. Its cover
        (sheet Identitas) names the instrument. A year without its instrument
        gets no worksheet and a reason.
        """
        year = int(context.partition_key)
        path = PMPRB_WORKSHEET.path(files.outputs, year)
        with warehouse.get_connection() as conn:
            resolved = year_instrument(files.sources, year, stored_versions(conn), files.instrument_years)
            keeper = files.collection.coordinator(
                read_table(conn, "SELECT * FROM units") if table_exists(conn, "units") else None
            )
            if not resolved.usable:
                path.unlink(missing_ok=True)
                return dg.MaterializeResult(metadata=asset_metadata(extra=_skip_metadata(context, resolved)))
            instrument = stored_instrument(conn, resolved.version)
            scores = _year_scores(conn, year, resolved.version)
            previous = _year_scores(conn, year - 1, resolved.version)
            last_year = _rated_total(conn, year - 1)
            history = trend.years(conn, until=year)
            linked = (
                read_table(
                    conn, "SELECT code, linked_codes, bukti_dukung FROM pmprb_suggestions WHERE year = ?", [year]
                )
                if table_exists(conn, "pmprb_suggestions")
                else pd.DataFrame(columns=["code", "linked_codes", "bukti_dukung"])
            )
            target = _indeks_rb_target(conn)
            carried = carry_over.stored(conn, year)
        answers = scores[scores["answer"].notna()]
        evidence_by_item = {
            c: (codes, b) for c, codes, b in zip(linked["code"], linked["linked_codes"], linked["bukti_dukung"])
        }
        summary = (
            summary_writer(year, scores, previous, instrument, target, last_year, history) if len(scores) else None
        )
        cover = Cover(
            year,
            resolved.note,
            *keeper,
            files.roadmap_identity.government,
            suggestions=evidence.suggestion_note(files.sources, resolved.version),
        )
        data = workbook_bytes(
            build_workbook(
                instrument,
                cover,
                dict(zip(answers["code"], answers["answer"])),
                evidence_by_item,
                summary,
                suggested=set(answers.loc[answers["answer_source"] == "suggested", "code"]),
                carried=carried,
            )
        )
        written = write_bytes_atomically(path, data)
        total = scores[scores["rating"].notna()]
        extra = {
            "instrument_version": resolved.version,
            "rewritten": written,
            "answers": len(answers),
            "indeks_rb_engine": float(total["score"].iloc[0]) if len(total) else None,
        }
        return dg.MaterializeResult(
            metadata=asset_metadata(paths=[path], download_url=files.download_url, extra=extra),
            data_version=dg.DataVersion(hashlib.sha256(data).hexdigest()[:16]),
        )

    return [lke_instrument, pmprb_answer_intake, pmprb_evidence, pmprb_scores, pmprb_worksheet]


def _skip_metadata(context: dg.AssetExecutionContext, resolved: YearInstrument) -> dict[str, str]:
    if resolved.usable:
        return {}
    context.log.warning(resolved.missing_reason)
    return {"skipped_reason": resolved.missing_reason, "instrument_version": str(resolved.version)}


def _indeks_rb_target(conn) -> float | None:
    """The road map's Indeks RB target from outcome_targets (None when absent)."""
    if not table_exists(conn, "outcome_targets"):
        return None
    found = conn.execute("SELECT target_number FROM outcome_targets WHERE outcome = 'indeks_rb'").fetchall()
    return float(found[0][0]) if found and found[0][0] is not None else None


def _rated_total(conn, year: int) -> tuple[float, str] | None:
    """The year's rated total (Indeks RB) and its instrument version, whichever instrument it was."""
    if not table_exists(conn, SCORES_TABLE):
        return None
    sql = f"SELECT score, instrument_version FROM {SCORES_TABLE} WHERE year = ? AND rating IS NOT NULL"
    found = conn.execute(sql, [year]).fetchall()
    return (float(found[0][0]), str(found[0][1])) if found else None


def _year_scores(conn, year: int, version: str) -> pd.DataFrame:
    """The year's stored scores under ``version`` (none before ``pmprb_scores`` has run)."""
    if not table_exists(conn, SCORES_TABLE):
        return no_scores()
    sql = f"SELECT * FROM {SCORES_TABLE} WHERE year = ? AND instrument_version = ?"
    return read_table(conn, sql, [year, version])
