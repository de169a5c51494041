"""Groups and their members: /v2/groups and /v2/groups/{groupId}/members.

Hand-written for membership: members are users of the account (added by id or email;
others are left out, as Zoom leaves them), a group's `total_members` is its member
count, a user's `group_ids` lists the groups they are in, moving a member takes them
from one group to another, and deleting a group releases its members. Group names are
unique in an account (Zoom's 409, code 4132). Backend methods are named after the
spec's operationIds.

Stored kinds:
  group         id = group id, alias = account|lower-cased name, body = {id, name, created_at}
  group_member  id = group|user id, parent = group id, sort = when added,
                body = {id: user id, added_at, primary}
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..auth import Principal, authenticate, emulator
from ..clock import iso
from ..errors import BadRequest, Conflict, NotFound, UserNotFound, ValidationFailed
from ..generic.conform import shaped
from ..generic.problems import check_body
from ..http import json_response, no_content, path_param, read_json
from ..pagination import encode_token, page_request
from ..spec import find_operation
from ..state import Emulator
from ..store import ConflictError, Doc, Query, loads
from .users import KIND as USER
from .users import UsersBackend, user_doc

KIND, MEMBER = "group", "group_member"
MOST_PER_CALL = 30  # Zoom adds at most 30 members a call


class GroupNotFound(NotFound):
    code = 4130

    def __init__(self, group_id: str) -> None:
        super().__init__(f"A group with this {group_id} does not exist.")


class MemberNotFound(NotFound):
    code = 4131

    def __init__(self) -> None:
        super().__init__("Group member does not exist.")


class NameTaken(Conflict):
    code = 4132

    def __init__(self, name: str) -> None:
        super().__init__(f'The group name "{name}" is already in use.')


def group_doc(account_id: str, body: dict[str, Any]) -> Doc:
    alias = f"{account_id}|{str(body['name']).lower()}"
    return Doc(KIND, body["id"], account_id, body, sort=body["created_at"], aliases=(alias,))


def _check(method: str, path: str, payload: dict[str, Any]) -> None:
    op = find_operation(method, path)
    if op is not None:
        check_body(op, payload)


def _name(payload: dict[str, Any]) -> str:
    name = str(payload.get("name") or "").strip()
    if not name or len(name) > 128:
        raise ValidationFailed([{"field": "name", "message": "Invalid field."}])
    return name


class GroupsBackend:
    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.users = UsersBackend(emu)

    async def get(self, who: Principal, group_id: str) -> Doc:
        doc = await self.emu.store.get(KIND, group_id)
        if doc is None or doc.account_id != who.account_id:
            raise GroupNotFound(group_id)
        return doc

    async def answer(self, doc: Doc) -> dict[str, Any]:
        return {**doc.body, "total_members": await self._count(doc)}

    async def _count(self, doc: Doc) -> int:
        return await self.emu.store.count(Query(MEMBER, doc.account_id, parent=doc.id))

    # -- groups ------------------------------------------------------------------------

    async def group_create(self, who: Principal, payload: dict[str, Any]) -> dict[str, Any]:
        _check("POST", "/groups", payload)
        name = _name(payload)
        body = {"id": self.emu.ids.user_id(), "name": name, "created_at": iso(self.emu.clock.now())}
        try:
            await self.emu.store.insert(group_doc(who.account_id, body))
        except ConflictError:
            raise NameTaken(name) from None
        return {**body, "total_members": 0}

    async def group_update(self, who: Principal, doc: Doc, payload: dict[str, Any]) -> None:
        _check("PATCH", "/groups/{groupId}", payload)
        if "name" not in payload:
            return
        name = _name(payload)
        holder = await self.emu.store.resolve(KIND, f"{who.account_id}|{name.lower()}")
        if holder not in (None, doc.id):
            raise NameTaken(name)
        try:
            await self.emu.store.update(
                KIND, doc.id, lambda old: group_doc(old.account_id, {**old.body, "name": name})
            )
        except ConflictError:  # renamed to the same name at the same time by another call
            raise NameTaken(name) from None

    async def group_delete(self, who: Principal, doc: Doc) -> None:
        for member in await self._members(doc):
            await self._set_membership(str(member["id"]), doc.id, False)
        await self.emu.store.delete_under(MEMBER, who.account_id, doc.id)
        await self.emu.store.delete(KIND, doc.id)

    async def groups(self, who: Principal, params: dict[str, str]) -> dict[str, Any]:
        page = page_request(params)
        query = Query(KIND, who.account_id, after=page.cursor, limit=page.page_size)
        found = await self.emu.store.list_page(query)
        listed = []
        for raw in found.items:
            body = loads(raw)
            count = await self.emu.store.count(Query(MEMBER, who.account_id, parent=body["id"]))
            listed.append({**body, "total_members": count})
        total = await self.emu.store.count(query)
        return {
            "groups": listed,
            "total_records": total,
            "next_page_token": encode_token(found.cursor),
        }

    # -- members -----------------------------------------------------------------------

    async def group_members_create(
        self, who: Principal, doc: Doc, payload: dict[str, Any]
    ) -> dict[str, Any]:
        _check("POST", "/groups/{groupId}/members", payload)
        given = [m for m in payload.get("members") or [] if isinstance(m, dict)]
        if not given or len(given) > MOST_PER_CALL:
            raise ValidationFailed([{"field": "members", "message": "Invalid field."}])
        added = []
        for member in given:
            user = await self._user(who, member)
            if user is not None:
                await self._add(doc, user.id)
                added.append(user.id)
        return {"ids": ",".join(added), "added_at": iso(self.emu.clock.now())}

    async def _user(self, who: Principal, member: dict[str, Any]) -> Doc | None:
        key = str(member.get("id") or member.get("email") or "")
        try:
            return await self.users.resolve(who, key) if key and key != "me" else None
        except UserNotFound:
            return None

    async def _add(self, group: Doc, user_id: str, primary: bool = False) -> None:
        body = {"id": user_id, "added_at": iso(self.emu.clock.now()), "primary": primary}
        sort = f"{self.emu.clock.timestamp():020.6f}"
        doc = Doc(
            MEMBER, f"{group.id}|{user_id}", group.account_id, body, parent=group.id, sort=sort
        )
        if await self.emu.store.get(MEMBER, doc.id) is None:
            await self.emu.store.insert(doc)
            await self._set_membership(user_id, group.id, True)

    async def _set_membership(self, user_id: str, group_id: str, member: bool) -> None:
        """Keep the user's `group_ids` in step (GET /users/{userId} shows them)."""

        def change(old: Doc) -> Doc:
            ids = [g for g in old.body.get("group_ids") or [] if g != group_id]
            return user_doc(
                old.account_id, {**old.body, "group_ids": [*ids, group_id] if member else ids}
            )

        await self.emu.store.update(USER, user_id, change)

    async def member(self, group: Doc, member_id: str) -> Doc:
        doc = await self.emu.store.get(MEMBER, f"{group.id}|{member_id}")
        if doc is None:
            raise MemberNotFound()
        return doc

    async def group_members_delete(self, group: Doc, member_id: str) -> None:
        doc = await self.member(group, member_id)
        await self.emu.store.delete(MEMBER, doc.id)
        await self._set_membership(member_id, group.id, False)

    async def update_a_group_member(
        self, who: Principal, group: Doc, member_id: str, payload: dict[str, Any]
    ) -> None:
        _check("PATCH", "/groups/{groupId}/members/{memberId}", payload)
        current = await self.member(group, member_id)
        if payload.get("action") == "set_primary":
            await self.emu.store.update(
                MEMBER, current.id, lambda old: old.with_body({**old.body, "primary": True})
            )
            return
        target_id = str(payload.get("target_group_id") or "")
        if not target_id:
            raise BadRequest("The target_group_id can not be empty.")
        target = await self.get(who, target_id)
        await self.group_members_delete(group, member_id)
        await self._add(target, member_id, bool(current.body.get("primary")))

    async def _members(self, group: Doc) -> list[dict[str, Any]]:
        query = Query(MEMBER, group.account_id, parent=group.id, limit=100_000)
        return [loads(raw) for raw in (await self.emu.store.list_page(query)).items]

    async def group_members(self, group: Doc, params: dict[str, str]) -> dict[str, Any]:
        page = page_request(params)
        query = Query(
            MEMBER,
            group.account_id,
            parent=group.id,
            after=page.cursor,
            limit=page.page_size,
            offset=page.offset,
        )
        found = await self.emu.store.list_page(query)
        members = []
        for raw in found.items:
            user = await self.emu.store.get(USER, str(loads(raw)["id"]))
            if user is not None:
                members.append(
                    {
                        k: user.body.get(k)
                        for k in ("id", "email", "first_name", "last_name", "type")
                    }
                )
        total = await self.emu.store.count(query)
        return {
            "members": members, "page_size": page.page_size, "page_number": page.page_number or 1,
            "page_count": -(-total // page.page_size), "total_records": total,
            "next_page_token": encode_token(found.cursor),
        }  # fmt: skip


async def anchor(emu: Emulator, who: Principal, key: str) -> tuple[str, dict[str, Any]]:
    """For the spec-driven routes under a group (admins, settings, lock settings ...)."""
    doc = await GroupsBackend(emu).get(who, key)
    return doc.id, {"id": doc.id, "name": doc.body.get("name")}


# -- routes ------------------------------------------------------------------------------


async def _group(request: Request) -> tuple[Principal, GroupsBackend, Doc]:
    who = await authenticate(request)
    backend = GroupsBackend(emulator(request))
    return who, backend, await backend.get(who, path_param(request, "group_id"))


async def groups(request: Request) -> Response:
    who = await authenticate(request)
    listing = await GroupsBackend(emulator(request)).groups(who, dict(request.query_params))
    return json_response(shaped("GET", "/groups", listing))


async def group_create(request: Request) -> Response:
    who = await authenticate(request)
    body = await GroupsBackend(emulator(request)).group_create(who, await read_json(request))
    return json_response(shaped("POST", "/groups", body), 201)


async def group(request: Request) -> Response:
    _, backend, doc = await _group(request)
    return json_response(shaped("GET", "/groups/{groupId}", await backend.answer(doc)))


async def group_update(request: Request) -> Response:
    who, backend, doc = await _group(request)
    await backend.group_update(who, doc, await read_json(request))
    return no_content()


async def group_delete(request: Request) -> Response:
    who, backend, doc = await _group(request)
    await backend.group_delete(who, doc)
    return no_content()


async def group_members(request: Request) -> Response:
    _, backend, doc = await _group(request)
    listing = await backend.group_members(doc, dict(request.query_params))
    return json_response(shaped("GET", "/groups/{groupId}/members", listing))


async def group_members_create(request: Request) -> Response:
    who, backend, doc = await _group(request)
    answer = await backend.group_members_create(who, doc, await read_json(request))
    return json_response(shaped("POST", "/groups/{groupId}/members", answer), 201)


async def group_members_delete(request: Request) -> Response:
    _, backend, doc = await _group(request)
    await backend.group_members_delete(doc, path_param(request, "member_id"))
    return no_content()


async def update_a_group_member(request: Request) -> Response:
    who, backend, doc = await _group(request)
    payload = await read_json(request)
    await backend.update_a_group_member(who, doc, path_param(request, "member_id"), payload)
    return no_content()


_GROUP = "/v2/groups/{group_id}"
routes = [
    Route("/v2/groups", groups, methods=["GET"]),
    Route("/v2/groups", group_create, methods=["POST"]),
    Route(_GROUP, group, methods=["GET"]),
    Route(_GROUP, group_update, methods=["PATCH"]),
    Route(_GROUP, group_delete, methods=["DELETE"]),
    Route(_GROUP + "/members", group_members, methods=["GET"]),
    Route(_GROUP + "/members", group_members_create, methods=["POST"]),
    Route(_GROUP + "/members/{member_id}", group_members_delete, methods=["DELETE"]),
    Route(_GROUP + "/members/{member_id}", update_a_group_member, methods=["PATCH"]),
]
