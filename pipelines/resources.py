"""Resources of the code location: built from the settings (the environment), read in one place."""

from __future__ import annotations

import dagster as dg

from assets.resources import ProjectFiles, Warehouse, WorkerProcesses
from pipelines.settings import Settings


def build_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    files = ProjectFiles(
        sources_dir=str(settings.sources_dir),
        inbox_root=str(settings.inbox_root),
        outputs_dir=str(settings.outputs_dir),
        evidence_dir=str(settings.evidence_dir),
        download_url=settings.download_url,
    )
    return {
        "workers": WorkerProcesses(sources_dir=files.sources_dir),
        "warehouse": Warehouse(database=str(settings.warehouse_path)),
        "files": files,
    }
