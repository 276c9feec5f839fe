"""One sample year materialized end to end, once per test session, with its run kept in a DAGSTER_HOME.

The sample submissions for the year are generated into a temporary inbox; the
annual job runs against a temporary warehouse and outputs folder, recorded in
a Dagster instance whose home the webserver can open afterwards.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from pipelines.settings import ENV_INBOX, ENV_OUTPUTS, ENV_WAREHOUSE, PROJECT_DIR, Settings
from samples.generator import generate
from tests.conftest import SOURCES, run_annual

YEAR = "2021"


@dataclass(frozen=True)
class MaterializedYear:
    year: str
    settings: Settings
    dagster_home: Path
    result: dg.ExecuteInProcessResult

    def environment(self) -> dict[str, str]:
        """The variables that point the code location at this year's warehouse, inbox and outputs."""
        return {
            "DAGSTER_HOME": str(self.dagster_home),
            ENV_WAREHOUSE: str(self.settings.warehouse_path),
            ENV_OUTPUTS: str(self.settings.outputs_dir),
            ENV_INBOX: str(self.settings.inbox_root),
        }


_done: dict[str, MaterializedYear] = {}


def materialized_year(tmp_path_factory) -> MaterializedYear:
    """The sample year, materialized on first use in the session."""
    if YEAR not in _done:
        root = tmp_path_factory.mktemp("sample_year")
        settings = Settings(SOURCES, root / "inbox", root / "outputs", root / "warehouse" / "rb.duckdb")
        generate(settings, years=[int(YEAR)])
        home = root / "dagster_home"
        home.mkdir()
        shutil.copy(PROJECT_DIR / "config" / "dagster.yaml", home / "dagster.yaml")
        with dg.DagsterInstance.from_config(str(home)) as instance:
            result = run_annual(settings, YEAR, instance=instance)
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        _done[YEAR] = MaterializedYear(YEAR, settings, home, result)
    return _done[YEAR]
