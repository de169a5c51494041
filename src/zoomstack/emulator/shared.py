"""Control-plane configuration every worker shares (faults, rate limits).

The worker that answers a control call saves the new value in the store's meta
table and applies it at once; the others pick it up on their next `refresh`
(the app polls about once a second). A store reset wipes the meta table, which
brings every worker back to the defaults.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .store import Store

M = TypeVar("M", bound=BaseModel)


class SharedConfig(Generic[M]):
    def __init__(self, key: str, model: type[M], apply: Callable[[M], None]) -> None:
        self.key = key
        self.model = model
        self.apply = apply
        self.value: M = model()
        self._raw: str | None = None
        # Orders a save against a refresh that read the old value before it.
        self._lock = asyncio.Lock()

    async def save(self, store: Store, value: M) -> None:
        raw = value.model_dump_json()
        async with self._lock:
            await store.meta_set(self.key, raw)
            self._use(raw, value)

    async def refresh(self, store: Store) -> None:
        async with self._lock:
            raw = await store.meta_get(self.key)
            if raw != self._raw:
                self._use(raw, self._parse(raw))

    def _use(self, raw: str | None, value: M) -> None:
        self._raw = raw
        self.value = value
        self.apply(value)

    def _parse(self, raw: str | None) -> M:
        if raw is None:
            return self.model()
        try:
            return self.model.model_validate_json(raw)
        except ValidationError:  # written by another version: fall back to the defaults
            return self.model()
