"""A streaming multipart/form-data reader: file data is handed on chunk by chunk.

Starlette's form parser spools each file to a temporary file before the handler
sees it; an upload here goes straight from the socket to storage instead, with its
name and type checked before the first byte is stored.
"""

from __future__ import annotations

import codecs
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, MultipartState, parse_options_header

from ..errors import BadRequest, PayloadTooLarge, UnsupportedMediaType

MAX_FIELD_BYTES = 64 * 1024
MAX_PARTS = 32


@dataclass(slots=True)
class PartHeaders:
    name: str = ""
    filename: str | None = None
    content_type: str = ""
    raw: list[tuple[bytes, bytes]] = field(default_factory=list)


@dataclass(slots=True)
class FilePart:
    field: str
    filename: str
    content_type: str
    chunks: AsyncIterator[bytes]


# Parser events, in order: ("part", PartHeaders), ("data", bytes), ("end", None).
Event = tuple[str, PartHeaders | bytes | None]


class MultipartReader:
    def __init__(self, content_type: str, body: AsyncIterator[bytes]) -> None:
        kind, params = parse_options_header(content_type)
        if kind != b"multipart/form-data":
            raise UnsupportedMediaType("Send the file as multipart/form-data.")
        if b"boundary" not in params:
            raise BadRequest("The multipart body has no boundary.")
        self._charset = _charset(params.get(b"charset", b"utf-8"))
        self._body = body
        self._events: deque[Event] = deque()
        self._headers = PartHeaders()
        self._header_name = b""
        self._header_value = b""
        self._parts = 0
        self._done = False
        self.fields: dict[str, str] = {}
        self._parser = MultipartParser(
            params[b"boundary"],
            {
                "on_part_begin": self._on_part_begin,
                "on_part_data": self._on_part_data,
                "on_part_end": lambda: self._events.append(("end", None)),
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
            },
        )

    async def next_file(self) -> FilePart | None:
        """The next file part (fields before it land in `fields`), or None at the end."""
        while (event := await self._next_event()) is not None:
            kind, value = event
            if kind == "part" and isinstance(value, PartHeaders):
                if value.filename is not None:
                    return FilePart(value.name, value.filename, value.content_type, self._data())
                self.fields[value.name] = await self._field_value()
        return None

    async def finish(self) -> None:
        """Read the rest of the body: later fields are kept, later files skipped."""
        while await self.next_file() is not None:
            async for _ in self._data():
                pass

    async def _data(self) -> AsyncIterator[bytes]:
        while (event := await self._next_event()) is not None:
            kind, value = event
            if kind == "end":
                return
            if isinstance(value, bytes):
                yield value
        raise BadRequest("The multipart body ended inside a part.")

    async def _field_value(self) -> str:
        buffer = bytearray()
        async for chunk in self._data():
            buffer.extend(chunk)
            if len(buffer) > MAX_FIELD_BYTES:
                raise PayloadTooLarge("A form field is too large.")
        return buffer.decode(self._charset, errors="replace")

    async def _next_event(self) -> Event | None:
        while not self._events and not self._done:
            chunk = await anext(self._body, b"")
            try:
                if chunk:
                    self._parser.write(chunk)
                else:
                    self._finish_parser()
            except FormParserError as exc:
                raise BadRequest(f"Malformed multipart body: {exc}") from None
        return self._events.popleft() if self._events else None

    def _finish_parser(self) -> None:
        self._parser.finalize()
        self._done = True
        # END after the closing boundary; BOUNDARY_PADDING if data trails it.
        if self._parser.state not in (MultipartState.END, MultipartState.BOUNDARY_PADDING):
            raise BadRequest("The multipart body ended before its closing boundary.")

    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise BadRequest(f"Too many parts: at most {MAX_PARTS}.")
        self._headers = PartHeaders()

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if end > start:
            self._events.append(("data", bytes(data[start:end])))

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers.raw.append((self._header_name.lower(), self._header_value))
        self._header_name = self._header_value = b""

    def _on_headers_finished(self) -> None:
        headers = dict(self._headers.raw)
        _, options = parse_options_header(headers.get(b"content-disposition", b""))
        if b"name" not in options:
            raise BadRequest('Every part needs a Content-Disposition "name".')
        self._headers.name = options[b"name"].decode(self._charset, errors="replace")
        if b"filename" in options:
            self._headers.filename = options[b"filename"].decode(self._charset, errors="replace")
        content_type, _ = parse_options_header(headers.get(b"content-type", b""))
        self._headers.content_type = content_type.decode("latin-1").lower()
        self._events.append(("part", self._headers))


def _charset(value: bytes | str) -> str:
    name = value.decode("latin-1") if isinstance(value, bytes) else value
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"
