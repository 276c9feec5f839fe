"""The Laporan Monev rendered: one Jinja2 template to HTML (screen and print), WeasyPrint to PDF.

:func:`render_html` turns a report (:mod:`assets.reports.monev`, JSON-native)
into one self-contained HTML document: styles inline, charts as inline SVG
(:mod:`assets.reports.charts`), no external URL. Browsers show it as a page;
its ``@page`` rules make it an A4 document with page numbers when printed.
:func:`render_pdf` prints that HTML with WeasyPrint; nothing is fetched (every
URL is refused) and the PDF carries no clock time, so the same HTML gives the
same bytes. The portal puts the same report on a year's page
(``standalone=False, inline_css=False``) and serves :func:`render_css` beside it.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from assets.reports import numbers
from assets.reports.charts import Bar, Series, bar_chart, line_chart

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "laporan_monev.html.j2"
STYLESHEET = "laporan_monev.css"


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        angka=numbers.number,
        bulat=numbers.whole,
        persen=numbers.percent,
        selisih=numbers.signed,
        tanggal=numbers.date,
        nilai=value_text,
        css_string=css_string,
    )
    return env


def render_html(
    report: dict[str, Any], *, before: str = "", after: str = "", standalone: bool = True, inline_css: bool = True
) -> str:
    """The report as HTML; ``before``/``after`` (HTML, already escaped) go around it on a web page.

    ``standalone=False`` gives the report's ``<article>`` alone, for a page of its own; with
    ``inline_css=False`` it carries no ``<style>`` either, and the page links :func:`render_css`
    (a page whose Content-Security-Policy allows no inline style)."""
    return (
        environment()
        .get_template(TEMPLATE)
        .render(standalone=standalone, inline_css=inline_css, charts=charts(report), **_context(report, before, after))
    )


def render_css(report: dict[str, Any]) -> str:
    """The report's stylesheet alone (its page header, its predikat colours), as a page links it."""
    return environment().get_template(STYLESHEET).render(**_context(report))


def _context(report: dict[str, Any], before: str = "", after: str = "") -> dict[str, Any]:
    return {
        "r": report,
        "id": report["identity"],
        "year": report["year"],
        "generated": numbers.moment_label(report["generated_at"], report["timezone"]),
        "wall": lambda v: numbers.wall_time(v, ""),
        "before": Markup(before),
        "after": Markup(after),
    }


def render_pdf(html: str) -> bytes:
    """``html`` printed to PDF by WeasyPrint (imported here: it costs about 1,7 s)."""
    import weasyprint

    return weasyprint.HTML(string=html, base_url=str(TEMPLATES), url_fetcher=_refuse).write_pdf()


def _refuse(url: str, *args, **kwargs) -> dict:
    raise ValueError(f"Laporan Monev fetches nothing: {url}")


def css_string(text: object) -> Markup:
    """``text`` for the inside of a CSS string in ``<style>``: quotes and backslashes escaped, no ``<``."""
    clean = str(text).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return Markup(clean)


def value_text(value: object, decimals: int = 2) -> str:
    """A stored value that may be a number written as text (``'80.93'``) or a word (``'WTP'``)."""
    if numbers.is_missing(value):
        return numbers.MISSING
    try:
        return numbers.number(float(str(value)), decimals)
    except ValueError:
        return str(value)


def charts(report: dict[str, Any]) -> dict[str, Markup]:
    """Every chart of the report as inline SVG, from the report's own figures."""
    fills = report["bands"]["fills"]

    def bars(rows: list[dict], label) -> list[Bar]:
        return [Bar(label(r), r["mean_capaian_pct"], fills.get(r["predikat"] or "", "#9e9e9e")) for r in rows]

    years = sorted({int(r["year"]) for r in report["trend"]} | {int(r["year"]) for r in report["indeks_rb"]})
    areas = {}
    for r in report["trend"]:
        areas.setdefault((r["area_no"], r["area"]), []).append((int(r["year"]), r["mean_capaian_pct"]))
    trend = [
        Series(("Seluruh area" if no == "-" else f"{no}. {name}"), points, dashed=no == "-")
        for (no, name), points in areas.items()
    ]
    indeks = report["indeks_rb"]
    indeks_series = [
        Series("Indeks RB (hasil resmi KemenPAN-RB)", [(int(r["year"]), r["value"]) for r in indeks]),
        Series("Indeks RB (penilaian mandiri PMPRB)", [(int(r["year"]), r["self_assessment"]) for r in indeks]),
        Series("Target Road Map", [(int(r["year"]), _float(r["target"])) for r in indeks], dashed=True),
    ]
    low, high = _scale([v for s in indeks_series for _, v in s.points])
    return {
        "areas": Markup(
            bar_chart(
                bars(report["areas"], lambda r: f"{r['area_no']}. {r['area']}"), title="Rata-rata capaian per area"
            )
        ),
        "subprogrammes": Markup(
            bar_chart(
                bars(report["subprogrammes"], lambda r: f"{r['area_no']}.{r['sub_no']} {r['sub_programme']}"),
                title="Rata-rata capaian per sub-program",
                label_width=300,
            )
        ),
        "units": Markup(
            bar_chart(
                bars(report["units"], lambda r: f"{r['unit_name']} ({r['unit']})"),
                title="Rata-rata capaian per unit",
                label_width=300,
            )
        ),
        "trend": Markup(line_chart(trend, years, title="Rata-rata capaian per area, seluruh tahun")),
        "indeks": Markup(
            line_chart(indeks_series, years, title="Indeks RB terhadap target", unit="", low=low, high=high)
        ),
    }


def _float(value: object) -> float | None:
    try:
        return None if numbers.is_missing(value) else float(str(value))
    except ValueError:
        return None


def _scale(values: list[object]) -> tuple[float, float]:
    """A vertical scale in tens around ``values`` (0..100 when there are none)."""
    known = [float(v) for v in values if not numbers.is_missing(v)]
    if not known:
        return 0.0, 100.0
    return max(math.floor(min(known) / 10) * 10 - 10, 0.0), min(math.ceil(max(known) / 10) * 10 + 10, 100.0)
