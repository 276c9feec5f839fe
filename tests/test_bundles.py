"""The zip of a year's templates (and feedback): every regular file of the kinds, same bytes every time."""

from __future__ import annotations

import io
import os
import time
import zipfile

from assets.bundles import BUNDLES, bundle_listed_with, bundle_named, zip_bytes

TEMPLATES, FEEDBACK = BUNDLES


def test_the_zip_holds_every_visible_regular_file_and_is_deterministic(tmp_path):
    year = tmp_path / "2024" / "templates"
    year.mkdir(parents=True)
    (year / "BKD.xlsx").write_bytes(b"bkd")
    (year / "ORG.xlsx").write_bytes(b"org")
    (year / "~$ORG.xlsx").write_bytes(b"lock")  # Office's owner file
    (year / ".BKD.xlsx.123.tmp").write_bytes(b"half")  # an unfinished write
    (tmp_path / "secret.xlsx").write_bytes(b"outside")
    os.symlink(tmp_path / "secret.xlsx", year / "LINK.xlsx")  # a link is not a file of the folder
    (tmp_path / "2024" / "indikator_hasil_2024.xlsx").write_bytes(b"form")
    first = zip_bytes(tmp_path, 2024, TEMPLATES)
    time.sleep(1.1)
    (year / "BKD.xlsx").touch()  # a newer modification time, same content
    assert zip_bytes(tmp_path, 2024, TEMPLATES) == first
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert archive.namelist() == ["indikator_hasil_2024.xlsx", "templates/BKD.xlsx", "templates/ORG.xlsx"]
    assert archive.read("templates/ORG.xlsx") == b"org"
    assert zip_bytes(tmp_path, 2024, FEEDBACK) is None  # no feedback yet: nothing to offer
    assert zip_bytes(tmp_path, 2023, TEMPLATES) is None


def test_bundles_are_found_by_name_and_by_the_kind_they_are_listed_with():
    assert bundle_named("templat_unit_2021.zip") is TEMPLATES
    assert bundle_named("umpan_balik_2021.zip") is FEEDBACK
    assert bundle_named("templat_unit_2021.zip.part") is None and bundle_named("../x.zip") is None
    assert bundle_listed_with("Templat unit") is TEMPLATES and bundle_listed_with("Umpan balik unit") is FEEDBACK
    assert bundle_listed_with("Kertas kerja PMPRB") is None
