"""Snapshots of the emulator's whole state: POST /_emulator/snapshot and /_emulator/restore.

    POST /_emulator/snapshot                      200, the snapshot itself (JSON)
    POST /_emulator/snapshot {"name": "clean"}    201, written to DATA_DIR/snapshots/clean.json
    GET  /_emulator/snapshots                     the snapshots written there
    POST /_emulator/restore {"name": "clean"}     the state of that file
    POST /_emulator/restore {snapshot...}         the state of a snapshot sent as the body

A snapshot holds every stored document (aliases included, see `Store.dump`) and the
shared settings kept beside them (the clock's offset, faults, rate limits). Restoring
empties the store, then writes the snapshot back with `insert_many`: the state after
is the state snapshotted, ids and UUIDs included; tokens issued since are gone.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import control
from .auth import emulator
from .clock import OFFSET_KEY, iso
from .errors import NotFound, ValidationFailed
from .http import json_response, read_json
from .state import Emulator
from .store import Doc
from .traffic import FAULTS_KEY, RATE_LIMITS_KEY

FORMAT = "zoomstack.emulator.snapshot"
VERSION = 1
META_KEYS = (OFFSET_KEY, FAULTS_KEY, RATE_LIMITS_KEY)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_BATCH = 2000
_TEXT_FIELDS = ("kind", "id", "account_id", "parent", "tag", "sort")


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([{"field": field, "message": message}])


def snapshot_dir(emu: Emulator) -> Path:
    return Path(emu.settings.data_dir) / "snapshots"


def snapshot_path(emu: Emulator, name: object) -> Path:
    """The file a snapshot name stands for; names are plain file names, never paths."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise _invalid("name", "Use 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit.")  # fmt: skip
    return snapshot_dir(emu) / f"{name}.json"


def doc_json(doc: Doc) -> dict[str, Any]:
    return {
        "kind": doc.kind, "id": doc.id, "account_id": doc.account_id, "parent": doc.parent,
        "tag": doc.tag, "sort": doc.sort, "body": doc.body, "brief": doc.brief,
        "aliases": list(doc.aliases),
    }  # fmt: skip


async def take(emu: Emulator) -> dict[str, Any]:
    """The whole state as one JSON-ready object."""
    meta = {key: await emu.store.meta_get(key) for key in META_KEYS}
    documents = [doc_json(doc) for doc in await emu.store.dump()]
    return {
        "format": FORMAT,
        "version": VERSION,
        "taken_at": iso(emu.clock.now()),
        "meta": {key: value for key, value in meta.items() if value is not None},
        "documents": documents,
    }


def _doc_errors(n: int, item: object) -> Iterator[dict[str, str]]:
    where = f"documents[{n}]"
    if not isinstance(item, dict):
        yield {"field": where, "message": "Must be an object."}
        return
    for name in _TEXT_FIELDS:
        required = name in ("kind", "id")
        value = item.get(name, None if required else "")
        if not isinstance(value, str) or (required and not value):
            yield {"field": f"{where}.{name}", "message": "Must be text."}
    if not isinstance(item.get("body"), dict):
        yield {"field": f"{where}.body", "message": "Must be an object."}
    if item.get("brief") is not None and not isinstance(item["brief"], dict):
        yield {"field": f"{where}.brief", "message": "Must be an object or null."}
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        yield {"field": f"{where}.aliases", "message": "Must be a list of text."}


def parse(snapshot: dict[str, Any]) -> tuple[list[Doc], dict[str, str]]:
    """The documents and settings of a snapshot, or `ValidationFailed` naming what is wrong."""
    if snapshot.get("format") != FORMAT or snapshot.get("version") != VERSION:
        raise _invalid("format", f"Not a version {VERSION} {FORMAT}.")
    items, meta = snapshot.get("documents"), snapshot.get("meta", {})
    if not isinstance(items, list):
        raise _invalid("documents", "Must be a list.")
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise _invalid("meta", "Must be an object of text values.")
    errors = [error for n, item in enumerate(items) for error in _doc_errors(n, item)]
    if errors:
        raise ValidationFailed(errors[:50])
    docs = [_doc(item) for item in items]
    _check_unique(docs)
    return docs, {k: v for k, v in meta.items() if k in META_KEYS}


def _doc(item: dict[str, Any]) -> Doc:
    return Doc(
        kind=item["kind"],
        id=item["id"],
        account_id=item["account_id"],
        body=item["body"],
        parent=item.get("parent", ""),
        tag=item.get("tag", ""),
        sort=item.get("sort", ""),
        brief=item.get("brief"),
        aliases=tuple(item.get("aliases", ())),
    )


def _check_unique(docs: list[Doc]) -> None:
    """What the store would refuse, found before anything is wiped."""
    keys = [(doc.kind, doc.id) for doc in docs]
    aliases = [(doc.kind, alias) for doc in docs for alias in doc.aliases]
    for name, found in (("id", keys), ("aliases", aliases)):
        if len(set(found)) != len(found):
            raise _invalid(f"documents.{name}", f"Two documents of one kind share an {name[:5]}.")


async def restore(emu: Emulator, snapshot: dict[str, Any]) -> int:
    """Replace the whole state with a snapshot's; the number of documents written."""
    docs, meta = parse(snapshot)
    await control.clear(emu)
    for start in range(0, len(docs), _BATCH):
        await emu.store.insert_many(docs[start : start + _BATCH])
    for key, value in meta.items():
        await emu.store.meta_set(key, value)
    await emu.traffic.refresh(emu.store)
    emu.clock.offset_seconds = float(meta.get(OFFSET_KEY) or 0)
    return len(docs)


async def _write(path: Path, snapshot: dict[str, Any]) -> None:
    def run() -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".json.partial")
        partial.write_bytes(orjson.dumps(snapshot))
        partial.replace(path)  # a reader never sees half a snapshot

    await asyncio.to_thread(run)


async def _read(path: Path) -> dict[str, Any]:
    try:
        raw = await asyncio.to_thread(path.read_bytes)
    except FileNotFoundError:
        raise NotFound(f"Snapshot does not exist: {path.stem}.") from None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _invalid("name", f"The snapshot file {path.name} is not JSON.") from None
    if not isinstance(value, dict):
        raise _invalid("name", f"The snapshot file {path.name} is not a snapshot.")
    return value


# -- routes ------------------------------------------------------------------------


async def snapshot(request: Request) -> Response:
    emu = emulator(request)
    body = await read_json(request, required=False)
    if "name" not in body:
        return json_response(await take(emu))
    path = snapshot_path(emu, body["name"])
    state = await take(emu)
    await _write(path, state)
    answer = {"name": body["name"], "path": str(path), "taken_at": state["taken_at"]}
    return json_response({**answer, "documents": len(state["documents"])}, 201)


async def snapshots(request: Request) -> Response:
    folder = snapshot_dir(emulator(request))

    def names() -> list[str]:
        return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []

    return json_response({"snapshots": await asyncio.to_thread(names)})


async def restore_state(request: Request) -> Response:
    emu = emulator(request)
    body = await read_json(request)
    if "name" in body:
        source = str(body["name"])
        state = await _read(snapshot_path(emu, body["name"]))
    else:
        source, state = "body", body
    restored = await restore(emu, state)
    return json_response({"status": "restored", "source": source, "documents": restored})


routes = [
    Route("/_emulator/snapshot", snapshot, methods=["POST"]),
    Route("/_emulator/snapshots", snapshots, methods=["GET"]),
    Route("/_emulator/restore", restore_state, methods=["POST"]),
]
