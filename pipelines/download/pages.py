"""The download page's HTML: the list of years, and one year's files with size and (local) time."""

from __future__ import annotations

from html import escape

from assets.local_time import DEFAULT_CLOCK, LocalTime
from assets.published import GENERAL, section_url
from pipelines.download.layout import page, size, table
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


def section(name: str, entries: list[Entry], clock: LocalTime = DEFAULT_CLOCK) -> str:
    """One year's files: what each is, its name, size and generation time, and a download link."""
    title = _title(name)
    if not entries:
        return page(title, '<p><a href="/">Semua tahun</a></p><p>Belum ada berkas.</p>')
    rows = "".join(_row(e, clock) for e in entries)
    body = '<p><a href="/">Semua tahun</a></p>\n' + table(["Jenis", "Berkas", "Ukuran", "Dibuat", ""], rows)
    return page(title, body)


def message(title: str, text: str) -> str:
    """A short error page (not found, refused)."""
    return page(title, f'<p>{escape(text)}</p><p><a href="/">Kembali ke daftar tahun</a></p>')


def _row(e: Entry, clock: LocalTime) -> str:
    label = "Buka" if e.url.endswith(".html") and not e.url.startswith("/berkas/") else "Unduh"
    return (
        f'<tr id="{escape(e.relative)}"><td>{escape(e.kind)}</td><td>{escape(e.inner)}</td>'
        f'<td class="num">{size(e.size)}</td><td>{clock.stamp(e.modified)}</td>'
        f'<td><a href="{escape(e.url)}">{label}</a></td></tr>'
    )


def _title(section_name: str) -> str:
    return "Berkas umum (katalog dan instrumen)" if section_name == GENERAL else f"Berkas tahun {section_name}"
