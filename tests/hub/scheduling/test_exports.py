from __future__ import annotations

import types

import zoomstack.hub.scheduling as scheduling


def test_all_lists_every_public_name() -> None:
    public = {
        name
        for name, value in vars(scheduling).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(scheduling.__all__) == public
    assert len(scheduling.__all__) == len(set(scheduling.__all__))
