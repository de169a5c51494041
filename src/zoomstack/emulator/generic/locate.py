"""From a request path to what it names: ids checked, anchors resolved, the record found.

Every id in the path must name something the caller's account has: a user (`me`, an
id or an email) after `users` or `mailboxes`, a meeting after `meetings`, the
caller's own account after `accounts`, and a record of a creatable collection
anywhere else. Ids of things Zoom makes by itself (call logs, devices) are taken as
given. Anchors are rewritten to one canonical form (`me` -> the user's id), so the
same collection has one path however a client names its owner.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .. import spec
from ..auth import Principal
from ..errors import MeetingNotFound, UserNotFound
from ..resources.meetings import MeetingsBackend
from ..resources.users import UsersBackend
from ..state import Emulator
from ..store import Doc
from .model import Plan, is_param, is_records, kind_for, template
from .problems import not_found
from .records import Collection, Records

Facts = dict[str, Any]
Anchor = Callable[[Emulator, Principal, str], Awaitable[tuple[str, Facts]]]
USER_FACTS = ("id", "email", "first_name", "last_name", "display_name", "type", "status")


@dataclass(frozen=True, slots=True)
class Target:
    """A request's path, resolved."""

    plan: Plan
    account_id: str
    values: tuple[str, ...]  # the concrete segments, anchors in canonical form
    facts: Facts = field(default_factory=dict)  # what the last anchor knows (a user's email)
    record: Doc | None = None  # item roles on records: the record

    @property
    def path(self) -> str:
        return "/" + "/".join(self.values)

    @property
    def item_id(self) -> str:
        return self.values[-1]

    def collection(self) -> Collection:
        """The collection addressed: the path itself, or the one the item is in."""
        segs = self.plan.segments
        segs = segs[:-1] if is_param(segs[-1]) else segs
        values = self.values[: len(segs)]
        return Collection(
            kind=kind_for(self.plan.op.family, template(segs)),
            account_id=self.account_id,
            path="/" + "/".join(values),
            template="/" + "/".join(template(segs)),
        )


async def _user(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    doc = await UsersBackend(emu).resolve(who, key)
    return doc.id, {k: doc.body[k] for k in USER_FACTS if k in doc.body}


async def _mailbox(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    _, facts = await _user(emu, who, key)
    return str(facts.get("email", key)).lower(), facts


async def _meeting(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    doc = await MeetingsBackend(emu).get(who, key)
    return doc.id, {"id": doc.body.get("id"), "uuid": doc.body.get("uuid")}


async def _account(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    if key not in ("me", who.account_id):
        raise LookupError(key)
    return who.account_id, {"id": who.account_id}


ANCHORS: dict[str, Anchor] = {
    "users": _user,
    "mailboxes": _mailbox,
    "meetings": _meeting,
    "accounts": _account,
}
_ANCHOR_MISSES = (UserNotFound, MeetingNotFound, LookupError)


def _noun(collection: str) -> str:
    return collection[:-1] if collection.endswith("s") else collection


async def locate(emu: Emulator, who: Principal, plan: Plan, path: str) -> Target:
    """Resolve a concrete path (Zoom's, without `/v2`) against the plan's template."""
    given = tuple(part for part in path.split("/") if part)
    values = list(given)
    facts: Facts = {}
    segs = plan.segments
    for i, seg in enumerate(segs):
        if not is_param(seg) or i == 0:
            continue
        anchor = ANCHORS.get(segs[i - 1])
        name = seg[1:-1]
        if anchor is not None:
            try:
                values[i], facts = await anchor(emu, who, given[i])
            except _ANCHOR_MISSES:
                raise not_found(plan.op, name, given[i], _noun(segs[i - 1])) from None
        elif i < len(segs) - 1:
            await _require(emu, who, plan.op, segs[: i + 1], tuple(values[: i + 1]))
    target = Target(plan, who.account_id, tuple(values), facts)
    return await _with_record(emu, target)


async def _require(
    emu: Emulator,
    who: Principal,
    op: spec.Operation,
    segs: tuple[str, ...],
    values: tuple[str, ...],
) -> None:
    """An id inside the path (`{channelId}` in .../channels/{channelId}/members) must
    name a record when its collection holds records."""
    where = Collection(
        kind=kind_for(op.family, template(segs[:-1])),
        account_id=who.account_id,
        path="/" + "/".join(values[:-1]),
        template="/" + "/".join(template(segs[:-1])),
    )
    if is_records(where.kind) and await Records(emu).find(where, values[-1]) is None:
        raise not_found(op, segs[-1][1:-1], values[-1], _noun(segs[-2]))


async def _with_record(emu: Emulator, target: Target) -> Target:
    plan = target.plan
    segs = plan.segments
    if not is_param(segs[-1]) or segs[-2] in ANCHORS or not is_records(plan.kind):
        return target
    doc = await Records(emu).find(target.collection(), target.item_id)
    if doc is None:
        raise not_found(plan.op, segs[-1][1:-1], target.item_id, _noun(segs[-2]))
    return Target(plan, target.account_id, target.values, target.facts, doc)
