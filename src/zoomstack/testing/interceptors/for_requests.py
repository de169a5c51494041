"""`requests` (and everything built on it, such as zoomus) through `responses`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import httpx
import requests
import responses
from urllib3 import HTTPHeaderDict

from ..hosts import METHODS, ZOOM_URL, HostPolicy
from ..runner import EmulatorThread

Result = tuple[int, HTTPHeaderDict, bytes]


def _body(body: Any) -> bytes:
    """A prepared request's body, whatever requests made of it."""
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if hasattr(body, "read"):
        return _body(body.read())
    chunks: Iterable[bytes | str] = body  # a generator: a chunked upload
    return b"".join(chunk.encode() if isinstance(chunk, str) else chunk for chunk in chunks)


def to_httpx(prepared: requests.PreparedRequest) -> httpx.Request:
    headers = list(prepared.headers.items())
    return httpx.Request(
        prepared.method or "GET", prepared.url or "", headers=headers, content=_body(prepared.body)
    )


class RequestsInterceptor:
    def __init__(self, thread: EmulatorThread, policy: HostPolicy) -> None:
        self.thread = thread
        self.policy = policy
        self.mock = responses.RequestsMock(assert_all_requests_are_fired=False)

    def start(self) -> None:
        for method in METHODS:
            self.mock.add_callback(method, ZOOM_URL, self._answer, content_type=None)
            if self.policy.block_network:
                self.mock.add_callback(
                    method, self.policy.blocked_pattern(), self._refuse, content_type=None
                )
        if self.policy.block_network:
            for prefix in self.policy.allowed_prefixes():
                self.mock.add_passthru(prefix)
        else:
            self.mock.add_passthru(re.compile(r"^"))
        self.mock.start()

    def stop(self) -> None:
        self.mock.stop(allow_assert=False)
        self.mock.reset()

    def _answer(self, prepared: requests.PreparedRequest) -> Result:
        try:
            answer = self.thread.send(to_httpx(prepared))
        except httpx.TransportError as exc:  # an injected dropped connection
            raise requests.ConnectionError(str(exc), request=prepared) from exc
        return answer.status, HTTPHeaderDict(answer.headers), answer.body

    def _refuse(self, prepared: requests.PreparedRequest) -> Result:
        message = self.policy.refusal(prepared.method or "GET", prepared.url or "")
        raise requests.ConnectionError(message, request=prepared)
