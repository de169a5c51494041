"""Sync items in the database: found, claimed, finished, failed, and found again when lost.

A worker claims an item with one conditional UPDATE (pending and due, or running with
an expired lease), so two processes never fetch the same file at once, and a job
message sent twice does its work once. While it works, the claimer extends its lease;
a process that dies stops extending it, and the reconcile pass hands the item out
again once the lease has run out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from ..db.base import utcnow
from ..db.sync_models import RunStatus, SyncItem, SyncRun, SyncStatus

UNSETTLED = (SyncStatus.pending.value, SyncStatus.running.value)
STORING = "storing_key"  # in details: where the last attempt wrote (or began to)


@dataclass(frozen=True, slots=True)
class FoundFile:
    """A file a listing or a folder scan came across."""

    source: str
    external_id: str
    size: int
    details: dict[str, Any]
    fingerprint: str  # changes when the file's bytes may have changed


async def add_item(
    session: AsyncSession,
    *,
    user_id: str,
    found: FoundFile,
    run_id: str | None = None,
    retry_failed: bool = False,
) -> SyncItem | None:
    """Record `found`; the item when it needs fetching, None when it is stored or busy.

    A stored file whose fingerprint changed is fetched again; a failed one only when
    `retry_failed` (a periodic sync does not retry a broken file forever).
    """
    item = await _get(session, user_id, found.external_id)
    if item is None:
        item = await _insert(session, user_id=user_id, found=found, run_id=run_id)
        if item is not None:
            return item
        item = await _get(session, user_id, found.external_id)
        assert item is not None  # another process inserted it just now
    if item.status == SyncStatus.running.value and run_id is not None:
        await _move_to_run(session, item, run_id)  # being fetched already: the run waits for it
        return None
    if not _needs_fetch(item, found, retry_failed):
        return None
    if item.status != SyncStatus.pending.value:
        item.status, item.attempts, item.next_attempt_at = SyncStatus.pending.value, 0, None
        item.last_error = None
    item.size, item.details = found.size, {**_with_print(found), **_storing(item)}
    await _move_to_run(session, item, run_id)
    return item


async def _move_to_run(session: AsyncSession, item: SyncItem, run_id: str | None) -> None:
    """Make the item `run_id`'s; the run it leaves may have been waiting for it alone."""
    left, item.run_id = item.run_id, run_id
    await session.commit()
    if left is not None and left != run_id:
        await settle_run(session, run_id=left)


def _needs_fetch(item: SyncItem, found: FoundFile, retry_failed: bool) -> bool:
    if item.status == SyncStatus.pending.value:
        return True
    if item.status == SyncStatus.failed.value:
        return retry_failed
    if item.status == SyncStatus.done.value:
        return bool(item.details.get("fingerprint") != found.fingerprint)
    return False  # running: its claimer has it


def _with_print(found: FoundFile) -> dict[str, Any]:
    return {**found.details, "fingerprint": found.fingerprint}


def _storing(item: SyncItem) -> dict[str, Any]:
    """The key an earlier attempt wrote under: kept when the item is found again."""
    return {STORING: item.details[STORING]} if STORING in item.details else {}


async def _get(session: AsyncSession, user_id: str, external_id: str) -> SyncItem | None:
    query = select(SyncItem).where(SyncItem.user_id == user_id, SyncItem.external_id == external_id)
    return await session.scalar(query)


async def _insert(
    session: AsyncSession, *, user_id: str, found: FoundFile, run_id: str | None
) -> SyncItem | None:
    item = SyncItem(
        user_id=user_id,
        source=found.source,
        external_id=found.external_id,
        size=found.size,
        details=_with_print(found),
        run_id=run_id,
        status=SyncStatus.pending.value,
        attempts=0,
    )
    session.add(item)
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return None
    return item


async def mark_sent(session: AsyncSession, item_ids: list[str]) -> None:
    """Note when jobs were sent, so the reconcile pass leaves fresh ones alone."""
    if item_ids:
        await session.execute(
            update(SyncItem).where(SyncItem.id.in_(item_ids)).values(kicked_at=utcnow())
        )
        await session.commit()


def _claimable(now: datetime) -> Any:
    due = or_(SyncItem.next_attempt_at.is_(None), SyncItem.next_attempt_at <= now)
    return or_(
        and_(SyncItem.status == SyncStatus.pending.value, due),
        and_(SyncItem.status == SyncStatus.running.value, SyncItem.lease_until < now),
    )


async def claim(
    session: AsyncSession, *, item_id: str, worker: str, lease: timedelta
) -> SyncItem | None:
    """Take the item for `worker` (counting an attempt); None if it is not to be had."""
    now = utcnow()
    result = await session.execute(
        update(SyncItem)
        .where(SyncItem.id == item_id, _claimable(now))
        .values(
            status=SyncStatus.running.value,
            attempts=SyncItem.attempts + 1,
            lease_until=now + lease,
            claimed_by=worker,
        )
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    if getattr(result, "rowcount", 0) != 1:
        return None
    return await session.get(SyncItem, item_id, populate_existing=True)


async def _update_claimed(session: AsyncSession, item_id: str, worker: str, **values: Any) -> bool:
    """Change an item only while `worker` still holds it; whether it did."""
    result = await session.execute(
        update(SyncItem)
        .where(
            SyncItem.id == item_id,
            SyncItem.claimed_by == worker,
            SyncItem.status == SyncStatus.running.value,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return getattr(result, "rowcount", 0) == 1


async def extend_lease(
    session: AsyncSession, *, item_id: str, worker: str, lease: timedelta
) -> bool:
    return await _update_claimed(session, item_id, worker, lease_until=utcnow() + lease)


async def finish(session: AsyncSession, *, item_id: str, worker: str, recording_id: str) -> bool:
    return await _update_claimed(
        session, item_id, worker,
        status=SyncStatus.done.value, recording_id=recording_id, lease_until=None,
        last_error=None, next_attempt_at=None,
    )  # fmt: skip


async def plan_key(session: AsyncSession, *, item: SyncItem, worker: str, key: str) -> bool:
    """Remember the key the item's file is about to be written under, before any byte
    is: if the process dies mid-way, the next attempt knows what to clear away."""
    details = {**item.details, STORING: key}
    return await _update_claimed(session, item.id, worker, details=details)


async def retry_later(
    session: AsyncSession, *, item_id: str, worker: str, reason: str, delay: float
) -> bool:
    due = utcnow() + timedelta(seconds=delay)
    return await _update_claimed(
        session, item_id, worker,
        status=SyncStatus.pending.value, last_error=reason, next_attempt_at=due,
        lease_until=None, kicked_at=utcnow(),
    )  # fmt: skip


async def give_up(session: AsyncSession, *, item_id: str, worker: str, reason: str) -> bool:
    return await _update_claimed(
        session, item_id, worker,
        status=SyncStatus.failed.value, last_error=reason, lease_until=None,
    )  # fmt: skip


# An item handed back untried: the attempt its claim counted does not count.
_HANDED_BACK: dict[str, Any] = {
    "status": SyncStatus.pending.value,
    "attempts": SyncItem.attempts - 1,
    "lease_until": None,
    "kicked_at": None,
}


async def release(session: AsyncSession, *, item_id: str, worker: str) -> bool:
    """Hand the item back untried (the worker is stopping); the attempt does not count."""
    return await _update_claimed(session, item_id, worker, **_HANDED_BACK)


async def release_held(session: AsyncSession, *, worker: str) -> int:
    """Hand back every item `worker` still holds, untried (its process is stopping); how many.

    A job cancelled between its claim's commit and the start of its work never learns
    it holds the item, so it cannot release it itself: left as it is, the item would
    wait out the lease, and count an attempt that never happened."""
    result = await session.execute(
        update(SyncItem)
        .where(SyncItem.claimed_by == worker, SyncItem.status == SyncStatus.running.value)
        .values(**_HANDED_BACK)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return int(getattr(result, "rowcount", 0))


async def lost_items(session: AsyncSession, *, min_age: timedelta) -> list[str]:
    """Items no job is working on: due and not sent within `min_age`, or whose lease ran out."""
    now = utcnow()
    quiet = or_(SyncItem.kicked_at.is_(None), SyncItem.kicked_at <= now - min_age)
    due = or_(SyncItem.next_attempt_at.is_(None), SyncItem.next_attempt_at <= now)
    query = select(SyncItem.id).where(
        or_(
            and_(SyncItem.status == SyncStatus.pending.value, due, quiet),
            and_(SyncItem.status == SyncStatus.running.value, SyncItem.lease_until < now),
        )
    )
    return list(await session.scalars(query.order_by(SyncItem.created_at)))


# -- runs ------------------------------------------------------------------------------


async def settle_run(session: AsyncSession, *, run_id: str) -> bool:
    """Mark a fetching run done once none of its items is pending or running."""
    run = await session.get(SyncRun, run_id, populate_existing=True)
    if run is None or run.status != RunStatus.fetching.value:
        return run is not None and run.status in (RunStatus.done.value, RunStatus.failed.value)
    query = select(func.count()).where(SyncItem.run_id == run_id, SyncItem.status.in_(UNSETTLED))
    if await session.scalar(query):
        return False
    run.status, run.finished_at = RunStatus.done.value, utcnow()
    await session.commit()
    return True


async def settle_item_run(session: AsyncSession, *, item_id: str) -> bool:
    """Settle the run the item belongs to now, not when it was claimed: a run whose
    listing met the item being fetched adopted it, and waits for it to end."""
    run_id = await session.scalar(select(SyncItem.run_id).where(SyncItem.id == item_id))
    return run_id is not None and await settle_run(session, run_id=run_id)


async def status_counts(
    session: AsyncSession, *, user_id: str, run_id: str | None = None, source: str | None = None
) -> dict[str, int]:
    """How many items are in each status: the user's, one run's, or one source's."""
    query = select(SyncItem.status, func.count()).where(SyncItem.user_id == user_id)
    if run_id is not None:
        query = query.where(SyncItem.run_id == run_id)
    if source is not None:
        query = query.where(SyncItem.source == source)
    rows = await session.execute(query.group_by(SyncItem.status))
    counts = {status.value: 0 for status in SyncStatus}
    counts.update({status: int(count) for status, count in rows.all()})
    return counts


async def failed_items(session: AsyncSession, *, user_id: str, limit: int) -> list[SyncItem]:
    query = select(SyncItem).where(
        SyncItem.user_id == user_id, SyncItem.status == SyncStatus.failed.value
    )
    return list(await session.scalars(query.order_by(SyncItem.updated_at.desc()).limit(limit)))


async def recent_runs(session: AsyncSession, *, user_id: str, limit: int) -> list[SyncRun]:
    query = select(SyncRun).where(SyncRun.user_id == user_id)
    return list(await session.scalars(query.order_by(SyncRun.created_at.desc()).limit(limit)))


async def run_totals(session: AsyncSession, *, run_id: str) -> tuple[int, int]:
    """(files, bytes) of the run's items."""
    query = select(func.count(), func.coalesce(func.sum(SyncItem.size), 0))
    row = (await session.execute(query.where(SyncItem.run_id == run_id))).one()
    return int(row[0]), int(row[1])
