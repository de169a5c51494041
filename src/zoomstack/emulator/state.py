"""The emulator's state: settings, the store, the clock, ids and tokens, in one object.

Handlers reach it as `request.app.state.emulator`; tests build one per test.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config import EmulatorSettings
from .clock import Clock
from .ids import IdFactory
from .store import Store
from .tokens import TokenService


@dataclass
class Emulator:
    settings: EmulatorSettings
    store: Store
    clock: Clock = field(default_factory=Clock)
    ids: IdFactory = field(default_factory=IdFactory)
    tokens: TokenService = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = TokenService(self)

    @property
    def account_id(self) -> str:
        return self.settings.account_id

    def base_url(self) -> str:
        return self.settings.base_url()
