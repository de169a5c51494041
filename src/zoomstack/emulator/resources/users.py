"""Users: /v2/users, /v2/users/{userId}, status and settings.

Backend methods are named after the spec's operationIds (userCreate -> user_create).
"""

from __future__ import annotations

import functools
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, Conflict, UserNotFound, ValidationFailed
from ..http import json_response, no_content, path_param, read_json
from ..pagination import list_body, page_request
from ..spec import find_operation, skeleton
from ..state import Emulator
from ..store import Doc, Parent, Query, loads
from ..validation import merge_patch, request_errors, unique_fields

KIND = "user"
# Where an account names its owner: `me` for a Server-to-Server token.
ACCOUNT_KIND = "account"
OWNER_FIELD = "owner_id"
STATUSES = ("active", "inactive", "pending")
BRIEF_FIELDS = (
    "id", "first_name", "last_name", "display_name", "email", "type", "pmi", "timezone",
    "verified", "dept", "created_at", "user_created_at", "last_login_time",
    "last_client_version", "pic_url", "language", "phone_number", "status", "role_id",
    "employee_unique_id", "group_ids", "im_group_ids", "custom_attributes", "host_key",
    "plan_united_type", "division_ids", "login_types",
)  # fmt: skip
# Zoom documents these in the list only; GET /users/{userId} leaves them out.
LIST_ONLY_FIELDS = ("host_key",)


def default_settings() -> dict[str, Any]:
    """A user's settings as GET /users/{userId}/settings answers them: every field
    Zoom documents, with Zoom's defaults (a fresh copy each call)."""
    settings: dict[str, Any] = orjson.loads(_default_settings_json())
    return settings


@functools.cache
def _default_settings_json() -> bytes:
    op = find_operation("GET", "/users/{userId}/settings")
    schema = op.response_schema(200) if op else None
    documented = skeleton(schema) if schema else {}
    return orjson.dumps(merge_patch(documented, _zoom_defaults()))


def settings_of(body: dict[str, Any]) -> dict[str, Any]:
    """Stored users keep only the settings changed from the defaults."""
    return merge_patch(default_settings(), body.get("user_settings") or {})


def _zoom_defaults() -> dict[str, Any]:
    """Where Zoom's defaults for a new user differ from the spec's empty values."""
    return {
        "schedule_meeting": {
            "host_video": True,
            "participants_video": True,
            "audio_type": "voip",
            "join_before_host": False,
            "force_pmi_jbh_password": False,
            "pstn_password_protected": False,
            "use_pmi_for_scheduled_meetings": False,
            "use_pmi_for_instant_meetings": False,
            "require_password_for_scheduling_new_meetings": True,
            "default_password_for_scheduled_meetings": "",
            "personal_meeting": True,
        },
        "in_meeting": {
            "e2e_encryption": False,
            "chat": True,
            "private_chat": True,
            "auto_saving_chat": False,
            "entry_exit_chime": "none",
            "record_play_voice": False,
            "file_transfer": True,
            "feedback": False,
            "co_host": True,
            "polling": True,
            "attendee_on_hold": False,
            "annotation": True,
            "remote_control": True,
            "non_verbal_feedback": True,
            "breakout_room": True,
            "remote_support": False,
            "closed_caption": True,
            "group_hd": False,
            "virtual_background": True,
            "far_end_camera_control": False,
            "share_dual_camera": False,
            "waiting_room": True,
            "allow_live_streaming": False,
            "workplace_by_facebook": False,
            "show_meeting_control_toolbar": False,
            "meeting_summary_with_ai_companion": {
                "enable": True, "auto_enable": False, "who_will_receive_summary": 1,
            },
        },
        "email_notification": {
            "jbh_reminder": True,
            "cancel_meeting_reminder": True,
            "alternative_host_reminder": True,
            "schedule_for_reminder": True,
            "cloud_recording_available_reminder": True,
        },
        "recording": {
            "local_recording": True,
            "cloud_recording": True,
            "record_speaker_view": True,
            "record_gallery_view": False,
            "record_audio_file": True,
            "save_chat_text": True,
            "show_timestamp": True,
            "recording_audio_transcript": True,
            "auto_recording": "cloud",
            "auto_delete_cmr": False,
            "auto_delete_cmr_days": 30,
        },
        "telephony": {"third_party_audio": False, "audio_conference_info": "", "show_international_numbers_link": True},
        "feature": {"meeting_capacity": 300, "large_meeting": False, "webinar": False, "cn_meeting": False, "in_meeting": False},
        "tsp": {"call_out": False, "show_international_numbers_link": False},
    }  # fmt: skip


def new_user(
    emu: Emulator, account_id: str, info: dict[str, Any], *, user_id: str | None = None
) -> dict[str, Any]:
    """A user in the shape GET /users/{userId} answers with."""
    uid = user_id or emu.ids.user_id()
    now = iso(emu.clock.now())
    first, last = str(info.get("first_name") or ""), str(info.get("last_name") or "")
    pmi = info.get("pmi")  # fixtures may give one; Zoom's userCreate does not take it
    if not str(pmi or "").isdigit() or int(str(pmi)) <= 0:
        pmi = emu.ids.digits(10).lstrip("0") or "1"
    role = info.get("role_id")  # clients send nulls for what they leave out
    role_id = "2" if role is None else str(role)
    return {
        "id": uid,
        "first_name": first,
        "last_name": last,
        "display_name": str(info.get("display_name") or f"{first} {last}".strip()),
        "email": str(info["email"]),
        "type": int(info.get("type") or 2),
        "role_name": "Member" if role_id == "2" else "Owner",
        "pmi": int(str(pmi)),
        "use_pmi": False,
        "personal_meeting_url": f"https://zoom.us/j/{pmi}?pwd={emu.ids.token(32)}",
        "timezone": str(info.get("timezone") or "America/Los_Angeles"),
        "verified": 1,
        "dept": str(info.get("dept") or ""),
        "created_at": now,
        "user_created_at": now,
        "last_login_time": now,
        "last_client_version": "6.2.0.46690(mac)",
        "pic_url": "",
        "cms_user_id": "",
        "jid": f"{uid.lower()}@xmpp.zoom.us",
        "group_ids": [],
        "im_group_ids": [],
        "account_id": account_id,
        "language": "en-US",
        "phone_country": "",
        "phone_number": "",
        "status": str(info.get("status") or "active"),
        "job_title": str(info.get("job_title") or ""),
        "company": str(info.get("company") or ""),
        "location": str(info.get("location") or ""),
        "login_types": [100],
        "role_id": role_id,
        "account_number": 10000001,
        "cluster": "us05",
        "employee_unique_id": "",
        "custom_attributes": [],
        "host_key": emu.ids.digits(6),
        "plan_united_type": "1",
        "vanity_url": "",
        "zoom_one_type": 0,
        "cost_center": str(info.get("cost_center") or ""),
        "division_ids": [],
        "phone_numbers": [],
        "pronouns": "",
        "pronouns_option": 3,  # do not display
        "user_settings": {},
    }


def user_doc(account_id: str, body: dict[str, Any]) -> Doc:
    public = {k: v for k, v in body.items() if k != "user_settings"}
    brief = {k: public[k] for k in BRIEF_FIELDS if k in public}
    return Doc(
        kind=KIND,
        id=str(body["id"]),
        account_id=account_id,
        body=body,
        tag=str(body["status"]),
        sort=f"{body['created_at']}|{body['id']}",
        brief=brief,
        aliases=(str(body["email"]).lower(),),
    )


def public_user(body: dict[str, Any]) -> dict[str, Any]:
    """A user as GET /users/{userId} answers."""
    hidden = ("user_settings", *LIST_ONLY_FIELDS)
    return {k: v for k, v in body.items() if k not in hidden}


ACCOUNT_OWNER = Parent(KIND, via=ACCOUNT_KIND, field=OWNER_FIELD)


def me_parent(who: Principal) -> Parent:
    """`me` for `Store.list_under`: the token's user, or the store finds the account's owner."""
    return Parent(KIND, who.user_id) if who.user_id else ACCOUNT_OWNER


class UsersBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu

    async def resolve(self, who: Principal, key: str) -> Doc:
        """`me`, an id or an email, within the caller's account."""
        user_id = await self._user_id(who, key)
        doc = await self.emu.store.get(KIND, user_id) if user_id else None
        if doc is None or doc.account_id != who.account_id:
            raise UserNotFound(key)
        return doc

    async def resolve_id(self, who: Principal, key: str) -> str:
        """Like `resolve`, for callers that need only the id (lists): parses no document."""
        user_id = await self._user_id(who, key)
        if not user_id or await self.emu.store.get_raw(KIND, user_id, who.account_id) is None:
            raise UserNotFound(key)
        return user_id

    async def list_parent(self, who: Principal, key: str) -> Parent:
        """Like `resolve_id`, for `Store.list_under`, which checks that the user exists."""
        return me_parent(who) if key == "me" else Parent(KIND, await self._user_id(who, key))

    async def _user_id(self, who: Principal, key: str) -> str:
        if key == "me":
            return who.user_id or await self.owner_id(who.account_id)
        return await self.emu.store.resolve(KIND, key.lower() if "@" in key else key) or ""

    async def owner_id(self, account_id: str) -> str:
        raw = await self.emu.store.get_raw(ACCOUNT_KIND, account_id, account_id)
        return str(loads(raw).get(OWNER_FIELD, "")) if raw else ""

    async def user_create(self, account_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        info = payload.get("user_info")
        action = payload.get("action")
        errors = []
        if action not in ("create", "autoCreate", "custCreate", "ssoCreate"):
            errors.append({"field": "action", "message": "Invalid field."})
        if (
            not isinstance(info, dict)
            or not isinstance(info.get("email"), str)
            or "@" not in info["email"]
        ):
            errors.append({"field": "user_info.email", "message": "Invalid field."})
        elif info.get("type") not in (None, 1, 2, 4, 99):
            errors.append({"field": "user_info.type", "message": "Invalid field."})
        errors += request_errors("POST", "/users", payload)
        if errors:
            raise ValidationFailed(unique_fields(errors))
        assert isinstance(info, dict)
        email = str(info["email"])
        if await self.emu.store.resolve(KIND, email.lower()):
            raise Conflict(f'Email "{email}" has already been used.', code=1005)
        status = "active" if action in ("custCreate", "ssoCreate", "autoCreate") else "pending"
        body = new_user(self.emu, account_id, {**info, "status": status})
        await self.emu.store.insert(user_doc(account_id, body))
        await self.emu.emit("user.created", account_id, public_user(body), creation_type=action)
        return {k: body[k] for k in ("id", "first_name", "last_name", "email", "type")}

    async def user_update(self, doc: Doc, patch: dict[str, Any]) -> None:
        allowed = {
            "first_name", "last_name", "display_name", "type", "pmi", "use_pmi", "timezone",
            "language", "dept", "vanity_name", "host_key", "job_title", "company", "location",
            "phone_number", "phone_country", "custom_attributes", "group_id", "manager",
            "pronouns", "pronouns_option", "about_me", "linkedin_url", "cost_center",
        }  # fmt: skip
        errors = request_errors("PATCH", "/users/{userId}", patch)
        if patch.get("type") is not None and patch["type"] not in (1, 2, 4, 99):
            errors.append({"field": "type", "message": "Invalid field."})
        if errors:
            raise ValidationFailed(unique_fields(errors))
        changes = {k: v for k, v in patch.items() if k in allowed and v is not None}

        def apply(old: Doc) -> Doc:
            body = {**old.body, **changes}
            renamed = "first_name" in changes or "last_name" in changes
            if renamed and "display_name" not in changes:
                body["display_name"] = f"{body['first_name']} {body['last_name']}".strip()
            return user_doc(old.account_id, body)

        await self.emu.store.update(KIND, doc.id, apply)
        await self.emu.emit("user.updated", doc.account_id, {"id": doc.id, **changes})

    async def user_status(self, doc: Doc, action: object) -> None:
        if action not in ("activate", "deactivate"):
            raise ValidationFailed([{"field": "action", "message": "Invalid field."}])
        status = "active" if action == "activate" else "inactive"
        await self.emu.store.update(
            KIND, doc.id, lambda old: user_doc(old.account_id, {**old.body, "status": status})
        )

    async def user_delete(self, doc: Doc) -> None:
        await self.emu.store.delete(KIND, doc.id)
        await self.emu.store.delete_under("meeting", doc.account_id, doc.id)
        await self.emu.emit(
            "user.deleted",
            doc.account_id,
            {k: doc.body[k] for k in ("id", "first_name", "last_name", "email", "type")},
        )

    async def user_settings_update(self, doc: Doc, patch: dict[str, Any]) -> None:
        errors = request_errors("PATCH", "/users/{userId}/settings", patch)
        if errors:
            raise ValidationFailed(errors)

        def apply(old: Doc) -> Doc:
            settings = merge_patch(old.body.get("user_settings") or {}, patch)
            return user_doc(old.account_id, {**old.body, "user_settings": settings})

        await self.emu.store.update(KIND, doc.id, apply)


def backend(request: Request) -> UsersBackend:
    return UsersBackend(emulator(request))


# -- routes ------------------------------------------------------------------------


async def users(request: Request) -> Response:
    who = await authenticate(request)
    params = request.query_params
    status = params.get("status") or "active"
    if status not in STATUSES:
        raise BadRequest(f"Invalid parameter: status {status!r}; use one of {', '.join(STATUSES)}.")
    page = page_request(params)
    query = Query(
        KIND,
        who.account_id,
        tag=status,
        after=page.cursor,
        limit=page.page_size,
        offset=page.offset,
    )
    store = emulator(request).store
    result = await store.list_page(query)
    total = await store.count(query)
    return json_response(list_body("users", result, page, total=total, legacy=True))


async def user_create(request: Request) -> Response:
    who = await authenticate(request)
    created = await backend(request).user_create(who.account_id, await read_json(request))
    return json_response(created, 201)


async def user(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).resolve(who, path_param(request, "user_id"))
    return json_response(public_user(doc.body))


async def user_update(request: Request) -> Response:
    who = await authenticate(request)
    users_backend = backend(request)
    doc = await users_backend.resolve(who, path_param(request, "user_id"))
    await users_backend.user_update(doc, await read_json(request))
    return no_content()


async def user_delete(request: Request) -> Response:
    who = await authenticate(request)
    users_backend = backend(request)
    doc = await users_backend.resolve(who, path_param(request, "user_id"))
    action = request.query_params.get("action") or "disassociate"
    if action not in ("disassociate", "delete"):
        raise BadRequest(f"Invalid parameter: action {action!r}; use disassociate or delete.")
    await users_backend.user_delete(doc)
    return no_content()


async def user_status(request: Request) -> Response:
    who = await authenticate(request)
    users_backend = backend(request)
    doc = await users_backend.resolve(who, path_param(request, "user_id"))
    await users_backend.user_status(doc, (await read_json(request)).get("action"))
    return no_content()


async def user_settings(request: Request) -> Response:
    who = await authenticate(request)
    doc = await backend(request).resolve(who, path_param(request, "user_id"))
    return json_response(settings_of(doc.body))


async def user_settings_update(request: Request) -> Response:
    who = await authenticate(request)
    users_backend = backend(request)
    doc = await users_backend.resolve(who, path_param(request, "user_id"))
    await users_backend.user_settings_update(doc, await read_json(request))
    return no_content()


routes = [
    Route("/v2/users", users, methods=["GET"]),
    Route("/v2/users", user_create, methods=["POST"]),
    Route("/v2/users/{user_id}", user, methods=["GET"]),
    Route("/v2/users/{user_id}", user_update, methods=["PATCH"]),
    Route("/v2/users/{user_id}", user_delete, methods=["DELETE"]),
    Route("/v2/users/{user_id}/status", user_status, methods=["PUT"]),
    Route("/v2/users/{user_id}/settings", user_settings, methods=["GET"]),
    Route("/v2/users/{user_id}/settings", user_settings_update, methods=["PATCH"]),
]
