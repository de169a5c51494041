"""Which URLs `mock_zoom` answers, lets through, or refuses.

Zoom's hosts are `zoom.us` and every `*.zoom.us` (api.zoom.us for the API, zoom.us
for OAuth, regional web hosts for recording downloads): the emulator answers them.
Anything else goes to the network, unless the network is blocked; then only the
hosts in `allow` go through and the rest fail as a refused connection would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

_ZOOM_HOST = r"(?:[a-z0-9-]+\.)*zoom\.us"
_END = r"(?::\d+)?(?:[/?#]|$)"
ZOOM_URL = re.compile(rf"^https?://{_ZOOM_HOST}{_END}", re.IGNORECASE)
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _host_of(entry: str) -> str:
    """`host`, `host:port` or a URL, as `host` or `host:port`."""
    return urlsplit(entry).netloc if "://" in entry else entry


@dataclass(frozen=True, slots=True)
class HostPolicy:
    block_network: bool = False
    allow: tuple[str, ...] = ()  # hosts (optionally host:port) let through when blocking

    @classmethod
    def of(cls, *, block_network: bool, allow: Iterable[str]) -> HostPolicy:
        return cls(block_network, tuple(_host_of(entry).lower() for entry in allow))

    @staticmethod
    def is_zoom(url: str) -> bool:
        return ZOOM_URL.match(url) is not None

    def refused(self, url: str) -> bool:
        """Whether a request to `url` (not Zoom's) must fail."""
        return self.block_network and self.blocked_pattern().match(url) is not None

    def blocked_pattern(self) -> re.Pattern[str]:
        """URLs that are neither Zoom's nor allowed."""
        hosts = "|".join([_ZOOM_HOST, *(re.escape(host) for host in self.allow)])
        return re.compile(rf"^(?!https?://(?:{hosts}){_END})", re.IGNORECASE)

    def allowed_prefixes(self) -> list[str]:
        return [f"{scheme}://{host}" for host in self.allow for scheme in ("http", "https")]

    def refusal(self, method: str, url: str) -> str:
        return (
            f"mock_zoom blocks the network: {method} {url} is not a Zoom URL "
            "(pass allow=[host] to let it through)"
        )
