"""The hub's own secrets: from settings, or generated once into the data dir."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from ...config import HubSettings


def load_or_create(path: Path, make: Callable[[], str]) -> str:
    """The secret kept in `path`, written there (mode 0600) by `make` the first time."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")
    return value


def signing_key(settings: HubSettings) -> bytes:
    """Key for the HMAC of download URLs."""
    value = settings.secret_key.get_secret_value()
    if not value:
        value = load_or_create(settings.data_dir / "hub-secret-key", lambda: secrets.token_hex(32))
    return value.encode()


def token_keys(settings: HubSettings) -> list[str]:
    """Fernet keys for Zoom tokens at rest, newest (the one that encrypts) first."""
    value = settings.token_keys.get_secret_value()
    if not value:
        value = load_or_create(settings.data_dir / "hub-token-keys", generate_token_key)
    return [key.strip() for key in value.split(",") if key.strip()]


def generate_token_key() -> str:
    """A new Fernet key: 32 random bytes in URL-safe base64 (what Fernet.generate_key
    makes), without loading cryptography into a process that may never encrypt."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()
