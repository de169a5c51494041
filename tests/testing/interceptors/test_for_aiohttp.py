"""Requests rebuilt from what aiohttp callers pass, the way aiohttp would send them."""

from __future__ import annotations

import warnings

import aiohttp
import pytest
from yarl import URL

from zoomstack.testing.interceptors.for_aiohttp import to_httpx

URL_ = URL("https://api.zoom.us/v2/users?page_size=5")


def test_json_bodies_are_serialised_with_their_content_type() -> None:
    request = to_httpx("POST", URL_, {"json": {"topic": "x"}})
    assert request.content == b'{"topic": "x"}'
    assert request.headers["content-type"] == "application/json"
    assert request.url.params["page_size"] == "5"


@pytest.mark.parametrize(
    ("data", "content", "content_type"),
    [
        ({"a": "1", "b": "2"}, b"a=1&b=2", "application/x-www-form-urlencoded"),
        ([("a", "1"), ("a", "2")], b"a=1&a=2", "application/x-www-form-urlencoded"),
        ("plain", b"plain", "text/plain; charset=utf-8"),
        (b"\x00\x01", b"\x00\x01", "application/octet-stream"),
    ],
)
def test_data_bodies_get_aiohttp_s_encoding(
    data: object, content: bytes, content_type: str
) -> None:
    request = to_httpx("POST", URL_, {"data": data})
    assert (request.content, request.headers["content-type"]) == (content, content_type)


def test_a_content_type_given_by_the_caller_wins() -> None:
    request = to_httpx(
        "POST", URL_, {"data": "{}", "headers": {"Content-Type": "application/json"}}
    )
    assert request.headers.get_list("content-type") == ["application/json"]


def test_basic_auth_becomes_an_authorization_header() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # deprecated, still widely used
        auth = aiohttp.BasicAuth("client", "secret")
    request = to_httpx("POST", URL_, {"auth": auth})
    assert request.headers["authorization"] == "Basic Y2xpZW50OnNlY3JldA=="


def test_multipart_forms_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match="cannot send a FormData body"):
        to_httpx("POST", URL_, {"data": aiohttp.FormData({"a": "1"})})
