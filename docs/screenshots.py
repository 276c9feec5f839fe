"""Screenshots for the README, made by hand (not in CI): the lineage in the Dagster UI and a year in the portal.

    .venv/bin/python docs/screenshots.py

Materializes one sample year in a temporary folder (about 30 s), starts the
Dagster webserver and the portal (an analyst logged in) on it, and writes
``docs/lineage.png`` and ``docs/portal_year.png`` with headless Debian
chromium. Needs ``/usr/bin/chromium`` (``apt-get install chromium``).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from tests.browser_support import browser_page, dagster_webserver  # noqa: E402
from tests.portal_support import browser_log_in, serving, with_accounts  # noqa: E402
from tests.year_support import materialized_year  # noqa: E402

MAX_BYTES = 500_000
ZOOM_OUTS = 3  # labels are drawn only down to a zoom level; past it the boxes are blank


class _Folders:
    """Enough of pytest's ``tmp_path_factory`` for :func:`materialized_year`."""

    def __init__(self, root: Path):
        self.root = root

    def mktemp(self, name: str) -> Path:
        path = self.root / name
        path.mkdir()
        return path


def lineage(page, base: str, target: Path) -> None:
    """The global asset lineage, every group expanded, zoomed out to fit."""
    page.set_viewport_size({"width": 1700, "height": 3700})
    page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda skip: skip.click())
    page.goto(f"{base}/asset-groups")
    page.get_by_text("submissions").last.wait_for()
    page.get_by_text("Hide navigation").click()
    page.locator("button:has([aria-label=panel_show_right])").first.click()
    page.locator("button:has([aria-label=settings])").last.click()
    page.get_by_role("menuitem", name="Expand all groups").click()
    page.keyboard.press("Escape")
    for _ in range(ZOOM_OUTS):
        page.locator("button:has([aria-label=zoom_out])").click()
        time.sleep(0.3)
    time.sleep(2)
    page.screenshot(path=target, clip={"x": 60, "y": 90, "width": 1600, "height": 3600})


def portal_year(page, base: str, year: str, target: Path) -> None:
    page.set_viewport_size({"width": 1000, "height": 760})
    browser_log_in(page, base, "analis")
    page.goto(f"{base}/{year}/#daftar")
    page.screenshot(path=target)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="rb-screenshots-") as tmp:
        year = materialized_year(_Folders(Path(tmp)))
        with dagster_webserver(year.environment(), Path(tmp) / "webserver.log") as base, browser_page() as page:
            lineage(page, base, DOCS / "lineage.png")
        with serving(with_accounts(year.settings, Path(tmp), ["analis"])) as base, browser_page() as page:
            portal_year(page, base, year.year, DOCS / "portal_year.png")
    for name in ["lineage.png", "portal_year.png"]:
        size = (DOCS / name).stat().st_size
        print(f"docs/{name}: {size // 1024} KB{'  (too large: keep it under 500 KB)' if size > MAX_BYTES else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
