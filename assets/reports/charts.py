"""The report's charts as inline SVG: horizontal bars and lines over years, drawn by our own small code.

Plain SVG text (no script, no external font or file), so the same chart is
printed by WeasyPrint and drawn by the browser, its labels stay selectable
text, and the same figures always give the same bytes. Labels use the
Indonesian number format of :mod:`assets.reports.numbers`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from assets.reports.numbers import is_missing, number, percent

FONT = "DejaVu Sans, Verdana, sans-serif"
BAR = "#2f6f9f"
GRID = "#d0d0d0"
TEXT = "#1a1a1a"
LINE_COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf8f00", "#2e75b6", "#a50021", "#3b3838", "#00a3a3")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no figure (drawn as "-")
    colour: str = BAR


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[int, float | None]]  # (year, value)
    dashed: bool = False


def bar_chart(bars: Sequence[Bar], *, title: str, maximum: float = 100.0, label_width: int = 230) -> str:
    """Horizontal bars from 0 to ``maximum`` (values as percentages), one row per bar, value at the bar's end."""
    row, top, width = 18, 26, 640
    plot = width - label_width - 60
    height = top + row * len(bars) + 22
    parts = [_open(width, height, title), _text(0, 14, title, weight="bold", size=11)]
    for tick in range(0, int(maximum) + 1, 25):
        x = label_width + plot * tick / maximum
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}"/>')
        parts.append(_text(x, height - 6, percent(tick, 0), size=8, anchor="middle"))
    for i, bar in enumerate(bars):
        y = top + row * i
        parts.append(_text(label_width - 6, y + 12, _shorten(bar.label, label_width), size=8.5, anchor="end"))
        if is_missing(bar.value):
            parts.append(_text(label_width + 4, y + 12, "-", size=8.5))
            continue
        length = plot * min(max(float(bar.value), 0.0), maximum) / maximum
        parts.append(
            f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="{row - 5}" fill="{escape(bar.colour)}"/>'
        )
        parts.append(_text(label_width + length + 4, y + 12, percent(bar.value), size=8.5))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    series: Sequence[Series],
    years: Sequence[int],
    *,
    title: str,
    unit: str = "%",
    low: float = 0.0,
    high: float = 100.0,
) -> str:
    """Lines over ``years``, one per series, with a legend below; ``low``..``high`` is the vertical scale."""
    width, left, right, top, plot_h = 640, 44, 16, 26, 190
    legend_rows = (len(series) + 1) // 2
    height = top + plot_h + 26 + 16 * legend_rows
    plot_w = width - left - right
    span = (high - low) or 1.0

    def x_of(year: int) -> float:
        return left + (plot_w * (years.index(year) + 0.5) / len(years))

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (min(max(value, low), high) - low) / span

    parts = [_open(width, height, title), _text(0, 14, title, weight="bold", size=11)]
    for i in range(5):
        value = low + span * i / 4
        y = y_of(value)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(_text(left - 4, y + 3, number(value, 0) + unit, size=8, anchor="end"))
    for year in years:
        parts.append(_text(x_of(year), top + plot_h + 14, str(year), size=8.5, anchor="middle"))
    for i, s in enumerate(series):
        colour = LINE_COLOURS[i % len(LINE_COLOURS)]
        known = [(year, v) for year, v in s.points if year in years and not is_missing(v)]
        dash = ' stroke-dasharray="5,3"' if s.dashed else ""
        if len(known) > 1:
            points = " ".join(f"{x_of(year):.1f},{y_of(float(v)):.1f}" for year, v in known)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        for year, v in known:
            parts.append(f'<circle cx="{x_of(year):.1f}" cy="{y_of(float(v)):.1f}" r="2.5" fill="{colour}"/>')
        lx = left + (plot_w / 2) * (i % 2)
        ly = top + plot_h + 30 + 16 * (i // 2)
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly - 3}" x2="{lx + 18:.1f}" y2="{ly - 3}" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(_text(lx + 22, ly, _shorten(s.label, plot_w / 2 - 30), size=8.5))
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" font-family="{FONT}">'
    )


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start", weight: str = "normal") -> str:
    bold = ' font-weight="bold"' if weight != "normal" else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{TEXT}"{bold}>'
        f"{escape(text)}</text>"
    )


def _shorten(label: str, width: float, size: float = 8.5) -> str:
    """``label`` cut (with ``...``) to about what fits in ``width`` pixels at font ``size``."""
    fits = max(int(width / (size * 0.62)), 4)
    return label if len(label) <= fits else label[: fits - 1].rstrip() + "\u2026"
