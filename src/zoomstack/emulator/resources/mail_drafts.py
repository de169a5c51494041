"""Mail drafts: /v2/emails/mailboxes/{email}/drafts, and sending one.

A draft is a message kept under the DRAFT label, in its owner's mailbox only; it may
lack recipients until it is sent. Sending it (POST .../drafts/send) goes through the
same delivery as POST .../messages/send (mail.py): the sender keeps it under SENT and
each recipient of the account finds it in their INBOX; the draft is gone afterwards.

Stored kind:
  mail_draft  id = draft id, parent = the mailbox owner's user id, sort = creation time
              body = {"id", "raw" (base64url RFC 822), "message": Zoom's message object}
"""

from __future__ import annotations

import base64
import binascii
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..errors import NotFound, ValidationFailed
from ..generic.conform import shaped
from ..generic.problems import check_body
from ..http import json_response, no_content, path_param, read_json
from ..pagination import encode_token, page_request
from ..spec import find_operation
from ..state import Emulator
from ..store import Doc, Query, loads
from .mail import MailBackend

KIND = "mail_draft"
DRAFTS = "/emails/mailboxes/{email}/drafts"
DRAFT = DRAFTS + "/{draftId}"
_HEADERS = ("From", "To", "Cc", "Bcc", "Subject")


class DraftNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("Not Found.")


def _parse(raw: Any) -> EmailMessage:
    if not isinstance(raw, str):
        raise ValidationFailed([{"field": "message.raw", "message": "Invalid field."}])
    try:
        source = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            [{"field": "message.raw", "message": "Must be base64url RFC 822."}]
        ) from None
    parsed = message_from_bytes(source, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return str(part.get_content()) if part is not None else ""


def _check(method: str, path: str, payload: dict[str, Any]) -> None:
    op = find_operation(method, path)
    if op is not None:
        check_body(op, payload)


class MailDraftsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.mail = MailBackend(emu)

    def _draft(self, owner: Doc, draft_id: str, raw: Any, thread: str) -> Doc:
        """The stored draft for a client's `raw` (checked here: Zoom refuses others)."""
        parsed = _parse(raw)
        text = _text(parsed)
        millis = str(int(self.emu.clock.timestamp() * 1000))
        headers = [{"name": n, "value": str(parsed[n])} for n in _HEADERS if parsed[n] is not None]
        message = {
            "id": draft_id, "threadId": thread, "labelIds": ["DRAFT"],
            "snippet": " ".join(text.split())[:200], "historyId": millis, "internalDate": millis,
            "sizeEstimate": len(str(raw)) * 3 // 4,
            "payload": {
                "partId": "", "mimeType": "text/plain", "filename": "", "headers": headers,
                "body": {"size": len(text.encode()), "data": base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")},
                "parts": [],
            },
        }  # fmt: skip
        body = {"id": draft_id, "raw": str(raw), "message": message}
        return Doc(
            KIND, draft_id, owner.account_id, body, parent=owner.id, sort=f"{int(millis):015d}"
        )

    async def get(self, owner: Doc, draft_id: str) -> Doc:
        doc = await self.emu.store.get(KIND, draft_id)
        if doc is None or doc.parent != owner.id or doc.account_id != owner.account_id:
            raise DraftNotFound()
        return doc

    async def create_draft_email(self, owner: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        _check("POST", DRAFTS, payload)
        draft_id = self.emu.ids.file_id()[:16].lower()
        doc = self._draft(owner, draft_id, (payload.get("message") or {}).get("raw", ""), draft_id)
        await self.emu.store.insert(doc)
        return doc.body

    async def update_draft_email(
        self, owner: Doc, draft_id: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        _check("PUT", DRAFT, payload)
        old = await self.get(owner, draft_id)
        raw = (payload.get("message") or {}).get("raw")
        doc = self._draft(owner, draft_id, raw, old.body["message"]["threadId"])
        await self.emu.store.upsert(doc)
        return doc.body

    async def send_draft_email(self, owner: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        _check("POST", DRAFTS + "/send", payload)
        doc = await self.get(owner, str(payload["id"]))
        raw = (payload.get("message") or {}).get("raw") or doc.body["raw"]
        sent = await self.mail.send_email(owner, {"raw": raw})
        await self.emu.store.delete(KIND, doc.id)
        return sent

    async def delete_draft_email(self, owner: Doc, draft_id: str) -> None:
        await self.emu.store.delete(KIND, (await self.get(owner, draft_id)).id)

    async def list_draft_emails(self, owner: Doc, params: dict[str, str]) -> dict[str, Any]:
        paging = {
            "page_size": params.get("maxResults", ""),
            "next_page_token": params.get("pageToken", ""),
        }
        page = page_request(paging, default=100, maximum=500)
        query = Query(
            KIND,
            owner.account_id,
            parent=owner.id,
            after=page.cursor,
            limit=page.page_size,
            descending=True,
        )
        found = await self.emu.store.list_page(query)
        drafts = [loads(raw) for raw in found.items]
        return {
            "drafts": [
                {"id": d["id"], "message": {"id": d["id"], "threadId": d["message"]["threadId"]}}
                for d in drafts
            ],
            "nextPageToken": encode_token(found.cursor),
            "resultSizeEstimate": await self.emu.store.count(query),
        }


def as_format(body: dict[str, Any], fmt: str) -> dict[str, Any]:
    message = dict(body["message"])
    if fmt == "raw":
        message["raw"] = body["raw"]
        message.pop("payload", None)
    elif fmt == "minimal":
        message.pop("payload", None)
    return {"id": body["id"], "message": message}


# -- routes ------------------------------------------------------------------------------


async def _mailbox(request: Request) -> tuple[Principal, MailDraftsBackend, Doc]:
    who = await authenticate(request)
    drafts = MailDraftsBackend(emulator(request))
    return who, drafts, await drafts.mail.mailbox(who, path_param(request, "email"))


async def list_draft_emails(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    return json_response(
        shaped("GET", DRAFTS, await drafts.list_draft_emails(owner, dict(request.query_params)))
    )


async def create_draft_email(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    return json_response(
        shaped("POST", DRAFTS, await drafts.create_draft_email(owner, await read_json(request)))
    )


async def get_draft_email(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    doc = await drafts.get(owner, path_param(request, "draft_id"))
    body = as_format(doc.body, request.query_params.get("format") or "full")
    return json_response(shaped("GET", DRAFT, body))


async def update_draft_email(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    body = await drafts.update_draft_email(
        owner, path_param(request, "draft_id"), await read_json(request)
    )
    return json_response(shaped("PUT", DRAFT, body))


async def delete_draft_email(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    await drafts.delete_draft_email(owner, path_param(request, "draft_id"))
    return no_content()


async def send_draft_email(request: Request) -> Response:
    _, drafts, owner = await _mailbox(request)
    sent = await drafts.send_draft_email(owner, await read_json(request))
    return json_response(shaped("POST", DRAFTS + "/send", sent))


_DRAFTS = "/v2/emails/mailboxes/{email}/drafts"
routes = [
    Route(_DRAFTS, list_draft_emails, methods=["GET"]),
    Route(_DRAFTS, create_draft_email, methods=["POST"]),
    Route(_DRAFTS + "/send", send_draft_email, methods=["POST"]),
    Route(_DRAFTS + "/{draft_id}", get_draft_email, methods=["GET"]),
    Route(_DRAFTS + "/{draft_id}", update_draft_email, methods=["PUT"]),
    Route(_DRAFTS + "/{draft_id}", delete_draft_email, methods=["DELETE"]),
]
