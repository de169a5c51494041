"""Import and export of a `data/` folder in the older mock's layout.

    data/accounts.json        accounts, each with its OAuth apps
    data/users/<id>.json      one user, as GET /users/{userId} answers (plus its settings)
    data/meetings/<id>.json   one meeting, as GET /meetings/{meetingId} answers, plus the
                              older mock's keys for its latest instance: `summary`,
                              `vtt_data`, `recording_files`, `participants`; and `instances`,
                              every past instance in full, so a round trip loses nothing
    data/other/<kind>.json    any other stored resources, as raw documents

Folders written by the older mock have no `instances`: their `summary`, `vtt_data`,
`recording_files` and `participants` become one past instance. Tokens, codes and the
webhook delivery log are not exported: they describe traffic, not data.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import orjson

from . import accounts
from .clock import iso
from .resources import meetings, past_meetings, recording_shapes, summaries, users
from .resources.downloads import text_bytes
from .state import Emulator
from .store import Doc
from .times import parse_datetime

SKIPPED_KINDS = frozenset({"access_token", "refresh_token", "auth_code", "webhook_delivery"})
INSTANCE_KINDS = frozenset(
    {
        past_meetings.KIND,
        past_meetings.PARTICIPANT,
        recording_shapes.KIND,
        recording_shapes.CONTENT,
        summaries.KIND,
    }
)
JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


class FixtureError(ValueError):
    """A data folder that cannot be imported; the message names the file and the problem."""


def _write(path: Path, value: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(orjson.dumps(value, option=JSON_OPTIONS) + b"\n")


def _read(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise FixtureError(f"{path}: not valid JSON ({exc})") from None


def _raw(doc: Doc) -> dict[str, Any]:
    return {
        "kind": doc.kind, "id": doc.id, "account_id": doc.account_id, "parent": doc.parent,
        "tag": doc.tag, "sort": doc.sort, "body": doc.body, "brief": doc.brief,
        "aliases": list(doc.aliases),
    }  # fmt: skip


def _from_raw(raw: dict[str, Any]) -> Doc:
    return Doc(
        kind=raw["kind"], id=raw["id"], account_id=raw["account_id"], body=raw["body"],
        parent=raw.get("parent", ""), tag=raw.get("tag", ""), sort=raw.get("sort", ""),
        brief=raw.get("brief"), aliases=tuple(raw.get("aliases", ())),
    )  # fmt: skip


# -- export ----------------------------------------------------------------------------


async def export_data(emu: Emulator, folder: Path) -> dict[str, int]:
    """Write the whole store to `folder`; returns how many records of each kind it wrote."""
    files: dict[Path, Any] = {}
    written = await _export_files(emu, files)
    await asyncio.to_thread(_write_all, folder, files)
    return written


def _write_all(folder: Path, files: dict[Path, Any]) -> None:
    for relative, value in files.items():
        _write(folder / relative, value)


async def _export_files(emu: Emulator, files: dict[Path, Any]) -> dict[str, int]:
    by_kind: dict[str, list[Doc]] = defaultdict(list)
    for doc in await emu.store.dump():
        if doc.kind not in SKIPPED_KINDS:
            by_kind[doc.kind].append(doc)
    instances = _instances_by_meeting(by_kind)
    clients = defaultdict(list)
    for doc in by_kind.pop(accounts.CLIENT, []):
        clients[doc.account_id].append(doc.body)
    account_list = [
        {**doc.body, "oauth_clients": clients[doc.id]} for doc in by_kind.pop(accounts.ACCOUNT, [])
    ]
    files[Path("accounts.json")] = account_list
    user_docs = by_kind.pop(users.KIND, [])
    for doc in user_docs:
        files[Path("users", f"{doc.id}.json")] = {**doc.body, "account_id": doc.account_id}
    meeting_docs = by_kind.pop(meetings.KIND, [])
    for doc in meeting_docs:
        body = await _meeting_file(emu, doc, instances.get(doc.id, []))
        files[Path("meetings", f"{doc.id}.json")] = body
    written = {
        "accounts": len(account_list),
        "users": len(user_docs),
        "meetings": len(meeting_docs),
    }
    for kind, docs in sorted(by_kind.items()):
        if kind not in INSTANCE_KINDS:
            files[Path("other", f"{kind}.json")] = [_raw(doc) for doc in docs]
            written[kind] = len(docs)
    return written


def _instances_by_meeting(by_kind: dict[str, list[Doc]]) -> dict[str, list[dict[str, Any]]]:
    """Every past instance with what it left behind, grouped by meeting id, oldest first."""
    under: dict[str, dict[str, Any]] = {}
    for doc in by_kind.get(past_meetings.KIND, []):
        under[doc.id] = {"past_meeting": doc.body, "participants": []}
    for doc in by_kind.get(past_meetings.PARTICIPANT, []):
        under.setdefault(doc.parent, {"participants": []})["participants"].append(doc.body)
    for kind, key in (
        (recording_shapes.KIND, "recording"),
        (recording_shapes.CONTENT, "content"),
        (summaries.KIND, "summary"),
    ):
        for doc in by_kind.get(kind, []):
            entry = under.setdefault(doc.id, {"participants": []})
            entry[key] = doc.body
            if kind == recording_shapes.KIND:
                entry["recording_trashed"] = doc.parent == recording_shapes.TRASH
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for uuid, entry in under.items():
        if "past_meeting" in entry:
            grouped[str(entry["past_meeting"]["id"])].append({"uuid": uuid, **entry})
    for entries in grouped.values():
        entries.sort(key=lambda e: (e["past_meeting"]["start_time"], e["uuid"]))
    return grouped


async def _meeting_file(emu: Emulator, doc: Doc, instances: list[dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {**doc.body, "account_id": doc.account_id}
    body["instances"] = instances
    latest = instances[-1] if instances else None
    body["summary"] = latest.get("summary") if latest else None
    recording = latest.get("recording") if latest else None
    body["recording_files"] = recording["recording_files"] if recording else []
    body["participants"] = latest["participants"] if latest else []
    body["vtt_data"] = ""
    if (
        latest
        and recording
        and any(f["file_type"] == "TRANSCRIPT" for f in body["recording_files"])
    ):
        body["vtt_data"] = (await text_bytes(emu, latest["uuid"], "TRANSCRIPT")).decode()
    return body


# -- import ----------------------------------------------------------------------------


async def import_data(emu: Emulator, folder: Path) -> dict[str, int]:
    """Load `folder` into the store (added to what is there); returns counts by kind.

    Every file is read and checked before anything is written, so a bad folder
    leaves the store as it was.
    """
    docs = await asyncio.to_thread(read_folder, emu, folder)
    await emu.store.insert_many(docs)
    counts: dict[str, int] = defaultdict(int)
    for doc in docs:
        counts[doc.kind] += 1
    return dict(counts)


def read_folder(emu: Emulator, folder: Path) -> list[Doc]:
    """The documents a data folder holds."""
    if not folder.is_dir():
        raise FixtureError(f"{folder}: no such folder")
    docs: list[Doc] = []
    docs += _account_docs(folder / "accounts.json")
    for path in sorted((folder / "users").glob("*.json")):
        docs.append(_user_doc(emu, path))
    for path in sorted((folder / "meetings").glob("*.json")):
        docs += _meeting_docs(emu, path)
    for path in sorted((folder / "other").glob("*.json")):
        docs += [_from_raw(raw) for raw in _read(path)]
    return docs


def _account_docs(path: Path) -> list[Doc]:
    if not path.exists():
        return []
    docs: list[Doc] = []
    for account in _read(path):
        body = {k: v for k, v in account.items() if k != "oauth_clients"}
        docs.append(Doc(accounts.ACCOUNT, str(body["id"]), str(body["id"]), body))
        for client in account.get("oauth_clients", []):
            docs.append(Doc(accounts.CLIENT, str(client["client_id"]), str(body["id"]), client))
    return docs


def _user_doc(emu: Emulator, path: Path) -> Doc:
    raw = _read(path)
    if not isinstance(raw, dict) or "email" not in raw:
        raise FixtureError(f"{path}: a user needs at least an email")
    account_id = str(raw.get("account_id") or emu.account_id)
    # Fill what older fixtures leave out, so every documented field is there.
    body = {**users.new_user(emu, account_id, raw, user_id=str(raw.get("id") or "") or None), **raw}
    return users.user_doc(account_id, body)


def _meeting_docs(emu: Emulator, path: Path) -> list[Doc]:
    raw = _read(path)
    if not isinstance(raw, dict) or "id" not in raw or "host_id" not in raw:
        raise FixtureError(f"{path}: a meeting needs at least `id` and `host_id`")
    account_id = str(raw.get("account_id") or emu.account_id)
    extras = ("instances", "summary", "vtt_data", "recording_files", "participants", "account_id")
    body = {k: v for k, v in raw.items() if k not in extras}
    instances = raw.get("instances")
    if instances is None:
        instances = _older_instance(emu, account_id, body, raw)
    docs: list[Doc] = []
    for entry in instances:
        docs += _instance_docs(account_id, entry)
    aliases = (str(body["uuid"]), *(str(e["uuid"]) for e in instances if e["uuid"] != body["uuid"]))
    docs.insert(0, meetings.meeting_doc(account_id, body, aliases))
    return docs


def _instance_docs(account_id: str, entry: dict[str, Any]) -> list[Doc]:
    uuid = str(entry["uuid"])
    docs = [past_meetings.past_meeting_doc(account_id, entry["past_meeting"])]
    for n, participant in enumerate(entry.get("participants") or []):
        docs.append(past_meetings.participant_doc(account_id, uuid, n, participant))
    if entry.get("recording"):
        trashed = bool(entry.get("recording_trashed"))
        docs.append(recording_shapes.recording_doc(account_id, entry["recording"], trashed=trashed))
    if entry.get("content") is not None:
        docs.append(Doc(recording_shapes.CONTENT, uuid, account_id, entry["content"]))
    if entry.get("summary"):
        docs.append(summaries.summary_doc(account_id, entry["summary"]))
    return docs


def _older_instance(
    emu: Emulator, account_id: str, meeting: dict[str, Any], raw: dict[str, Any]
) -> list[dict[str, Any]]:
    """The older layout's one instance, built from its summary/vtt/files/participants."""
    files = list(raw.get("recording_files") or [])
    participants = list(raw.get("participants") or [])
    if not (files or participants or raw.get("summary") or raw.get("vtt_data")):
        return []
    meeting.setdefault("uuid", emu.ids.uuid())
    uuid = str(meeting["uuid"])
    start = parse_datetime(str(meeting.get("start_time") or iso(emu.clock.now())))
    minutes = int(meeting.get("duration") or 60)
    end = start + timedelta(minutes=minutes)
    base = emu.base_url()
    file_bodies = [_older_file(emu, base, uuid, f, start, end) for f in files]
    vtt = str(raw.get("vtt_data") or "")
    if vtt and not any(f["file_type"] == "TRANSCRIPT" for f in file_bodies):
        transcript = {"file_type": "TRANSCRIPT", "file_size": len(vtt.encode())}
        file_bodies.append(_older_file(emu, base, uuid, transcript, start, end))
    entry: dict[str, Any] = {
        "uuid": uuid,
        "past_meeting": _older_past_meeting(meeting, uuid, start, end, minutes, participants),
        "participants": [_older_participant(p, start, end) for p in participants],
        "content": {"files": {"TRANSCRIPT": vtt}} if vtt else None,
    }
    if file_bodies:
        entry["recording"] = recording_shapes.recording_body(
            meeting, account_id=account_id, uuid=uuid, start=start, minutes=minutes,
            files=file_bodies, share_url=f"{base}/rec/share/{uuid}", passcode="",
        )  # fmt: skip
    if isinstance(raw.get("summary"), dict):
        entry["summary"] = _older_summary(meeting, uuid, start, end, raw["summary"])
    return [entry]


def _older_file(
    emu: Emulator, base: str, uuid: str, given: dict[str, Any], start: Any, end: Any
) -> dict[str, Any]:
    file_type = str(given.get("file_type") or "MP4").upper()
    if file_type not in recording_shapes.FILE_KINDS:
        raise FixtureError(f"unknown recording file_type {file_type!r}")
    made = recording_shapes.file_object(
        base_url=base, uuid=uuid, file_id=str(given.get("id") or emu.ids.file_id()),
        file_type=file_type, start=start, end=end, size=int(given.get("file_size") or 1024),
    )  # fmt: skip
    # Links always point at this emulator, wherever the fixture was recorded.
    kept = {k: v for k, v in given.items() if k not in ("download_url", "play_url")}
    return {**made, **kept, "file_type": file_type}


def _older_past_meeting(
    meeting: dict[str, Any], uuid: str, start: Any, end: Any, minutes: int, participants: list[Any]
) -> dict[str, Any]:
    return {
        "id": int(meeting["id"]), "uuid": uuid, "duration": minutes, "start_time": iso(start),
        "end_time": iso(end), "host_id": meeting["host_id"], "dept": "",
        "participants_count": len(participants), "source": "Zoom",
        "topic": str(meeting.get("topic") or ""), "total_minutes": minutes * max(len(participants), 1),
        "type": int(meeting.get("type") or 2), "user_email": str(meeting.get("host_email") or ""),
        "user_name": "", "has_meeting_summary": True,
    }  # fmt: skip


def _older_participant(given: dict[str, Any], start: Any, end: Any) -> dict[str, Any]:
    join = str(given.get("join_time") or iso(start))
    leave = str(given.get("leave_time") or iso(end))
    seconds = int((parse_datetime(leave) - parse_datetime(join)).total_seconds())
    made = {
        "id": "", "name": "", "user_id": "", "registrant_id": "", "user_email": "",
        "join_time": join, "leave_time": leave, "duration": seconds, "failover": False,
        "status": "in_meeting", "internal_user": False,
    }  # fmt: skip
    return {**made, **{k: v for k, v in given.items() if v is not None}}


def _older_summary(
    meeting: dict[str, Any], uuid: str, start: Any, end: Any, given: dict[str, Any]
) -> dict[str, Any]:
    overview = str(given.get("summary_overview") or given.get("overview") or "")
    content = {
        "summary_title": str(given.get("summary_title") or meeting.get("topic") or ""),
        "summary_overview": overview,
        "summary_details": list(given.get("summary_details") or []),
        "next_steps": list(given.get("next_steps") or []),
        "summary_content": str(given.get("summary_content") or overview),
    }
    made = summaries.summary_body(
        meeting, uuid=uuid, start=start, end=end, created=end, content=content, doc_url=""
    )
    return {**made, **{k: v for k, v in given.items() if k in made}}
