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


class MediaMode(StrEnum):
    """What a simulated recording's MP4 and M4A files hold."""

    filler = "filler"  # deterministic bytes of any size, free to make (not playable)
    speech = "speech"  # the transcript spoken, one voice per person (playable AAC)
    auto = "auto"  # speech up to `speech_max_minutes`, filler for longer meetings


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
    webhook_url: str = Field(
        default="", description="app-level event notification endpoint (every account's events)"
    )
    webhook_events: list[str] = Field(
        default=["*"], description="events the app-level endpoint gets (glob patterns)"
    )
    webhook_verification_token: SecretStr = Field(
        default=SecretStr(""), description="sent as `authorization` when set (legacy token)"
    )
    webhook_timeout_seconds: float = 3.0
    webhook_retry_delays: list[float] = Field(
        default=[300.0, 1200.0, 3600.0], description="seconds before each retry (Zoom's)"
    )
    rate_limits: bool = Field(default=False, description="answer 429 past Zoom's limits")
    rate_limit_plan: str = Field(default="business", description="free, pro or business")
    rate_limit_storage: str = Field(
        default="memory://", description="memory:// or redis://host:port/db (shared by workers)"
    )
    request_log_size: int = Field(default=1000, description="requests kept; 0 turns it off")
    media: MediaMode = Field(
        default=MediaMode.filler, description="simulated MP4/M4A: filler, speech or auto"
    )
    speech_max_minutes: int = Field(default=60, description="longest spoken meeting in auto")
    media_cache_dir: Path | None = Field(
        default=None, description="where spoken files are kept; empty: <data dir>/media"
    )

    def database_url(self) -> str:
        """The configured store URL, defaulting to a SQLite file in the data dir."""
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / 'emulator.sqlite3'}"

    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"

    def media_cache(self) -> Path:
        return self.media_cache_dir or self.data_dir / "media"


class HubSettings(BaseSettings):
    """Settings of the hub; env vars are ZOOMSTACK_HUB_*.

    Secrets left empty (`secret_key`, `token_keys`) are generated once into the data
    dir, so the embedded mode needs no configuration and keeps working across restarts.
    """

    model_config = SettingsConfigDict(env_prefix="ZOOMSTACK_HUB_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = 8080
    db: str = Field(default="", description="sqlite:///path or postgresql://...")
    db_schema: str = Field(default="", description="PostgreSQL schema for the hub's tables")
    data_dir: Path = Field(default_factory=default_data_dir)
    public_url: str = Field(default="", description="base URL used in links it hands out")
    cors_origins: list[str] = Field(
        default_factory=list, description="other origins whose pages may call the API"
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""), description="signs download URLs; empty: kept in the data dir"
    )
    token_keys: SecretStr = Field(
        default=SecretStr(""),
        description="Fernet keys for Zoom tokens at rest, comma-separated, newest first",
    )
    storage_url: str = Field(
        default="", description="empty (data dir), file:///path or s3://bucket/prefix"
    )
    s3_endpoint: str = Field(default="", description="S3-compatible endpoint URL")
    s3_region: str = "us-east-1"
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    s3_presign: bool = Field(
        default=False, description="hand out the store's presigned URLs instead of the hub's"
    )
    max_upload_bytes: int = 2 * 1024**3
    download_url_ttl_seconds: int = 900
    session_ttl_seconds: int = 12 * 3600
    password_time_cost: int = Field(default=3, ge=1, description="argon2id iterations")
    password_memory_kib: int = Field(default=65536, ge=64, description="argon2id memory")
    allow_registration: bool = True
    redis_url: str = Field(default="", description="checked by /health when set")
    zoom_api_url: str = "http://127.0.0.1:8000/v2"
    zoom_required: bool = Field(
        default=True, description="whether an unreachable Zoom makes /health answer 503"
    )
    zoom_account_id: str = Field(default="", description="Server-to-Server OAuth app: account")
    zoom_client_id: str = ""
    zoom_client_secret: SecretStr = SecretStr("")
    zoom_token_url: str = Field(default="", description="empty: /oauth/token beside the API")
    zoom_oauth_client_id: str = Field(
        default="", description="user OAuth app (authorization code); empty: zoom_client_id"
    )
    zoom_oauth_client_secret: SecretStr = SecretStr("")
    zoom_oauth_redirect_url: str = Field(
        default="", description="empty: <public URL>/api/auth/zoom/callback"
    )
    zoom_authorize_url: str = Field(
        default="", description="empty: /oauth/authorize beside the token endpoint"
    )
    oauth_state_ttl_seconds: int = Field(default=600, description="how long a state is good")
    webhook_secret_token: SecretStr = Field(
        default=SecretStr(""), description="the Zoom app's secret token; empty: webhooks refused"
    )
    webhook_max_age_seconds: float = Field(
        default=300.0, description="older x-zm-request-timestamp values are refused"
    )
    realtime_url: str = Field(
        default="", description="empty: in-process live events; redis://... across processes"
    )
    realtime_channel: str = Field(
        default="zoomstack:hub:live", description="Redis pub/sub channel of live events"
    )
    sync_user: str = Field(default="", description="hub user (email) owning synced recordings")
    sync_interval_seconds: float = Field(default=900.0, description="cloud sync period; 0: off")
    sync_lookback_days: int = Field(default=90, description="how far back a sync looks")
    sync_concurrency: int = Field(default=4, description="files fetched at once per process")
    sync_max_attempts: int = Field(default=3, description="tries before a file is failed")
    sync_retry_seconds: float = Field(default=5.0, description="first retry wait; doubles")
    sync_lease_seconds: float = Field(default=120.0, description="a silent claim expires after")
    reconcile_interval_seconds: float = Field(default=60.0, description="lost-job sweep period")
    jobs_url: str = Field(default="", description="empty: in-process; redis://... to share work")
    watch_path: Path = Field(default_factory=lambda: Path.home() / "Zoom")
    watch_on_start: bool = Field(default=False, description="start the folder watcher at start")
    watch_settle_seconds: float = Field(
        default=2.0, description="a file's size must hold this long"
    )
    transcribe_on_store: bool = Field(
        default=True, description="transcribe stored audio that has no transcript"
    )
    transcribe_model: str = Field(
        default="", description="CTranslate2 Whisper model folder; empty: the bundled tiny.en"
    )
    transcribe_chunk_seconds: float = Field(default=120.0, description="audio per saved step")
    transcribe_threads: int = Field(default=0, description="CPU threads; 0: every core")
    transcribe_beam_size: int = Field(default=1, description="1: greedy, fastest")
    transcribe_language: str = Field(default="en", description="empty: detect")
    transcribe_lease_seconds: float = Field(default=300.0, description="a silent job expires")
    transcribe_chunk_timeout_seconds: float = Field(
        default=900.0, description="a chunk taking longer fails the job"
    )
    migrate_on_start: bool = True
    log_level: str = "info"
    log_json: bool = True
    emulator_url: str = Field(
        default="", description="the emulator's base URL: the dashboard can simulate meetings"
    )
    demo_user: bool = Field(default=False, description="create the demo user at start")
    demo_email: str = "demo@zoomstack.local"
    demo_password: SecretStr = SecretStr("zoomstack-demo")
    demo_api_key: SecretStr = SecretStr("zsk_demo_zoomstack_local_api_key")

    def database_url(self) -> str:
        """The configured database URL, defaulting to a SQLite file in the data dir."""
        if self.db:
            return self.db
        return f"sqlite:///{self.data_dir / 'hub.sqlite3'}"

    def base_url(self) -> str:
        return self.public_url.rstrip("/") or f"http://{self.host}:{self.port}"

    def zoom_oauth_url(self) -> str:
        """The token endpoint: as configured, or /oauth/token on the API's host."""
        if self.zoom_token_url:
            return self.zoom_token_url
        return self.zoom_api_url.rstrip("/").removesuffix("/v2") + "/oauth/token"

    def zoom_connected(self) -> bool:
        """Whether Server-to-Server credentials for a Zoom account are configured."""
        return bool(self.zoom_api_url and self.zoom_account_id and self.zoom_client_id)

    def zoom_user_oauth(self) -> tuple[str, str]:
        """(client id, secret) of the user OAuth app; the S2S app's when none is set."""
        if self.zoom_oauth_client_id:
            return self.zoom_oauth_client_id, self.zoom_oauth_client_secret.get_secret_value()
        return self.zoom_client_id, self.zoom_client_secret.get_secret_value()

    def zoom_oauth_redirect(self) -> str:
        return self.zoom_oauth_redirect_url or f"{self.base_url()}/api/auth/zoom/callback"

    def zoom_oauth_page(self, name: str) -> str:
        """`authorize` or `revoke` beside the token endpoint (zoom.us/oauth/...)."""
        if name == "authorize" and self.zoom_authorize_url:
            return self.zoom_authorize_url
        return self.zoom_oauth_url().removesuffix("/token") + f"/{name}"
