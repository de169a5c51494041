"""aioresponses 0.7.9 builds responses as aiohttp < 3.14 did; this response class,
given through its `response_class` hook, makes them work on 3.14 as well.

aiohttp 3.14 added a required `stream_writer` argument to `ClientResponse`, and its
protocol can no longer pause reading without a parser, which a body larger than the
reader's limit asks for (pnuckowski/aioresponses#289, #288, #292, open upstream).
On older aiohttp both changes are no-ops.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import aiohttp
from aiohttp.client_proto import ResponseHandler

_NEEDS_STREAM_WRITER = "stream_writer" in inspect.signature(aiohttp.ClientResponse).parameters
_BODY_LIMIT = 2**30  # the reader holds the whole body; it never has to pause


class _SentRequest:
    """Stands for the writer of a request already sent; aiohttp reads only its size."""

    output_size = 0


class CompatResponse(aiohttp.ClientResponse):
    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        if _NEEDS_STREAM_WRITER:
            kwargs.setdefault("stream_writer", _SentRequest())
        super().__init__(method, url, **kwargs)

    @property
    def content(self) -> aiohttp.StreamReader:
        reader: aiohttp.StreamReader = self.__dict__["_body_reader"]
        return reader

    @content.setter
    def content(self, _reader: aiohttp.StreamReader) -> None:
        # aioresponses feeds the whole body into the reader it sets here at once.
        loop = asyncio.get_running_loop()
        protocol = ResponseHandler(loop=loop)
        self.__dict__["_body_reader"] = aiohttp.StreamReader(protocol, _BODY_LIMIT, loop=loop)
