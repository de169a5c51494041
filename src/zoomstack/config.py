"""One settings object for the whole package; every option is also an env var."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AuthMode(StrEnum):
    """How the emulator treats bearer tokens."""

    lenient = "lenient"  # any bearer value maps to the default account
    strict = "strict"  # only issued, unexpired tokens


def default_data_dir() -> Path:
    return Path.cwd() / ".zoomstack"


class EmulatorSettings(BaseSettings):
    """Settings of the emulator; env vars are ZOOMSTACK_EMULATOR_*."""

    model_config = SettingsConfigDict(env_prefix="ZOOMSTACK_EMULATOR_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8000
    db: str = Field(
        default="", description="sqlite:///path, sqlite:///:memory: or postgresql://..."
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    auth_mode: AuthMode = AuthMode.lenient
    public_url: str = Field(default="", description="base URL used in links it hands out")
    token_ttl_seconds: int = 3600
    account_id: str = "zsDemoAccount0000000001"
    client_id: str = "zoomstack-demo-client"
    client_secret: SecretStr = SecretStr("zoomstack-demo-secret")
    webhook_secret: SecretStr = SecretStr("zoomstack-demo-webhook-secret")
    seed: int = 42

    def database_url(self) -> str:
        """The configured store URL, defaulting to a SQLite file in the data dir."""
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / 'emulator.sqlite3'}"

    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"
