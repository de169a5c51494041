"""Event subscriptions: which endpoint gets which events of which account, and how it is signed.

A subscription belongs to one account (`scope: "account"`) or to the app (`scope:
"app"`: every account's events, like a Marketplace app's event notification
endpoint). The app-level endpoint named in the settings (`webhook_url`) is one
more subscription, id `app`, that lives in the settings rather than the store.

Subscriptions are few (Zoom allows 20 per app), so they are stored as one
collection and an event's matches are filtered in memory.
"""

from __future__ import annotations

import secrets
from fnmatch import fnmatchcase
from typing import Any, Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from ...config import EmulatorSettings
from ..store import Doc, Query, Store

KIND = "webhook_subscription"
SETTINGS_ID = "app"
MAX_SUBSCRIPTIONS = 300
_SECRET_FIELDS = {"secret_token", "verification_token", "basic_auth"}


class BasicAuth(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1)
    password: str


class CustomHeader(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(pattern=r"^[A-Za-z0-9-]+$")
    value: str


def _check_url(url: str) -> str:
    AnyHttpUrl(url)  # raises ValueError unless an http(s) URL
    return url


def _check_events(events: list[str]) -> list[str]:
    if not events or any(not event.strip() for event in events):
        raise ValueError("events must name at least one event (globs like meeting.* work)")
    return events


class SubscriptionChange(BaseModel):
    """What PATCH /_emulator/webhooks/{id} may change."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = None
    events: list[str] | None = None
    secret_token: str | None = Field(default=None, min_length=1)
    name: str | None = None
    verification_token: str | None = None
    basic_auth: BasicAuth | None = None
    custom_header: CustomHeader | None = None
    enabled: bool | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, url: str | None) -> str | None:
        return url if url is None else _check_url(url)

    @field_validator("events")
    @classmethod
    def _events(cls, events: list[str] | None) -> list[str] | None:
        return events if events is None else _check_events(events)


class SubscriptionNew(SubscriptionChange):
    """The body of POST /_emulator/webhooks; secret and account default to the settings'."""

    url: str
    events: list[str] = Field(default_factory=lambda: ["*"])
    name: str = ""
    enabled: bool = True
    account_id: str | None = None
    scope: Literal["account", "app"] = "account"


class Subscription(BaseModel):
    id: str
    account_id: str  # "" for app-level subscriptions
    scope: Literal["account", "app"]
    url: str
    events: list[str]
    secret_token: str
    name: str = ""
    verification_token: str | None = None
    basic_auth: BasicAuth | None = None
    custom_header: CustomHeader | None = None
    enabled: bool = True
    created_at: str = ""
    validated_at: str | None = None
    source: Literal["control", "settings"] = "control"

    def wants(self, account_id: str, event: str) -> bool:
        return (
            self.enabled
            and (self.scope == "app" or self.account_id == account_id)
            and any(fnmatchcase(event, pattern) for pattern in self.events)
        )

    def public(self) -> dict[str, Any]:
        """The answer shape: secrets left out, only whether they are set."""
        body = self.model_dump(exclude=_SECRET_FIELDS)
        body["verification_token_set"] = bool(self.verification_token)
        body["basic_auth"] = {"username": self.basic_auth.username} if self.basic_auth else None
        return body

    def changed(self, change: SubscriptionChange) -> Subscription:
        updates = change.model_dump(exclude_unset=True)
        return self.model_copy(update={k: getattr(change, k) for k in updates})


def new_subscription(
    body: SubscriptionNew, settings: EmulatorSettings, *, created_at: str
) -> Subscription:
    fields = body.model_dump(exclude={"account_id", "secret_token", "basic_auth", "custom_header"})
    return Subscription(
        **fields,
        id=secrets.token_urlsafe(16),
        account_id="" if body.scope == "app" else (body.account_id or settings.account_id),
        secret_token=body.secret_token or settings.webhook_secret.get_secret_value(),
        basic_auth=body.basic_auth,
        custom_header=body.custom_header,
        created_at=created_at,
    )


def settings_subscription(settings: EmulatorSettings) -> Subscription | None:
    """The app-level endpoint named in the settings, if any."""
    if not settings.webhook_url:
        return None
    token = settings.webhook_verification_token.get_secret_value()
    return Subscription(
        id=SETTINGS_ID,
        account_id="",
        scope="app",
        url=settings.webhook_url,
        events=settings.webhook_events,
        secret_token=settings.webhook_secret.get_secret_value(),
        verification_token=token or None,
        source="settings",
    )


def _doc(sub: Subscription) -> Doc:
    return Doc(KIND, sub.id, "", sub.model_dump(), tag=sub.account_id, sort=sub.created_at)


class Subscriptions:
    def __init__(self, store: Store, settings: EmulatorSettings) -> None:
        self.store = store
        self.settings = settings

    async def all(self) -> list[Subscription]:
        page = await self.store.list_page(Query(KIND, "", limit=MAX_SUBSCRIPTIONS))
        stored = [Subscription.model_validate_json(raw) for raw in page.items]
        from_settings = settings_subscription(self.settings)
        return [from_settings, *stored] if from_settings else stored

    async def matching(self, account_id: str, event: str) -> list[Subscription]:
        return [sub for sub in await self.all() if sub.wants(account_id, event)]

    async def get(self, subscription_id: str) -> Subscription | None:
        if subscription_id == SETTINGS_ID:
            return settings_subscription(self.settings)
        doc = await self.store.get(KIND, subscription_id)
        return Subscription.model_validate(doc.body) if doc else None

    async def save(self, sub: Subscription) -> None:
        await self.store.upsert(_doc(sub))

    async def delete(self, subscription_id: str) -> bool:
        return await self.store.delete(KIND, subscription_id) is not None
