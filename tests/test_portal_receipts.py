"""An upload's receipt time reaches the warehouse's record of when each content arrived, even when a run
holds the warehouse at the moment of upload."""

from __future__ import annotations

import datetime as dt

import duckdb

from assets.forms.receipts import RECEIPTS, UPLOADED
from pipelines.portal import uploads
from pipelines.portal.accounts import Account
from pipelines.portal.store import Store
from tests.test_portal_attacks import filled
from tests.test_warehouse_lock import HOLD_LOCK, _spawn

DINKES = Account("dinkes", "unit", "DINKES")


def _receipts(db) -> dict[str, tuple[dt.datetime, str]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return {
            sha: (at, basis)
            for sha, at, basis in conn.execute(f"SELECT sha256, received_at, basis FROM {RECEIPTS}").fetchall()
        }


def _store(tmp_path, store, db, data):
    return uploads.store(
        store, data, inbox_root=tmp_path / "inbox", warehouse=db, inbox=uploads.SUBMISSIONS, year="2021",
        account=DINKES, original_name="a.xlsx",
    )  # fmt: skip


def test_the_receipt_is_recorded_before_the_file_reaches_the_inbox(tmp_path):
    store, db = Store(tmp_path / "portal.sqlite3"), tmp_path / "rb.duckdb"
    stored = _store(tmp_path, store, db, filled("DINKES"))
    at, basis = _receipts(db)[stored.sha256]
    assert basis == UPLOADED and at == stored.received_at.astimezone(dt.UTC).replace(tzinfo=None)
    path = tmp_path / "inbox" / stored.relative
    assert path.is_file() and path.stat().st_mtime == stored.received_at.timestamp()
    assert stored.relative.startswith("submissions/2021/DINKES/")


def test_a_receipt_waits_while_a_run_holds_the_warehouse_and_keeps_the_upload_time(tmp_path, monkeypatch):
    store, db = Store(tmp_path / "portal.sqlite3"), tmp_path / "rb.duckdb"
    monkeypatch.setattr(uploads, "RECEIPT_WAIT_SECONDS", 0.5)
    holder = _spawn(HOLD_LOCK, str(db), "30")
    try:
        assert holder.stdout.readline().strip() == "locked"
        stored = _store(tmp_path, store, db, filled("DINKES"))
        assert (tmp_path / "inbox" / stored.relative).is_file()  # the unit's file is not held back
        assert uploads.record_pending_receipts(store, db, 0.5) == 0
    finally:
        holder.kill()
        holder.wait()
    assert uploads.record_pending_receipts(store, db, 5) == 1
    at, basis = _receipts(db)[stored.sha256]
    assert basis == UPLOADED and at == stored.received_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert uploads.record_pending_receipts(store, db, 5) == 0
