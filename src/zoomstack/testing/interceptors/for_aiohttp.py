"""aiohttp's `ClientSession` through `aioresponses`.

aioresponses hands over what the caller passed (`json=`, `data=`, `headers=`,
`auth=`) rather than the bytes aiohttp would send, so the request is rebuilt here
the way aiohttp builds it. Multipart `FormData` bodies are not supported.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

import aiohttp
import httpx
from aioresponses import CallbackResult, aioresponses
from multidict import CIMultiDict
from yarl import URL

from ..hosts import METHODS, ZOOM_URL, HostPolicy
from ..runner import EmulatorThread
from .aiohttp_compat import CompatResponse


def _body(kwargs: Mapping[str, Any]) -> tuple[bytes, str | None]:
    """The request body and the content type aiohttp would give it."""
    if kwargs.get("json") is not None:
        return json.dumps(kwargs["json"]).encode(), "application/json"
    data = kwargs.get("data")
    if data is None:
        return b"", None
    if isinstance(data, bytes | bytearray):
        return bytes(data), "application/octet-stream"
    if isinstance(data, str):
        return data.encode(), "text/plain; charset=utf-8"
    if isinstance(data, Mapping | list | tuple):
        pairs = data.items() if isinstance(data, Mapping) else data
        return urlencode(list(pairs)).encode(), "application/x-www-form-urlencoded"
    raise TypeError(f"mock_zoom cannot send a {type(data).__name__} body to the emulator")


def _headers(kwargs: Mapping[str, Any], content_type: str | None) -> CIMultiDict[str]:
    headers: CIMultiDict[str] = CIMultiDict(kwargs.get("headers") or {})
    auth = kwargs.get("auth")
    if isinstance(auth, aiohttp.BasicAuth):
        pair = f"{auth.login}:{auth.password}".encode(auth.encoding)
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    if content_type and "Content-Type" not in headers:
        headers["Content-Type"] = content_type
    return headers


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def to_httpx(method: str, url: URL, kwargs: Mapping[str, Any]) -> httpx.Request:
    content, content_type = _body(kwargs)
    headers = _headers(kwargs, content_type)
    return httpx.Request(method, str(url), headers=list(headers.items()), content=content)


class AiohttpInterceptor:
    def __init__(self, thread: EmulatorThread, policy: HostPolicy) -> None:
        self.thread = thread
        self.policy = policy
        self.mock = aioresponses(
            passthrough=policy.allowed_prefixes(), passthrough_unmatched=not policy.block_network
        )

    def start(self) -> None:
        self.mock.start()
        for method in METHODS:
            self.mock.add(ZOOM_URL, method, callback=self._answerer(method), repeat=True)
            if self.policy.block_network:
                pattern = self.policy.blocked_pattern()
                self.mock.add(pattern, method, callback=self._refuser(method), repeat=True)

    def stop(self) -> None:
        self.mock.stop()

    def _answerer(self, method: str) -> Any:
        async def answer(url: URL, **kwargs: Any) -> CallbackResult:
            try:
                reply = await self.thread.asend(to_httpx(method, url, kwargs))
            except httpx.TransportError as exc:  # an injected dropped connection
                raise aiohttp.ServerDisconnectedError(str(exc)) from exc
            headers, body = reply.decoded()
            content_type = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            return CallbackResult(
                method=method,
                status=reply.status,
                body=body,
                # Typed as a dict, but any mapping is merged: a multidict keeps repeats.
                headers=CIMultiDict(headers),  # type: ignore[arg-type]
                content_type=content_type or "application/octet-stream",
                reason=_reason(reply.status),
                response_class=CompatResponse,
            )

        return answer

    def _refuser(self, method: str) -> Any:
        def refuse(url: URL, **kwargs: Any) -> CallbackResult:
            raise aiohttp.ClientConnectionError(self.policy.refusal(method, str(url)))

        return refuse
