"""Mail: /v2/emails/mailboxes/{email}/messages (list, send, get, delete).

Sending delivers: the sender's mailbox keeps the message under SENT, and every
recipient (To, Cc, Bcc) who is a user of the account finds a copy in their INBOX,
UNREAD; recipients outside the account get nothing here. `{email}` is `me` or a
user's email. Lists are newest first; `labelIds` picks one label (INBOX, SENT,
UNREAD ...); `q` is not applied.

Stored kind:
  mail_message  id = message id (one per mailbox copy), parent = mailbox owner's user
                id, tag = the copy's first label (INBOX or SENT), sort = internalDate
                body = {"message": Zoom's message object, "raw": the RFC 822 source}
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..documented import shaped
from ..errors import BadRequest, NotFound, ValidationFailed
from ..http import json_response, no_content, path_param, read_json
from ..pagination import decode_token, encode_token
from ..state import Emulator
from ..store import Doc, Query
from ..validation import request_errors
from .users import KIND as USER
from .users import UsersBackend

KIND = "mail_message"
MESSAGE_PATH = "/emails/mailboxes/{email}/messages/{messageId}"
FORMATS = ("full", "minimal", "metadata", "raw")
_DEFAULT_RESULTS, _MOST_RESULTS = 100, 500
_HEADERS = ("From", "To", "Cc", "Subject", "Date", "Message-ID")


class MessageNotFound(NotFound):
    def __init__(self, message_id: str) -> None:
        super().__init__(f"Message does not exist: {message_id}.")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def parse_raw(raw: str) -> EmailMessage:
    """A message from Zoom's (Gmail-style) `raw`: base64url RFC 822, padding optional."""
    try:
        source = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
    except (binascii.Error, ValueError):
        raise ValidationFailed(
            [{"field": "raw", "message": "Must be base64url RFC 822."}]
        ) from None
    parsed = message_from_bytes(source, policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    if not recipients(parsed):
        raise ValidationFailed([{"field": "raw", "message": "The message has no recipient."}])
    return parsed


def compose(
    sender: str, to: list[str], subject: str, text: str, cc: list[str] | None = None
) -> str:
    """The `raw` of a plain-text message."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, ", ".join(to), subject
    if cc:
        message["Cc"] = ", ".join(cc)
    message.set_content(text)
    return b64url(message.as_bytes())


def recipients(message: EmailMessage) -> list[str]:
    fields = [str(v) for name in ("To", "Cc", "Bcc") for v in message.get_all(name) or []]
    return list(dict.fromkeys(addr.lower() for _, addr in getaddresses(fields) if "@" in addr))


def _text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    return str(part.get_content()) if part is not None else ""


class MailBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    async def mailbox(self, who: Principal, email: str) -> Doc:
        return await self.users.resolve(who, email)

    def _message(self, message: EmailMessage, raw: str, labels: list[str], thread: str) -> dict[str, Any]:  # fmt: skip
        text = _text(message)
        headers = [
            {"name": n, "value": str(message[n])} for n in _HEADERS if message[n] is not None
        ]
        millis = str(int(self.emu.clock.timestamp() * 1000))
        body = {
            "id": self.emu.ids.file_id()[:16].lower(), "threadId": thread, "labelIds": labels,
            "snippet": " ".join(text.split())[:200], "historyId": millis, "internalDate": millis,
            "sizeEstimate": len(raw) * 3 // 4,
            "payload": {
                "partId": "", "mimeType": "text/plain", "filename": "", "headers": headers,
                "body": {"attachmentId": "", "size": len(text.encode()), "data": b64url(text.encode())},
                "parts": [],
            },
        }  # fmt: skip
        return shaped("GET", MESSAGE_PATH, body)

    def _copy(self, owner: Doc, message: dict[str, Any], raw: str) -> Doc:
        return Doc(
            kind=KIND, id=message["id"], account_id=owner.account_id, parent=owner.id,
            tag=message["labelIds"][0], sort=f"{int(message['internalDate']):015d}",
            body={"message": message, "raw": raw},
        )  # fmt: skip

    async def send_email(self, sender: Doc, payload: dict[str, Any]) -> dict[str, Any]:
        errors = request_errors("POST", "/emails/mailboxes/{email}/messages/send", payload)
        if not isinstance(payload.get("raw"), str) or not payload["raw"]:
            errors.append({"field": "raw", "message": "Required."})
        if errors:
            raise ValidationFailed(errors)
        message = parse_raw(payload["raw"])
        if message["From"] is None:
            message["From"] = str(sender.body.get("email") or "")
        raw = b64url(message.as_bytes())
        thread = self.emu.ids.file_id()[:16].lower()
        sent = self._message(message, raw, ["SENT"], thread)
        copies = [self._copy(sender, sent, raw)]
        for address in recipients(message):
            user_id = await self.emu.store.resolve(USER, address)
            user = await self.emu.store.get(USER, user_id) if user_id else None
            if user is not None and user.account_id == sender.account_id:
                received = self._message(message, raw, ["INBOX", "UNREAD"], thread)
                copies.append(self._copy(user, received, raw))
        await self.emu.store.insert_many(copies)
        return {k: sent[k] for k in ("id", "threadId", "labelIds")}

    async def get_email(self, owner: Doc, message_id: str) -> Doc:
        doc = await self.emu.store.get(KIND, message_id)
        if doc is None or doc.parent != owner.id:
            raise MessageNotFound(message_id)
        return doc

    def as_format(self, doc: Doc, fmt: str) -> dict[str, Any]:
        if fmt not in FORMATS:
            raise BadRequest(f"Invalid parameter: format {fmt!r}.")
        message = {k: v for k, v in doc.body["message"].items() if k != "raw"}
        if fmt == "raw":
            message["raw"] = doc.body["raw"]
        if fmt in ("minimal", "raw"):
            message.pop("payload", None)
        return message

    async def list_emails(self, owner: Doc, params: Mapping[str, str]) -> dict[str, Any]:
        raw_size = params.get("maxResults") or ""
        if raw_size and not raw_size.isdigit():
            raise BadRequest("Invalid parameter: maxResults.")
        size = min(max(int(raw_size), 1), _MOST_RESULTS) if raw_size else _DEFAULT_RESULTS
        label = (params.get("labelIds") or "").split(",")[0] or None
        tag = label if label in ("INBOX", "SENT") else None
        query = Query(
            KIND, owner.account_id, parent=owner.id, tag=tag, descending=True,
            after=decode_token(params.get("pageToken", "")), limit=size,
        )  # fmt: skip
        page = await self.emu.store.list_page(query)
        found = [orjson.loads(item)["message"] for item in page.items]
        if label and tag is None:  # a label other than the one each copy is filed under
            found = [m for m in found if label in m["labelIds"]]
        return {
            "messages": [{"id": m["id"], "threadId": m["threadId"]} for m in found],
            "nextPageToken": encode_token(page.cursor),
            "resultSizeEstimate": await self.emu.store.count(query) if tag or not label else len(found),
        }  # fmt: skip

    async def delete_email(self, owner: Doc, message_id: str) -> None:
        doc = await self.get_email(owner, message_id)
        await self.emu.store.delete(KIND, doc.id)


def backend(request: Request) -> MailBackend:
    return MailBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def _mailbox(request: Request) -> tuple[MailBackend, Doc]:
    who = await authenticate(request)
    mail = backend(request)
    return mail, await mail.mailbox(who, path_param(request, "email"))


async def list_emails(request: Request) -> Response:
    mail, owner = await _mailbox(request)
    return json_response(await mail.list_emails(owner, dict(request.query_params)))


async def send_email(request: Request) -> Response:
    mail, owner = await _mailbox(request)
    return json_response(await mail.send_email(owner, await read_json(request)))


async def get_email(request: Request) -> Response:
    mail, owner = await _mailbox(request)
    doc = await mail.get_email(owner, path_param(request, "message_id"))
    return json_response(mail.as_format(doc, request.query_params.get("format") or "full"))


async def delete_email(request: Request) -> Response:
    mail, owner = await _mailbox(request)
    await mail.delete_email(owner, path_param(request, "message_id"))
    return no_content()


routes = [
    Route("/v2/emails/mailboxes/{email}/messages", list_emails, methods=["GET"]),
    Route("/v2/emails/mailboxes/{email}/messages/send", send_email, methods=["POST"]),
    Route("/v2/emails/mailboxes/{email}/messages/{message_id}", get_email, methods=["GET"]),
    Route("/v2/emails/mailboxes/{email}/messages/{message_id}", delete_email, methods=["DELETE"]),
]
