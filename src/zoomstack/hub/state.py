"""Everything one running hub holds: settings, database, storage, keys, metrics, checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import httpx

from ..config import HubSettings
from .auth.crypto import TokenCipher
from .auth.keys import signing_key, token_keys
from .auth.passwords import Passwords
from .db.migrate import current_revision, head_revision, upgrade_if_behind
from .db.session import Database, open_database
from .events import EventBus
from .health import CheckResult, HealthChecks, redis_check, zoom_check
from .metrics import HubMetrics
from .storage import Storage, open_storage
from .storage.signing import LinkSigner

if TYPE_CHECKING:
    import redis.asyncio as redis

ZOOM_PROBE_TIMEOUT = 2.0


@dataclass(slots=True)
class Hub:
    settings: HubSettings
    db: Database
    storage: Storage
    cipher: TokenCipher
    signer: LinkSigner
    metrics: HubMetrics
    health: HealthChecks
    http: httpx.AsyncClient
    passwords: Passwords
    redis: redis.Redis | None = None
    events: EventBus = field(default_factory=EventBus)

    @property
    def session_ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.session_ttl_seconds)

    @property
    def download_ttl(self) -> timedelta:
        return timedelta(seconds=self.settings.download_url_ttl_seconds)

    async def close(self) -> None:
        await self.http.aclose()
        if self.redis is not None:
            await self.redis.aclose()
        await self.db.close()


async def open_hub(
    settings: HubSettings,
    *,
    metrics: HubMetrics | None = None,
    zoom_transport: httpx.AsyncBaseTransport | None = None,
) -> Hub:
    """Open the database (migrated to head), storage and clients the settings name."""
    db = open_database(settings.database_url(), schema=settings.db_schema)
    if settings.migrate_on_start:
        await upgrade_if_behind(db)
    hub = Hub(
        settings=settings,
        db=db,
        storage=open_storage(settings),
        cipher=TokenCipher(token_keys(settings)),
        signer=LinkSigner(signing_key(settings), base_url=settings.base_url()),
        metrics=metrics or HubMetrics(),
        health=HealthChecks(),
        http=httpx.AsyncClient(transport=zoom_transport, timeout=ZOOM_PROBE_TIMEOUT),
        passwords=Passwords(
            time_cost=settings.password_time_cost, memory_kib=settings.password_memory_kib
        ),
        redis=_redis(settings.redis_url) if settings.redis_url else None,
    )
    _add_checks(hub)
    return hub


def _redis(url: str) -> redis.Redis:
    import redis.asyncio as redis

    return redis.from_url(url)


def _add_checks(hub: Hub) -> None:
    async def database() -> CheckResult:
        await hub.db.ping()
        revision, head = await current_revision(hub.db), head_revision()
        if revision != head:
            raise RuntimeError(f"schema at revision {revision}, code expects {head}")
        return {"engine": hub.db.engine.dialect.name, "revision": revision}

    async def storage() -> CheckResult:
        await hub.storage.check()
        return {"backend": hub.storage.kind}

    hub.health.add("database", database)
    hub.health.add("storage", storage)
    if hub.redis is not None:
        hub.health.add("redis", redis_check(_pinger(hub.redis)))
    if hub.settings.zoom_api_url:
        zoom = zoom_check(hub.http, hub.settings.zoom_api_url)
        hub.health.add("zoom", zoom, critical=hub.settings.zoom_required)


def _pinger(client: redis.Redis) -> Any:
    async def ping() -> Any:
        return await client.ping()

    return ping
