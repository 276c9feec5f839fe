"""What the portal lists, the names it gives, and the links asset metadata points to."""

from __future__ import annotations

import datetime as dt
import json
import os

from assets.local_time import DEFAULT_CLOCK
from assets.published import download_link
from assets.validation_results import result_path
from pipelines.portal import listing
from pipelines.portal.files import size


def _touch(path, data=b"x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_sections_are_years_newest_first_then_general(tmp_path):
    for relative in [
        "2020/pmprb_2020.xlsx",
        "2022/templates/BKD.xlsx",
        "validation/units.json",
        ".cache/x",
        "notes/.x",
    ]:
        _touch(tmp_path / relative)
    (tmp_path / "2021").mkdir()
    assert listing.sections(tmp_path) == ["2022", "2021", "2020", listing.GENERAL]
    general = listing.entries(tmp_path, listing.GENERAL)
    assert [(e.relative, e.url) for e in general] == [
        ("umum/validasi.html", "/umum/validasi.html"),
        ("validation/units.json", "/berkas/validation/units.json"),
    ]
    assert listing.sections(tmp_path / "missing") == []


def test_entries_say_what_each_file_is_in_page_order(tmp_path):
    for relative in [
        "2021/tables/progress.csv",
        "2021/templates/BKD.xlsx",
        "2021/pmprb_2021.xlsx",
        "2021/lain.txt",
        "2021/.rekap_pengumpulan.xlsx.a1.tmp",
        "2021/rekap_pengumpulan.xlsx",
    ]:
        _touch(tmp_path / relative)
    _touch(
        result_path(tmp_path, "submissions", 2021),
        json.dumps({"suite": "submissions", "success": True, "results": []}).encode(),
    )
    found = [(e.inner, e.kind) for e in listing.entries(tmp_path, "2021")]
    assert found == [
        ("pmprb_2021.xlsx", "Kertas kerja PMPRB"),
        ("rekap_pengumpulan.xlsx", "Rekap pengumpulan"),
        ("templates/BKD.xlsx", "Templat unit"),
        ("tables/progress.csv", "Tabel CSV"),
        ("validasi.html", "Laporan validasi"),
        ("validation/submissions.json", "Hasil validasi (JSON)"),
        ("lain.txt", "Berkas lain"),
    ]


def test_times_are_shown_in_wib_and_sizes_with_a_decimal_comma(tmp_path):
    path = _touch(tmp_path / "2021" / "pmprb_2021.xlsx", b"x" * 26_624)
    stamp = dt.datetime(2024, 3, 1, 17, 30, tzinfo=dt.UTC).timestamp()
    os.utime(path, (stamp, stamp))
    (entry,) = listing.entries(tmp_path, "2021")
    assert DEFAULT_CLOCK.stamp(entry.modified) == "02-03-2024 00:30 WIB"
    assert (size(entry.size), size(812), size(3_565_158)) == ("26,0 KB", "812 B", "3,4 MB")


def test_download_names_are_unique_across_years_and_folders():
    assert listing.download_name("2021/pmprb_2021.xlsx") == "pmprb_2021.xlsx"
    assert listing.download_name("2021/templates/DINKES.xlsx") == "2021_templates_DINKES.xlsx"
    assert listing.download_name("2021/feedback/DINKES.xlsx") == "2021_feedback_DINKES.xlsx"
    assert listing.download_name("validation/units.json") == "validation_units.json"


def test_download_url_points_at_the_files_entry_on_its_year_page(tmp_path):
    path = tmp_path / "2019" / "outputs" / "2021" / "templates" / "Dinas Kesehatan.xlsx"
    assert (
        download_link(path, "http://127.0.0.1:8080")
        == "http://127.0.0.1:8080/2021/#2021/templates/Dinas%20Kesehatan.xlsx"
    )
    assert (
        download_link("outputs/2021/pmprb_2021.xlsx", "http://10.0.0.5:8080/")
        == "http://10.0.0.5:8080/2021/#2021/pmprb_2021.xlsx"
    )
    assert (
        download_link(tmp_path / "outputs" / "validation" / "units.json", "http://127.0.0.1:8080")
        == "http://127.0.0.1:8080/"
    )
