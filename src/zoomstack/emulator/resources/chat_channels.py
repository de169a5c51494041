"""Team Chat channels and their members: /v2/chat/users/{userId}/channels and the
account-level /v2/chat/channels/{channelId} addresses of the same channels.

Hand-written for membership: the creator owns the channel, invited users of the
account become members (others are external, known by email), a user's channel list
is the channels they are a member of, and leaving or being removed takes a channel off
it. Backend methods are named after the spec's operationIds.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import NotFound, UserNotFound, ValidationFailed
from ..generic.conform import shaped
from ..generic.problems import check_body
from ..http import json_response, no_content, path_param, read_json
from ..pagination import encode_token, page_request
from ..spec import find_operation
from ..state import Emulator
from ..store import Doc, Query, loads
from ..validation import merge_patch
from .users import UsersBackend

CHANNEL, MEMBER, MEMBERSHIP = "chat_channel", "chat_member", "chat_membership"
_SETTINGS = {
    "add_member_permissions": 1,
    "new_members_can_see_previous_messages_files": True,
    "posting_permissions": 1,
    "mention_all_permissions": 1,
    "allow_to_add_external_users": 0,
}


class ChannelNotFound(NotFound):
    code = 4130

    def __init__(self, channel_id: str) -> None:
        super().__init__(f"Channel does not exist: {channel_id}.")


def hex_id(emu: Emulator) -> str:
    """32 hex digits, as Zoom's channel ids are."""
    return uuid.UUID(int=int(emu.ids.digits(39)) % (1 << 128)).hex


def channel_doc(account_id: str, body: dict[str, Any]) -> Doc:
    return Doc(
        CHANNEL, body["id"], account_id, body, tag=str(body["type"]), sort=body["created_at"]
    )


def _check(method: str, path: str, body: dict[str, Any]) -> None:
    op = find_operation(method, path)
    if op is not None:
        check_body(op, body)


class ChatChannelsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    def now(self) -> str:
        return iso(self.emu.clock.now())

    async def get(self, who: Principal, channel_id: str) -> Doc:
        doc = await self.emu.store.get(CHANNEL, channel_id)
        if doc is None or doc.account_id != who.account_id:
            raise ChannelNotFound(channel_id)
        return doc

    # -- channels ----------------------------------------------------------------------

    async def create_channel(
        self, who: Principal, owner: Doc, payload: dict[str, Any]
    ) -> dict[str, Any]:
        _check("POST", "/chat/users/{userId}/channels", payload)
        if not str(payload.get("name") or "").strip():
            raise ValidationFailed([{"field": "name", "message": "Invalid field."}])
        channel_id = hex_id(self.emu)
        body = {
            "id": channel_id,
            "jid": f"{channel_id}@conference.xmpp.zoom.us",
            "name": str(payload["name"]),
            "type": int(payload.get("type") or 1),
            "channel_url": f"{self.emu.base_url()}/launch/chat/v2/{channel_id}",
            "channel_settings": merge_patch(_SETTINGS, payload.get("channel_settings") or {}),
            "owner_id": owner.id,
            "created_at": self.now(),
        }
        await self.emu.store.insert(channel_doc(who.account_id, body))
        await self._add(who, body, owner.body["email"], role="owner")
        for member in payload.get("members") or []:
            if isinstance(member, dict) and member.get("email"):
                await self._add(who, body, str(member["email"]), role="member")
        await self._emit("chat_channel.created", who, body, owner)
        return body

    async def update_channel(self, who: Principal, doc: Doc, payload: dict[str, Any]) -> None:
        _check("PATCH", "/chat/users/{userId}/channels/{channelId}", payload)
        changes: dict[str, Any] = {
            k: payload[k] for k in ("name", "type", "channel_settings") if k in payload
        }
        updated = await self.emu.store.update(
            CHANNEL, doc.id, lambda old: channel_doc(old.account_id, merge_patch(old.body, changes))
        )
        if updated is not None:
            await self._emit("chat_channel.updated", who, updated.body)

    async def delete_channel(self, who: Principal, doc: Doc) -> None:
        members = await self._all_members(who, doc.id)
        for member in members:
            if member.get("id"):
                await self.emu.store.delete(MEMBERSHIP, f"{member['id']}|{doc.id}")
        await self.emu.store.delete_under(MEMBER, who.account_id, doc.id)
        await self.emu.store.delete(CHANNEL, doc.id)
        await self._emit("chat_channel.deleted", who, doc.body)

    async def get_channels(
        self, who: Principal, user_id: str, params: dict[str, str]
    ) -> dict[str, Any]:
        page = page_request(params, default=10, maximum=50)
        query = Query(
            MEMBERSHIP, who.account_id, parent=user_id, after=page.cursor, limit=page.page_size
        )
        found = await self.emu.store.list_page(query)
        channels = []
        for raw in found.items:
            doc = await self.emu.store.get(CHANNEL, str(loads(raw)["channel_id"]))
            if doc is not None:
                channels.append(doc.body)
        total = await self.emu.store.count(query)
        return _listing("channels", channels, page.page_size, found.cursor, total)

    async def get_account_channels(self, who: Principal, params: dict[str, str]) -> dict[str, Any]:
        page = page_request(params, default=10, maximum=50)
        query = Query(CHANNEL, who.account_id, after=page.cursor, limit=page.page_size)
        found = await self.emu.store.list_page(query)
        total = await self.emu.store.count(query)
        channels = [loads(raw) for raw in found.items]
        return _listing("channels", channels, page.page_size, found.cursor, total)

    # -- members -----------------------------------------------------------------------

    async def _member_body(self, who: Principal, email: str, role: str) -> dict[str, Any]:
        try:
            user = (await self.users.resolve(who, email)).body
        except UserNotFound:  # someone outside the account: known by email only
            local = email.split("@", 1)[0]
            return {"id": "", "email": email, "first_name": local, "last_name": "",
                    "name": local, "member_id": self.emu.ids.file_id()[:30], "role": role,
                    "is_external": True}  # fmt: skip
        return {
            "id": user["id"],
            "email": user["email"],
            "first_name": user.get("first_name", ""),
            "last_name": user.get("last_name", ""),
            "name": user.get("display_name", ""),
            "member_id": self.emu.ids.file_id()[:30],
            "role": role,
            "is_external": False,
        }

    async def _add(
        self, who: Principal, channel: dict[str, Any], email: str, role: str
    ) -> dict[str, Any]:
        member = await self._member_body(who, email, role)
        key = member["id"] or member["email"].lower()
        existing = await self.emu.store.get(MEMBER, f"{channel['id']}|{key}")
        if existing is not None:
            return existing.body
        doc = Doc(
            MEMBER, f"{channel['id']}|{key}", who.account_id, member,
            parent=channel["id"], sort=f"{self.emu.clock.timestamp():020.6f}",
        )  # fmt: skip
        await self.emu.store.insert(doc)
        if member["id"]:
            link = {"channel_id": channel["id"], "user_id": member["id"]}
            key = f"{member['id']}|{channel['id']}"
            link_doc = Doc(
                MEMBERSHIP, key, who.account_id, link, parent=member["id"], sort=doc.sort
            )
            await self.emu.store.upsert(link_doc)
        return member

    async def invite_channel_members(
        self, who: Principal, doc: Doc, payload: dict[str, Any]
    ) -> dict[str, Any]:
        _check("POST", "/chat/users/{userId}/channels/{channelId}/members", payload)
        emails = [
            str(m["email"])
            for m in payload.get("members") or []
            if isinstance(m, dict) and m.get("email")
        ]
        if not emails:
            raise ValidationFailed([{"field": "members", "message": "Invalid field."}])
        added = [await self._add(who, doc.body, email, role="member") for email in emails]
        await self._emit("chat_channel.member_invited", who, {**doc.body, "members": added})
        return {
            "ids": ",".join(m["id"] for m in added if m["id"]),
            "member_ids": ",".join(m["member_id"] for m in added),
            "added_at": self.now(),
        }

    async def join_channel(self, who: Principal, doc: Doc, user: Doc) -> dict[str, Any]:
        member = await self._add(who, doc.body, user.body["email"], role="member")
        await self._emit("chat_channel.member_joined", who, doc.body, user)
        return {"id": member["id"], "member_id": member["member_id"], "added_at": self.now()}

    async def remove_member(self, who: Principal, doc: Doc, identifier: str) -> None:
        """By user id, member id or email (`identifier`, as Zoom takes it)."""
        for member in await self._all_members(who, doc.id):
            keys = {member.get("id"), member.get("member_id"), str(member.get("email", "")).lower()}
            if identifier in keys or identifier.lower() in keys:
                key = member["id"] or member["email"].lower()
                await self.emu.store.delete(MEMBER, f"{doc.id}|{key}")
                if member["id"]:
                    await self.emu.store.delete(MEMBERSHIP, f"{member['id']}|{doc.id}")
                await self._emit(
                    "chat_channel.member_removed", who, {**doc.body, "members": [member]}
                )
                return
        raise NotFound(f"Member does not exist: {identifier}.")

    async def list_channel_members(
        self, who: Principal, doc: Doc, params: dict[str, str]
    ) -> dict[str, Any]:
        page = page_request(params, default=10, maximum=100)
        query = Query(
            MEMBER, who.account_id, parent=doc.id, after=page.cursor, limit=page.page_size
        )
        found = await self.emu.store.list_page(query)
        total = await self.emu.store.count(query)
        members = [loads(raw) for raw in found.items]
        return _listing("members", members, page.page_size, found.cursor, total)

    async def is_member(self, who: Principal, channel_id: str, user_id: str) -> bool:
        return (
            await self.emu.store.get_raw(MEMBERSHIP, f"{user_id}|{channel_id}", who.account_id)
            is not None
        )

    async def _all_members(self, who: Principal, channel_id: str) -> list[dict[str, Any]]:
        query = Query(MEMBER, who.account_id, parent=channel_id, limit=10_000)
        return [loads(raw) for raw in (await self.emu.store.list_page(query)).items]

    async def _emit(
        self, name: str, who: Principal, channel: dict[str, Any], user: Doc | None = None
    ) -> None:
        obj: dict[str, Any] = {
            k: channel[k] for k in ("id", "name", "type", "members") if k in channel
        }
        operator = user.body if user else {}
        await self.emu.emit(name, who.account_id, obj, operator=operator.get("email", ""),
                            operator_id=operator.get("id", ""))  # fmt: skip


def _listing(
    key: str, items: list[Any], size: int, cursor: tuple[str, str] | None, total: int
) -> dict[str, Any]:
    return {
        key: items,
        "page_size": size,
        "next_page_token": encode_token(cursor),
        "total_records": total,
    }


async def anchor(emu: Emulator, who: Principal, key: str) -> tuple[str, dict[str, Any]]:
    """For the spec-driven routes under a channel (mention groups, pinned messages ...)."""
    doc = await ChatChannelsBackend(emu).get(who, key)
    return doc.id, {"id": doc.id, "name": doc.body.get("name")}


# -- routes ------------------------------------------------------------------------------

_USER_CHANNEL = "/chat/users/{userId}/channels/{channelId}"


async def _context(request: Request) -> tuple[Principal, ChatChannelsBackend, Doc]:
    who = await authenticate(request)
    backend = ChatChannelsBackend(emulator(request))
    if "user_id" in request.path_params:
        await backend.users.resolve(who, path_param(request, "user_id"))
    return who, backend, await backend.get(who, path_param(request, "channel_id"))


async def create_channel(request: Request) -> Response:
    who = await authenticate(request)
    backend = ChatChannelsBackend(emulator(request))
    owner = await backend.users.resolve(who, path_param(request, "user_id"))
    body = await backend.create_channel(who, owner, await read_json(request))
    return json_response(shaped("POST", "/chat/users/{userId}/channels", body), 201)


async def get_channels(request: Request) -> Response:
    who = await authenticate(request)
    backend = ChatChannelsBackend(emulator(request))
    user = await backend.users.resolve(who, path_param(request, "user_id"))
    listing = await backend.get_channels(who, user.id, dict(request.query_params))
    return json_response(shaped("GET", "/chat/users/{userId}/channels", listing))


async def get_account_channels(request: Request) -> Response:
    who = await authenticate(request)
    listing = await ChatChannelsBackend(emulator(request)).get_account_channels(
        who, dict(request.query_params)
    )
    return json_response(shaped("GET", "/chat/channels", listing))


async def get_channel(request: Request) -> Response:
    _, _, doc = await _context(request)
    return json_response(shaped("GET", _USER_CHANNEL, doc.body))


async def update_channel(request: Request) -> Response:
    who, backend, doc = await _context(request)
    await backend.update_channel(who, doc, await read_json(request))
    return no_content()


async def delete_channel(request: Request) -> Response:
    who, backend, doc = await _context(request)
    await backend.delete_channel(who, doc)
    return no_content()


async def list_channel_members(request: Request) -> Response:
    who, backend, doc = await _context(request)
    listing = await backend.list_channel_members(who, doc, dict(request.query_params))
    return json_response(shaped("GET", f"{_USER_CHANNEL}/members", listing))


async def invite_channel_members(request: Request) -> Response:
    who, backend, doc = await _context(request)
    answer = await backend.invite_channel_members(who, doc, await read_json(request))
    return json_response(shaped("POST", f"{_USER_CHANNEL}/members", answer), 201)


async def join_channel(request: Request) -> Response:
    who, backend, doc = await _context(request)
    user = await backend.users.resolve(who, "me")
    answer = await backend.join_channel(who, doc, user)
    return json_response(shaped("POST", "/chat/channels/{channelId}/members/me", answer), 201)


async def leave_channel(request: Request) -> Response:
    who, backend, doc = await _context(request)
    user = await backend.users.resolve(who, "me")
    await backend.remove_member(who, doc, user.id)
    return no_content()


async def remove_a_channel_member(request: Request) -> Response:
    who, backend, doc = await _context(request)
    await backend.remove_member(who, doc, path_param(request, "identifier"))
    return no_content()


_USER = "/v2/chat/users/{user_id}/channels/{channel_id}"
_ACCOUNT = "/v2/chat/channels/{channel_id}"
routes = [
    Route("/v2/chat/users/{user_id}/channels", get_channels, methods=["GET"]),
    Route("/v2/chat/users/{user_id}/channels", create_channel, methods=["POST"]),
    Route("/v2/chat/channels", get_account_channels, methods=["GET"]),
    *[
        route
        for base in (_USER, _ACCOUNT)
        for route in (
            Route(base, get_channel, methods=["GET"]),
            Route(base, update_channel, methods=["PATCH"]),
            Route(base, delete_channel, methods=["DELETE"]),
            Route(f"{base}/members", list_channel_members, methods=["GET"]),
            Route(f"{base}/members", invite_channel_members, methods=["POST"]),
        )
    ],
    Route(f"{_ACCOUNT}/members/me", join_channel, methods=["POST"]),
    Route(f"{_ACCOUNT}/members/me", leave_channel, methods=["DELETE"]),
    Route(f"{_USER}/members/{{identifier}}", remove_a_channel_member, methods=["DELETE"]),
    Route(f"{_ACCOUNT}/members/{{identifier}}", remove_a_channel_member, methods=["DELETE"]),
]
