"""Prepared requests from requests, rebuilt as httpx requests for the emulator."""

from __future__ import annotations

import io
from collections.abc import Iterator

import requests

from zoomstack.testing.interceptors.for_requests import to_httpx


def prepared(**options: object) -> requests.PreparedRequest:
    return requests.Request("POST", "https://zoom.us/oauth/token", **options).prepare()


def test_form_bodies_and_headers_carry_over() -> None:
    request = to_httpx(prepared(data={"grant_type": "account_credentials"}, auth=("id", "pw")))
    assert request.content == b"grant_type=account_credentials"
    assert request.headers["authorization"].startswith("Basic ")
    assert request.method == "POST" and request.url.host == "zoom.us"


def test_file_and_generator_bodies_are_read_whole() -> None:
    assert to_httpx(prepared(data=io.BytesIO(b"from a file"))).content == b"from a file"

    def chunks() -> Iterator[bytes | str]:
        yield b"chunked "
        yield "upload"

    assert to_httpx(prepared(data=chunks())).content == b"chunked upload"


def test_an_empty_body_stays_empty() -> None:
    request = to_httpx(requests.Request("GET", "https://api.zoom.us/v2/users").prepare())
    assert request.content == b""
