"""Where things live: the one module that reads the environment.

Every path the pipeline uses is derived here from a handful of environment
variables, each with a default inside the project folder. Nothing else in the
code base calls ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assets.metadata import DOWNLOAD_URL

PROJECT_DIR = Path(__file__).resolve().parent.parent

ENV_SOURCES = "RB_SOURCES_DIR"
ENV_INBOX = "RB_INBOX_ROOT"
ENV_OUTPUTS = "RB_OUTPUTS_DIR"
ENV_WAREHOUSE = "RB_WAREHOUSE"
ENV_DOWNLOAD_URL = "RB_DOWNLOAD_URL"
ENV_PORTAL_DB = "RB_PORTAL_DB"
ENV_DAGSTER_HOME = "DAGSTER_HOME"
PORTAL_DB_NAME = "portal.sqlite3"  # beside the warehouse unless RB_PORTAL_DB says otherwise
EVIDENCE_DIR_NAME = "bukti"  # beside the portal's database


@dataclass(frozen=True)
class Settings:
    """Locations of the inputs users own, the warehouse and the published outputs."""

    sources_dir: Path
    inbox_root: Path
    outputs_dir: Path
    warehouse_path: Path
    download_url: str = DOWNLOAD_URL  # where the portal is served, as the office network reaches it
    portal_db: Path | None = None  # the portal's accounts, sessions and audit log (SQLite); None: beside the warehouse

    @property
    def portal_db_path(self) -> Path:
        return self.portal_db or self.warehouse_path.parent / PORTAL_DB_NAME

    @property
    def evidence_dir(self) -> Path:
        """The evidence files units attach in the portal, by content hash: ``<year>/<unit>/<sha256>.<ext>``."""
        return self.portal_db_path.parent / EVIDENCE_DIR_NAME

    @property
    def roadmap_dir(self) -> Path:
        return self.sources_dir / "roadmap"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        sources = Path(env.get(ENV_SOURCES) or PROJECT_DIR / "sources")
        return cls(
            sources_dir=sources,
            inbox_root=Path(env.get(ENV_INBOX) or sources),
            outputs_dir=Path(env.get(ENV_OUTPUTS) or PROJECT_DIR / "outputs"),
            warehouse_path=Path(env.get(ENV_WAREHOUSE) or PROJECT_DIR / "warehouse" / "rb.duckdb"),
            download_url=env.get(ENV_DOWNLOAD_URL) or DOWNLOAD_URL,
            portal_db=Path(env[ENV_PORTAL_DB]) if env.get(ENV_PORTAL_DB) else None,
        )


def dagster_home(environ: dict[str, str] | None = None) -> Path | None:
    """Dagster's instance folder (``DAGSTER_HOME``, run history and schedules), or None when it is not set."""
    value = (os.environ if environ is None else environ).get(ENV_DAGSTER_HOME)
    return Path(value).expanduser() if value else None
