"""Ids the hand-written modules own: what `users/{id}`, `meetings/{id}` ... name.

An anchor resolves an id found after a collection name to its canonical form and a few
facts about it (a user's email), or raises Zoom's 404 when the caller's account has no
such thing. Some apply after a collection name in every family (`users`, `mailboxes`,
`meetings`, `accounts`), others to one collection of one family (`/webinars` in
meetings.json, not `/past_webinars`).
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Any

from ..auth import Principal
from ..errors import NotFound
from ..state import Emulator

Facts = dict[str, Any]
Anchor = Callable[[Emulator, Principal, str], Awaitable[tuple[str, Facts]]]
USER_FACTS = ("id", "email", "first_name", "last_name", "display_name", "type", "status")
ANY_FAMILY = "*"


async def user(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    from ..resources.users import UsersBackend

    doc = await UsersBackend(emu).resolve(who, key)
    return doc.id, {k: doc.body[k] for k in USER_FACTS if k in doc.body}


async def mailbox(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    """A Zoom Mail mailbox is its user's address; `me` names the caller's."""
    _, facts = await user(emu, who, key)
    return str(facts.get("email", key)).lower(), facts


async def meeting(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    from ..resources.meetings import MeetingsBackend

    doc = await MeetingsBackend(emu).get(who, key)
    return doc.id, {"id": doc.body.get("id"), "uuid": doc.body.get("uuid")}


async def webinar(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    from ..resources.webinars import WebinarsBackend

    doc = await WebinarsBackend(emu).get(who, key)
    return doc.id, {"id": doc.body.get("id"), "uuid": doc.body.get("uuid")}


async def account(emu: Emulator, who: Principal, key: str) -> tuple[str, Facts]:
    if key not in ("me", who.account_id):
        raise NotFound(f"Account does not exist: {key}.")
    return who.account_id, {"id": who.account_id}


def anchor_for(family: str, collection: tuple[str, ...]) -> Anchor | None:
    """The anchor for ids of a collection (its template, parameters as "{}")."""
    table = _anchors()
    return table.get((family, collection)) or table.get((ANY_FAMILY, collection[-1:]))


@functools.cache
def _anchors() -> dict[tuple[str, tuple[str, ...]], Anchor]:
    # Imported on first use: these modules use this package's shaping helpers.
    from ..resources import calendar_freebusy, chat_channels, groups

    return {
        (ANY_FAMILY, ("users",)): user,
        (ANY_FAMILY, ("mailboxes",)): mailbox,
        (ANY_FAMILY, ("meetings",)): meeting,
        (ANY_FAMILY, ("accounts",)): account,
        ("meetings", ("webinars",)): webinar,
        ("team-chat", ("chat", "channels")): chat_channels.anchor,
        ("team-chat", ("chat", "users", "{}", "channels")): chat_channels.anchor,
        ("calendar", ("calendars",)): calendar_freebusy.anchor,
        ("users", ("groups",)): groups.anchor,
    }
