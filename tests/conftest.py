"""Shared fixtures: a project laid out in a temporary folder, and system-tool gates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

from assets.forms.layouts import INBOXES  # noqa: E402
from pipelines.settings import PROJECT_DIR, Settings  # noqa: E402

SOURCES = PROJECT_DIR / "sources"
CONTOH = Path(__file__).resolve().parent / "fixtures" / "contoh"


def require_tool(path_or_name: str) -> str:
    """The path of a system tool; with CI set a missing tool fails the test instead of skipping it."""
    found = shutil.which(path_or_name) or (path_or_name if Path(path_or_name).exists() else None)
    if found:
        return found
    message = f"{path_or_name} is not installed (.ci/run installs it)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The project's own sources, with warehouse and outputs in a temporary folder."""
    return Settings(
        sources_dir=SOURCES,
        inbox_root=SOURCES,
        outputs_dir=tmp_path / "outputs",
        warehouse_path=tmp_path / "warehouse" / "rb.duckdb",
    )


@pytest.fixture
def sources_copy(tmp_path: Path) -> Path:
    """A writable copy of the sources folder, for tests that break or replace it."""
    target = tmp_path / "sources"
    shutil.copytree(SOURCES, target, ignore=shutil.ignore_patterns(*INBOXES))
    return target


def run_annual(settings: Settings, year: str | int, selection: list[str] | None = None, instance=None, run_config=None):
    """Run the annual job for one year (optionally a subset of assets, with ``run_config``) against ``settings``."""
    import dagster as dg

    from pipelines.definitions import build_definitions
    from pipelines.jobs import ANNUAL_JOB

    job = build_definitions(settings).resolve_job_def(ANNUAL_JOB)
    keys = [dg.AssetKey(k) for k in selection] if selection else None
    return job.execute_in_process(
        partition_key=str(year), asset_selection=keys, instance=instance, raise_on_error=False, run_config=run_config
    )


def contoh_sources(target: Path) -> Path:
    """Kabupaten Contoh's sources at ``target``, laid out as docs/adopting.md says a new government does:
    the project's shared folders (instrument/, monitoring/) kept, its own road map, registry, collection
    settings and instrument years (``tests/fixtures/contoh``) in place of Magetan's."""
    shutil.copytree(SOURCES / "monitoring", target / "monitoring")
    shutil.copytree(SOURCES / "instrument", target / "instrument")
    shutil.copytree(CONTOH, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def contoh(tmp_path: Path) -> Path:
    """A writable sources folder of the made-up Kabupaten Contoh (2025-2027, WITA)."""
    return contoh_sources(tmp_path / "contoh")
