"""Team Chat messages: /v2/chat/users/{userId}/messages, to a channel or to a contact.

Hand-written for ordering and conversations: a message lands in one conversation (a
channel, or the pair of users of a 1:1 chat, so both sides read the same history),
lists come newest first in pages of Zoom's size (10, at most 50) for one day unless
`from`/`to` say otherwise, replies stay in their thread, and only the sender edits or
deletes. Backend methods are named after the spec's operationIds.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, UserNotFound
from ..generic.conform import shaped
from ..generic.problems import check_body
from ..http import json_response, no_content, path_param, read_json
from ..pagination import encode_token, page_request
from ..spec import find_operation
from ..state import Emulator
from ..store import Doc, Query, loads
from ..times import parse_bound
from .chat_channels import ChannelNotFound, ChatChannelsBackend
from .users import UsersBackend

KIND = "chat_message"
MAIN, REPLY = "main", "reply"
_ITEM = "/chat/users/{userId}/messages/{messageId}"


class MessageNotFound(BadRequest):
    """Zoom answers an unknown message id with a 400 (code 300), not a 404."""

    def __init__(self, message_id: str) -> None:
        super().__init__(f"Message does not exist: {message_id}.")


def _sort(moment: float) -> str:
    return f"{moment:020.6f}"


class ChatMessagesBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)
        self.channels = ChatChannelsBackend(emu)

    async def conversation(self, who: Principal, sender: Doc, params: dict[str, Any]) -> str:
        """The conversation a `to_channel` or `to_contact` names, checked."""
        channel, contact = params.get("to_channel"), params.get("to_contact")
        if bool(channel) == bool(contact):
            raise BadRequest("Must provide either contact or channel parameter.")
        if channel:
            try:
                await self.channels.get(who, str(channel))
            except ChannelNotFound:
                raise ChannelNotFound(str(channel)) from None
            return f"channel:{channel}"
        try:
            other = await self.users.resolve(who, str(contact))
        except UserNotFound:
            raise UserNotFound(str(contact)) from None
        return "contact:" + "|".join(sorted((sender.id, other.id)))

    async def senda_chat_message(
        self, who: Principal, sender: Doc, payload: dict[str, Any]
    ) -> dict[str, Any]:
        op = find_operation("POST", "/chat/users/{userId}/messages")
        if op is not None:
            check_body(op, payload)
        conversation = await self.conversation(who, sender, payload)
        now = self.emu.clock.timestamp()
        body = {
            "id": str(uuid.UUID(int=int(self.emu.ids.digits(39)) % (1 << 128), version=4)),
            "message": str(payload["message"]),
            "sender": sender.body["email"],
            "sender_display_name": sender.body.get("display_name", ""),
            "date_time": iso(datetime.fromtimestamp(now, UTC)),
            "timestamp": int(now * 1000),
            "message_type": "plain_text_message",
            "rich_text": payload.get("rich_text") or [],
            "at_items": payload.get("at_items") or [],
            "files": [],
            "reactions": [],
            "sender_id": sender.id,
            "conversation": conversation,
        }
        tag = await self._thread(who, conversation, body, payload.get("reply_main_message_id"))
        doc = Doc(
            KIND, body["id"], who.account_id, body, parent=conversation, tag=tag, sort=_sort(now)
        )
        await self.emu.store.insert(doc)
        event = "chat_message.replied" if tag == REPLY else "chat_message.sent"
        await self.emu.emit(event, who.account_id, _event_object(body, payload), operator=sender.body["email"], operator_id=sender.id)  # fmt: skip
        return body

    async def _thread(
        self, who: Principal, conversation: str, body: dict[str, Any], main_id: Any
    ) -> str:
        if not main_id:
            return MAIN
        main = await self.emu.store.get(KIND, str(main_id))
        if main is None or main.account_id != who.account_id or main.parent != conversation:
            raise MessageNotFound(str(main_id))
        if main.tag != MAIN:
            raise BadRequest("This only supports replies to a main message.", code=5402)
        body["reply_main_message_id"] = main.id
        body["reply_main_message_timestamp"] = main.body["timestamp"]
        return REPLY

    async def get_chat_messages(
        self, who: Principal, sender: Doc, params: dict[str, str]
    ) -> dict[str, Any]:
        conversation = await self.conversation(who, sender, params)
        page = page_request(params, default=10, maximum=50)
        window = self._window(params)
        exclude_replies = params.get("exclude_child_message") == "true"
        query = Query(
            KIND, who.account_id, parent=conversation, tag=MAIN if exclude_replies else None,
            sort_min=_sort(window[0].timestamp()), sort_max=_sort(window[1].timestamp()),
            after=page.cursor, limit=page.page_size, descending=True,
        )  # fmt: skip
        found = await self.emu.store.list_page(query)
        listing: dict[str, Any] = {
            "messages": [loads(raw) for raw in found.items],
            "page_size": page.page_size,
            "next_page_token": encode_token(found.cursor),
        }
        if "from" in params and "date" not in params:
            listing |= {"from": iso(window[0]), "to": iso(window[1])}
        else:
            listing["date"] = window[0].date().isoformat()
        return listing

    def _window(self, params: dict[str, str]) -> tuple[datetime, datetime]:
        """Zoom's default: the whole current day; `date` names another, `from`/`to` a span."""
        if params.get("date") or not params.get("from"):
            day = params.get("date") or self.emu.clock.now().date().isoformat()
            start = _moment(parse_bound(day, "date"))
            return start, start + timedelta(days=1)
        start = _moment(parse_bound(params["from"], "from"))
        end = _moment(parse_bound(params.get("to"), "to", end=True)) if params.get("to") else None
        return start, end or self.emu.clock.now() + timedelta(seconds=1)

    async def get_chat_message(
        self, who: Principal, sender: Doc, message_id: str, params: dict[str, Any]
    ) -> Doc:
        conversation = await self.conversation(who, sender, params)
        doc = await self.emu.store.get(KIND, message_id)
        if doc is None or doc.account_id != who.account_id or doc.parent != conversation:
            raise MessageNotFound(message_id)
        return doc

    async def edit_message(
        self, who: Principal, sender: Doc, message_id: str, payload: dict[str, Any]
    ) -> None:
        op = find_operation("PUT", _ITEM)
        if op is not None:
            check_body(op, payload)
        doc = await self._own(who, sender, message_id, payload)
        text = str(payload.get("message") or doc.body["message"])
        await self.emu.store.update(
            KIND, doc.id, lambda old: old.with_body({**old.body, "message": text})
        )
        await self.emu.emit("chat_message.updated", who.account_id, _event_object({**doc.body, "message": text}, payload), operator=sender.body["email"], operator_id=sender.id)  # fmt: skip

    async def delete_chat_message(
        self, who: Principal, sender: Doc, message_id: str, params: dict[str, Any]
    ) -> None:
        doc = await self._own(who, sender, message_id, params)
        await self.emu.store.delete(KIND, doc.id)
        await self.emu.emit("chat_message.deleted", who.account_id, _event_object(doc.body, params), operator=sender.body["email"], operator_id=sender.id)  # fmt: skip

    async def _own(
        self, who: Principal, sender: Doc, message_id: str, params: dict[str, Any]
    ) -> Doc:
        doc = await self.get_chat_message(who, sender, message_id, params)
        if doc.body.get("sender_id") != sender.id:
            raise BadRequest("Only the sender of this message can make updates.", code=200)
        return doc


def _moment(value: str | None) -> datetime:
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _event_object(body: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    obj: dict[str, Any] = {
        k: body[k] for k in ("id", "message", "timestamp", "date_time") if k in body
    }
    for name in ("to_channel", "to_contact", "reply_main_message_id"):
        if params.get(name) or body.get(name):
            obj[name] = params.get(name) or body.get(name)
    return obj


# -- routes ------------------------------------------------------------------------------


async def _sender(request: Request) -> tuple[Principal, ChatMessagesBackend, Doc]:
    who = await authenticate(request)
    backend = ChatMessagesBackend(emulator(request))
    return who, backend, await backend.users.resolve(who, path_param(request, "user_id"))


async def senda_chat_message(request: Request) -> Response:
    who, backend, sender = await _sender(request)
    body = await backend.senda_chat_message(who, sender, await read_json(request))
    return json_response(shaped("POST", "/chat/users/{userId}/messages", body), 201)


async def get_chat_messages(request: Request) -> Response:
    who, backend, sender = await _sender(request)
    listing = await backend.get_chat_messages(who, sender, dict(request.query_params))
    return json_response(shaped("GET", "/chat/users/{userId}/messages", listing))


async def get_chat_message(request: Request) -> Response:
    who, backend, sender = await _sender(request)
    doc = await backend.get_chat_message(
        who, sender, path_param(request, "message_id"), dict(request.query_params)
    )
    return json_response(shaped("GET", _ITEM, doc.body))


async def edit_message(request: Request) -> Response:
    who, backend, sender = await _sender(request)
    await backend.edit_message(
        who, sender, path_param(request, "message_id"), await read_json(request)
    )
    return no_content()


async def delete_chat_message(request: Request) -> Response:
    who, backend, sender = await _sender(request)
    await backend.delete_chat_message(
        who, sender, path_param(request, "message_id"), dict(request.query_params)
    )
    return no_content()


_MESSAGES = "/v2/chat/users/{user_id}/messages"
routes = [
    Route(_MESSAGES, get_chat_messages, methods=["GET"]),
    Route(_MESSAGES, senda_chat_message, methods=["POST"]),
    Route(_MESSAGES + "/{message_id}", get_chat_message, methods=["GET"]),
    Route(_MESSAGES + "/{message_id}", edit_message, methods=["PUT"]),
    Route(_MESSAGES + "/{message_id}", delete_chat_message, methods=["DELETE"]),
]
