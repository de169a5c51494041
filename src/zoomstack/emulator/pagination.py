"""Zoom's pagination: page_size (default 30, max 300), next_page_token, legacy page_number.

Tokens are opaque to clients: URL-safe base64 of the keyset cursor (sort key, id),
so a page costs an index seek however deep it is.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from .errors import BadRequest
from .store import Page

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 300
# Beyond any store's rows, and small enough that the row offset fits a 64-bit integer.
MAX_PAGE_NUMBER = 2**31


@dataclass(slots=True)  # not frozen: built per list request, and that is 2x as slow
class PageRequest:
    page_size: int
    cursor: tuple[str, str] | None
    page_number: int | None

    @property
    def offset(self) -> int:
        """Row offset for the legacy page_number style (only without a token)."""
        if self.cursor is None and self.page_number:
            return (self.page_number - 1) * self.page_size
        return 0


def _int_param(params: Mapping[str, str], name: str) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(f"Invalid parameter: {name}.") from None


def page_request(
    params: Mapping[str, str], *, default: int = DEFAULT_PAGE_SIZE, maximum: int = MAX_PAGE_SIZE
) -> PageRequest:
    """Read paging params; sizes out of range are clamped, never refused (as Zoom does)."""
    size = _int_param(params, "page_size")
    size = default if size is None or size < 1 else min(size, maximum)
    number = _int_param(params, "page_number")
    number = None if number is None else min(max(number, 1), MAX_PAGE_NUMBER)
    return PageRequest(size, decode_token(params.get("next_page_token", "")), number)


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encode_token(cursor: tuple[str, str] | None) -> str:
    if cursor is None:
        return ""
    # base64.urlsafe_b64encode, minus its two Python-level calls per token.
    raw = binascii.b2a_base64(orjson.dumps(cursor), newline=False)
    return raw.translate(_URLSAFE).rstrip(b"=").decode()


def decode_token(token: str) -> tuple[str, str] | None:
    if not token:
        return None
    try:
        padded = token + "=" * (-len(token) % 4)
        sort, id = orjson.loads(base64.urlsafe_b64decode(padded))
        if isinstance(sort, str) and isinstance(id, str):
            return (sort, id)
    except (binascii.Error, ValueError, TypeError):
        pass
    raise BadRequest("The next page token is invalid or expired.")


def list_body(
    key: str,
    page: Page,
    request: PageRequest,
    *,
    total: int,
    legacy: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> bytes:
    """A list answer, assembled from the stored item bytes without re-parsing them."""
    items = b",".join(page.items)
    return joined_list_body(key, items, page.cursor, request, total, legacy=legacy, extra=extra)


def joined_list_body(
    key: str,
    items: bytes,
    cursor: tuple[str, str] | None,
    request: PageRequest,
    total: int,
    *,
    legacy: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> bytes:
    """`list_body` for items already joined with commas (as `Store.list_under` gives them)."""
    head: dict[str, Any] = dict(extra) if extra else {}
    if legacy:
        head["page_count"] = max(1, -(-total // request.page_size)) if total else 0
        head["page_number"] = request.page_number or 1
    head["page_size"] = request.page_size
    head["total_records"] = total
    head["next_page_token"] = encode_token(cursor)
    prefix = orjson.dumps(head)[:-1]
    return b"".join((prefix, b',"', key.encode(), b'":[', items, b"]}"))
