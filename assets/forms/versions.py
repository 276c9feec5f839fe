"""Which file counts: one submission per content, the newest readable file per unit in force.

- The same content (sha256), whatever its name or folder, is one submission:
  later copies are ``duplikat``.
- Among a unit's readable files for a year, the newest (received time as
  ``receipts`` records it, then the file time recorded with it, then path) is
  ``berlaku`` and supersedes the older ones as a whole (``digantikan``). A
  later touch, copy or move changes neither.
- A file refused (``ditolak``) supersedes nothing, so a broken resend never
  wipes a unit's good rows. Every refusal counts here, whether the file could
  not be opened, its rows could not be read, or it is not the unit's own
  (``inventory`` decides them all before calling :func:`resolve`); an inbox entry
  that was never read (a broken link, a pipe) is refused without a content.
"""

from __future__ import annotations

from collections.abc import Sequence

IN_FORCE = "berlaku"
SUPERSEDED = "digantikan"
REJECTED = "ditolak"
DUPLICATE = "duplikat"
IGNORED = "diabaikan"
STATUSES = [IN_FORCE, SUPERSEDED, REJECTED, DUPLICATE, IGNORED]


def resolve(records: Sequence[dict]) -> list[dict]:
    """Set ``status``, ``reason_code``, ``reason`` and ``superseded_by`` on file records.

    Each record has: relative, sha256, modified_at, received_order (``Receipt.order``; None for an entry
    never read), unit_code, ignored (code or None), reject_code / reject_reason (None when readable).
    """
    out = [dict(r) for r in records]
    first_by_content: dict[str, dict] = {}
    for r in sorted(out, key=_order):
        r.setdefault("superseded_by", None)
        if r.get("ignored"):
            r.update(status=IGNORED, reason_code=r["ignored"], reason=r["ignored_reason"])
        elif r["sha256"] is None:  # never read: nothing to compare, nothing to supersede
            r.update(status=REJECTED, reason_code=r["reject_code"], reason=r["reject_reason"])
        elif r["sha256"] in first_by_content:
            original = first_by_content[r["sha256"]]["relative"]
            r.update(
                status=DUPLICATE,
                reason_code="DUPLICATE_CONTENT",
                reason=f"Isi file sama persis dengan {original}; dihitung sekali.",
            )
        else:
            first_by_content[r["sha256"]] = r
            if r.get("reject_code"):
                r.update(status=REJECTED, reason_code=r["reject_code"], reason=r["reject_reason"])
            else:
                r.update(status=IN_FORCE, reason_code=None, reason=None)
    newest: dict[str, dict] = {}
    for r in out:
        if r["status"] == IN_FORCE:
            current = newest.get(r["unit_code"])
            if current is None or _order(r) > _order(current):
                newest[r["unit_code"]] = r
    for r in out:
        if r["status"] == IN_FORCE and newest[r["unit_code"]] is not r:
            winner = newest[r["unit_code"]]["relative"]
            r.update(
                status=SUPERSEDED,
                reason_code="SUPERSEDED",
                reason=f"Digantikan oleh kiriman yang lebih baru: {winner}.",
                superseded_by=winner,
            )
    return out


def _order(record: dict) -> tuple:
    """Earlier receipts first; an entry never read (no receipt) by its own file time."""
    received = record.get("received_order") or (record["modified_at"], record["modified_at"])
    return (*received, record["relative"])
