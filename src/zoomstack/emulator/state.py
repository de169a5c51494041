"""The emulator's state: settings, the store, the clock, ids and tokens, in one object.

Handlers reach it as `request.app.state.emulator`; tests build one per test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import EmulatorSettings
from .clock import Clock
from .events import Event, EventBus
from .ids import IdFactory
from .store import Store
from .tokens import TokenService
from .traffic import Traffic
from .webhooks import Dispatcher


@dataclass
class Emulator:
    settings: EmulatorSettings
    store: Store
    clock: Clock = field(default_factory=Clock)
    ids: IdFactory = field(default_factory=IdFactory)
    events: EventBus = field(default_factory=EventBus)
    tokens: TokenService = field(init=False)
    traffic: Traffic = field(init=False)  # request log, faults, rate limits
    webhooks: Dispatcher = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = TokenService(self)
        self.traffic = Traffic(self.settings)
        self.webhooks = Dispatcher(self)

    @property
    def account_id(self) -> str:
        return self.settings.account_id

    def base_url(self) -> str:
        return self.settings.base_url()

    async def emit(self, name: str, account_id: str, obj: dict[str, Any], **extra: Any) -> None:
        """Raise an event now, on the emulator's clock."""
        ts = int(self.clock.timestamp() * 1000)
        await self.events.publish(Event(name, account_id, obj, ts, extra))
