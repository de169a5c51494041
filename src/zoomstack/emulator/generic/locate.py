"""From a request path to what it names: ids checked, anchors resolved, the record found.

Every id in the path must name something the caller's account has: what an anchor
resolves (a user after `users`, a meeting after `meetings`, see `anchors`), or a
record of a creatable collection. Ids of things Zoom makes by itself (call logs,
devices) are taken as given. Anchors are rewritten to one canonical form (`me` -> the
user's id), so a collection has one path however a client names its owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..auth import Principal
from ..errors import ZoomError
from ..state import Emulator
from ..store import Doc
from .anchors import Facts, anchor_for
from .model import Plan, is_param, is_records, kind_for, template
from .problems import not_found
from .records import Collection, Records


@dataclass(frozen=True, slots=True)
class Target:
    """A request's path, resolved."""

    plan: Plan
    account_id: str
    values: tuple[str, ...]  # the concrete segments, anchors in canonical form
    owned: frozenset[str] = frozenset()  # operations hand-written routes implement
    facts: Facts = field(default_factory=dict)  # what the item's anchor knows (an email)
    record: Doc | None = None  # item roles on records: the record

    @property
    def path(self) -> str:
        return "/" + "/".join(self.values)

    @property
    def item_id(self) -> str:
        return self.values[-1]

    @property
    def is_item(self) -> bool:
        return is_param(self.plan.segments[-1])

    def collection(self) -> Collection:
        """The collection addressed: the path itself, or the one the item is in."""
        segs = self.plan.segments[:-1] if self.is_item else self.plan.segments
        return collection_at(self.plan.op.family, self.account_id, segs, self.values)


def collection_at(
    family: str, account_id: str, segs: tuple[str, ...], values: tuple[str, ...] | list[str]
) -> Collection:
    return Collection(
        kind=kind_for(family, template(segs)),
        account_id=account_id,
        path="/" + "/".join(values[: len(segs)]),
        template="/" + "/".join(template(segs)),
    )


def _noun(collection: str) -> str:
    return collection[:-1] if collection.endswith("s") else collection


async def locate(
    emu: Emulator, who: Principal, plan: Plan, path: str, owned: frozenset[str] = frozenset()
) -> Target:
    """Resolve a concrete path (Zoom's, without `/v2`) against the plan's template."""
    values = [part for part in path.split("/") if part]
    facts: Facts = {}
    segs = plan.segments
    last = len(segs) - 1
    for i in range(1, len(segs)):
        if not is_param(segs[i]):
            continue
        anchor = anchor_for(plan.op.family, template(segs[:i]))
        if anchor is not None:
            given = values[i]
            try:
                values[i], found = await anchor(emu, who, given)
            except ZoomError as exc:
                if exc.status != 404:
                    raise
                raise not_found(plan.op, segs[i][1:-1], given, _noun(segs[i - 1])) from None
            facts = found if i == last else facts
        elif i < last:
            await _require(emu, who, plan, i, values, owned)
    target = Target(plan, who.account_id, tuple(values), owned, facts)
    return await _with_record(emu, target)


async def _require(
    emu: Emulator, who: Principal, plan: Plan, i: int, values: list[str], owned: frozenset[str]
) -> None:
    """An id inside the path (`{channelId}` in .../channels/{channelId}/members) must
    name a record when its collection holds records."""
    segs = plan.segments
    where = collection_at(plan.op.family, who.account_id, segs[:i], values)
    if is_records(where.kind, owned) and await Records(emu).find(where, values[i]) is None:
        raise not_found(plan.op, segs[i][1:-1], values[i], _noun(segs[i - 1]))


async def _with_record(emu: Emulator, target: Target) -> Target:
    """The record an item path names. Where an anchor vouched for the id (a user's
    calendar at /calendars/{calId}), the item may also be one the anchor knows."""
    plan = target.plan
    segs = plan.segments
    if not target.is_item or not is_records(plan.kind, target.owned):
        return target
    doc = await Records(emu).find(target.collection(), target.item_id)
    if doc is not None:
        return Target(plan, target.account_id, target.values, target.owned, target.facts, doc)
    if anchor_for(plan.op.family, template(segs[:-1])) is not None:
        return target
    raise not_found(plan.op, segs[-1][1:-1], target.item_id, _noun(segs[-2]))
