"""The one metadata helper: every asset reports its rows, a preview and its files.

Analysts read these in the Dagster UI: ``dagster/row_count`` for the row
count, a markdown preview of the first rows, and the paths of files written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd

from assets.published import download_link

PREVIEW_ROWS = 10
DOWNLOAD_URL = (
    "http://127.0.0.1:8080"  # the page's default address (``make serve``); ProjectFiles.download_url in a run
)


def asset_metadata(
    df: pd.DataFrame | None = None,
    *,
    table: str | None = None,
    paths: Iterable[Path] = (),
    preview: pd.DataFrame | None = None,
    extra: Mapping[str, Any] | None = None,
    download_url: str = DOWNLOAD_URL,
) -> dict[str, Any]:
    """Metadata for a materialization: row count, preview, table name, output paths (with a link to
    the first one's entry in the portal served at ``download_url``)."""
    metadata: dict[str, Any] = {}
    if df is not None:
        metadata["dagster/row_count"] = int(len(df))
        shown = df if preview is None else preview
        metadata["preview"] = dg.MetadataValue.md(markdown_table(shown.head(PREVIEW_ROWS)))
    if table:
        metadata["table"] = table
    path_list = [Path(p) for p in paths]
    if path_list:
        metadata["download"] = dg.MetadataValue.url(download_link(path_list[0], download_url))
    if len(path_list) == 1:
        metadata["path"] = dg.MetadataValue.path(str(path_list[0]))
    elif path_list:
        metadata["paths"] = dg.MetadataValue.json(sorted(str(p) for p in path_list))
        metadata["file_count"] = len(path_list)
    metadata.update(extra or {})
    return metadata


def table_materialization(
    key: str, table: pd.DataFrame, preview: list[str] | None = None, extra: Mapping[str, Any] | None = None
) -> dg.MaterializeResult:
    """The materialization of one warehouse table of a multi-asset: its rows, a preview of ``preview``
    columns, and a data version from its content."""
    return dg.MaterializeResult(
        asset_key=key,
        metadata=asset_metadata(table, table=key, preview=table[preview] if preview else None, extra=extra),
        data_version=content_version(table),
    )


def markdown_table(df: pd.DataFrame) -> str:
    if df.empty:
        return "_(no rows)_"
    return df.astype(object).where(df.notna(), "").to_markdown(index=False)


def content_version(*frames: pd.DataFrame) -> dg.DataVersion:
    """A data version from content: the same inputs give the same version."""
    digest = hashlib.sha256()
    for df in frames:
        digest.update(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return dg.DataVersion(digest.hexdigest()[:16])
