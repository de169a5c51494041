"""Which URLs mock_zoom answers, lets through, or refuses."""

from __future__ import annotations

import pytest

from zoomstack.testing.hosts import HostPolicy


@pytest.mark.parametrize(
    "url",
    [
        "https://api.zoom.us/v2/users/me",
        "https://zoom.us/oauth/token",
        "https://ZOOM.US/oauth/authorize?client_id=x",
        "https://us02web.zoom.us/rec/download/abc",
        "https://zoom.us",
        "http://api.zoom.us:443/v2",
    ],
)
def test_zoom_s_hosts_are_recognised(url: str) -> None:
    assert HostPolicy.is_zoom(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/zoom.us",
        "https://notzoom.us/v2",
        "https://zoom.us.example.com/v2",
        "https://zoom.usa.gov/",
        "ftp://zoom.us/file",
    ],
)
def test_look_alikes_are_not_zoom(url: str) -> None:
    assert not HostPolicy.is_zoom(url)


def test_nothing_is_refused_unless_the_network_is_blocked() -> None:
    assert not HostPolicy.of(block_network=False, allow=()).refused("https://example.com/")


def test_a_blocked_network_lets_only_allowed_hosts_through() -> None:
    policy = HostPolicy.of(
        block_network=True, allow=["localhost", "http://127.0.0.1:8123/ignored/path"]
    )
    assert policy.allow == ("localhost", "127.0.0.1:8123")
    assert policy.refused("https://example.com/")
    assert policy.refused("http://127.0.0.1:9999/")
    assert policy.refused("http://localhost.example.com/")
    assert not policy.refused("http://localhost:5000/x")
    assert not policy.refused("http://127.0.0.1:8123/health")
    assert not policy.refused("https://api.zoom.us/v2")  # Zoom's own go to the emulator
    assert policy.allowed_prefixes() == [
        "http://localhost",
        "https://localhost",
        "http://127.0.0.1:8123",
        "https://127.0.0.1:8123",
    ]
    assert "GET https://example.com/" in policy.refusal("GET", "https://example.com/")
