"""The reports group: the Laporan Monitoring dan Evaluasi RB of a year, as PDF (and the HTML it is made of).

BAB IV of the road map ends in a report of the Tim Pelaksana to the Tim
Pengarah. Its figures are the monitoring, Indikator Hasil and PMPRB tables as
they stand (:mod:`assets.reports.monev`); its layout one Jinja2 template
(:mod:`assets.reports.monev_render`), printed by WeasyPrint.
"""

import datetime as dt
import hashlib

import dagster as dg

from assets.constants import OWNERS
from assets.files import write_bytes_atomically
from assets.metadata import asset_metadata
from assets.monitoring.assets import PARTITIONED_MODELS
from assets.published import MONEV_REPORT, MONEV_REPORT_DATA, MONEV_REPORT_HTML
from assets.reports import monev, monev_render
from assets.reports.signature import Signature
from assets.resources import ProjectFiles, Warehouse

GROUP = "reports"
READS = [
    *PARTITIONED_MODELS,
    "area_trend",
    "predikat_bands",
    "outcome_status",
    "pmprb_scores",
    "lke_instrument",
    "evidence_files",
]


def build_assets(partitions: dg.PartitionsDefinition) -> list[dg.AssetsDefinition]:
    @dg.asset(group_name=GROUP, partitions_def=partitions, kinds={"pdf", "html"}, owners=OWNERS, deps=READS)
    def laporan_monev(context: dg.AssetExecutionContext, files: ProjectFiles, warehouse: Warehouse):
        """The year's Laporan Monitoring dan Evaluasi RB: ``outputs/<year>/laporan_monev_rb_<year>.pdf``.

        A4, Bahasa Indonesia: cover, one-page summary, capaian per area and
        sub-programme with charts, each unit's standing, units not reported and
        refused rows, the kendala/solusi/rencana tindak lanjut, Indikator Hasil
        against their targets, the PMPRB result, the trend over every year in
        the warehouse, how each figure is computed, and the signature block of
        ``[laporan]`` in collection.toml. Every figure is read from the tables the
        monitoring workbook uses. Beside it the HTML it is printed from, and the
        content as JSON (which the portal shows). Its date is the day its
        content last changed, so a re-run on the same inputs rewrites nothing.
        """
        year = int(context.partition_key)
        identity = files.roadmap_identity
        clock = identity.local_time
        with warehouse.get_connection() as conn:
            content = monev.gather(conn, year, clock.label)
        government = {"government": identity.government, "regulation": identity.regulation, "title": identity.title}
        undated = monev.report(content, government, Signature.load(files.sources).as_dict(), clock)
        data_path = MONEV_REPORT_DATA.path(files.outputs, year)
        report = monev.dated(undated, dt.datetime.now(dt.UTC), monev.published(files.outputs, year))
        html = monev_render.render_html(report)
        pdf = monev_render.render_pdf(html)
        paths = [MONEV_REPORT.path(files.outputs, year), MONEV_REPORT_HTML.path(files.outputs, year), data_path]
        rewritten = [
            write_bytes_atomically(path, data)
            for path, data in zip(paths, [pdf, html.encode("utf-8"), monev.to_json(report)])
        ]
        return dg.MaterializeResult(
            metadata=asset_metadata(
                paths=paths,
                download_url=files.download_url,
                extra={
                    "rewritten": sum(rewritten),
                    "generated_at": report["generated_at"],
                    "pdf_bytes": len(pdf),
                },
            ),
            data_version=dg.DataVersion(hashlib.sha256(pdf).hexdigest()[:16]),
        )

    return [laporan_monev]
