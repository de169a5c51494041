from __future__ import annotations

from zoomstack.emulator.faults import FaultConfig, FaultRule
from zoomstack.emulator.shared import SharedConfig
from zoomstack.emulator.state import Emulator


async def test_save_applies_here_and_refresh_applies_there(emulator: Emulator) -> None:
    applied_here: list[FaultConfig] = []
    applied_there: list[FaultConfig] = []
    here = SharedConfig("test.faults", FaultConfig, applied_here.append)
    there = SharedConfig("test.faults", FaultConfig, applied_there.append)
    config = FaultConfig(seed=3, rules=[FaultRule(path="/v2/*", status=500)])

    await here.save(emulator.store, config)
    assert applied_here == [config]
    await there.refresh(emulator.store)
    await there.refresh(emulator.store)  # unchanged: not applied twice
    assert applied_there == [config]


async def test_store_reset_brings_back_defaults(emulator: Emulator) -> None:
    applied: list[FaultConfig] = []
    shared = SharedConfig("test.faults", FaultConfig, applied.append)
    await shared.save(emulator.store, FaultConfig(rules=[FaultRule(status=503)]))
    await emulator.store.reset()
    await shared.refresh(emulator.store)
    assert applied[-1] == FaultConfig()


async def test_unreadable_value_falls_back_to_defaults(emulator: Emulator) -> None:
    await emulator.store.meta_set("test.faults", '{"rules": "not a list"}')
    shared = SharedConfig("test.faults", FaultConfig, lambda config: None)
    await shared.refresh(emulator.store)
    assert shared.value == FaultConfig()
