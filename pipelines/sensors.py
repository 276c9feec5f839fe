"""Sensors: a year's inbox or its evidence files changed, so run that year.

One run per year whose files changed (run key = year + digest of names,
sizes and modification times of its inbox files and of the portal's manifest
of its evidence files, rewritten at every attachment), requested only once the files have been still
for a minute, so a unit's file still being copied is not read half-way.
Runs go through the run queue, one at a time.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import dagster as dg

from assets.forms.inbox import scan
from assets.forms.layouts import INBOXES
from assets.resources import ProjectFiles
from assets.source_files.evidence_manifest import MANIFEST
from pipelines.jobs import ANNUAL_JOB

SETTLE_SECONDS = 60


def inbox_state(inbox_root: Path, year: str, evidence_dir: Path) -> tuple[str, float] | None:
    """Digest of the year's inbox files and evidence manifest, and the newest modification time; None when
    there are none."""
    entries = []
    manifest = MANIFEST.path(evidence_dir, year)
    if manifest.is_file():
        stat = manifest.stat()
        entries.append(f"evidence/{MANIFEST.name}|{stat.st_size}|{stat.st_mtime_ns}")
    for name in INBOXES:
        folder = inbox_root / name / year
        for found in scan(folder, inbox_root):
            if not found.readable:  # ignored, or an entry that cannot be read (a broken link, a pipe)
                continue
            stat = found.path.stat()
            entries.append(f"{found.relative}|{stat.st_size}|{stat.st_mtime_ns}")
    if not entries:
        return None
    newest = max(float(e.rsplit("|", 1)[1]) / 1e9 for e in entries)
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()[:16], newest


def build_inbox_sensor(years: list[str]) -> dg.SensorDefinition:
    @dg.sensor(
        name="inbox_sensor",
        job_name=ANNUAL_JOB,
        minimum_interval_seconds=30,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Runs a year when files in its inboxes (submissions, indikator_hasil, pmprb) or its evidence files changed and have been still for a minute.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext, files: ProjectFiles):
        now = time.time()
        requests, settling = [], []
        for year in years:
            state = inbox_state(files.inbox, year, files.evidence)
            if state is None:
                continue
            digest, newest = state
            if now - newest < SETTLE_SECONDS:
                settling.append(year)
                continue
            requests.append(dg.RunRequest(run_key=f"{year}:{digest}", partition_key=year, tags={"trigger": "inbox"}))
        if requests:
            return requests
        reason = f"files still changing in {', '.join(settling)}" if settling else "no files in any inbox"
        return dg.SkipReason(reason)

    return inbox_sensor
