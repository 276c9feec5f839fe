"""The download page's HTML: the list of years, and one year's page: its Laporan Monev, then its files
grouped by kind with size and (local) time."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from assets.bundles import bundle_listed_with
from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.published import GENERAL, section_url, unit_of
from pipelines.download.layout import page, size
from pipelines.download.listing import Entry


def index(sections: list[str], counts: dict[str, int]) -> str:
    """The front page: every year (and ``umum``) with how many files it holds."""
    if not sections:
        return page("Unduhan hasil pipeline RB", "<p>Belum ada berkas hasil. Jalankan pipeline terlebih dahulu.</p>")
    items = "".join(
        f'<li><a href="{escape(section_url(s))}">{escape(_title(s))}</a> ({counts.get(s, 0)} berkas)</li>'
        for s in sections
    )
    intro = "<p>Berkas hasil pipeline Road Map Reformasi Birokrasi dan PMPRB, per tahun. Halaman ini hanya untuk membaca dan mengunduh.</p>"
    return page("Unduhan hasil pipeline RB", f"{intro}\n<ul>{items}</ul>")


def section(
    name: str,
    entries: list[Entry],
    clock: LocalTime = DEFAULT_CLOCK,
    *,
    report_html: str = "",
    unit_names: Mapping[str, str] | None = None,
) -> str:
    """One year's page: its Laporan Monev (``report_html``, when published) above its files, grouped by
    kind, each unit's name beside its code, and a zip of all templates (and of all feedback) per kind."""
    title = _title(name)
    jump = (
        ' \u00b7 <a href="#laporan">Laporan Monev</a> \u00b7 <a href="#berkas">Daftar berkas</a>' if report_html else ""
    )
    links = f'<p><a href="/">Semua tahun</a>{jump}</p>\n'
    if not entries:
        return page(title, links + "<p>Belum ada berkas.</p>")
    groups: dict[str, list[Entry]] = {}
    for e in entries:
        groups.setdefault(e.kind, []).append(e)
    names = unit_names or {}
    bodies = "".join(_group(name, kind, group, names, clock) for kind, group in groups.items())
    files = (
        '<h2 id="berkas">Daftar berkas</h2>\n<table id="daftar-berkas"><thead><tr><th>Berkas</th><th>Unit</th>'
        f"<th>Ukuran</th><th>Dibuat</th><th></th></tr></thead>{bodies}</table>"
    )
    report = f'<div id="laporan">{report_html}</div>\n' if report_html else ""
    return page(title, links + report + files)


def message(title: str, text: str) -> str:
    """A short error page (not found, refused)."""
    return page(title, f'<p>{escape(text)}</p><p><a href="/">Kembali ke daftar tahun</a></p>')


def _group(section_name: str, kind: str, group: list[Entry], names: Mapping[str, str], clock: LocalTime) -> str:
    zipped = bundle_listed_with(kind)
    link = (
        f' <a class="zip" href="{escape(section_url(section_name) + zipped.name(section_name))}">{escape(zipped.output.label)}</a>'
        if zipped is not None
        else ""
    )
    head = f'<tr class="group"><th colspan="5">{escape(kind)} ({len(group)}){link}</th></tr>'
    rows = "".join(_row(e, names, clock) for e in group)
    return f'<tbody data-kind="{escape(kind)}">{head}{rows}</tbody>'


def _row(e: Entry, names: Mapping[str, str], clock: LocalTime) -> str:
    label = "Buka" if e.url.endswith(".html") and not e.url.startswith("/berkas/") else "Unduh"
    unit = unit_of(e.inner)
    who = f"{escape(unit)} \u2014 {escape(names[unit])}" if unit in names else escape(unit or "")
    return (
        f'<tr id="{escape(e.relative)}"><td>{escape(e.inner)}</td><td>{who}</td>'
        f'<td class="num">{size(e.size)}</td><td>{clock.stamp(e.modified)}</td>'
        f'<td><a href="{escape(e.url)}">{label}</a></td></tr>'
    )


def _title(section_name: str) -> str:
    return "Berkas umum (katalog dan instrumen)" if section_name == GENERAL else f"Berkas tahun {section_name}"
