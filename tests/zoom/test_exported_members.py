from __future__ import annotations

from types import ModuleType

import zoomstack.zoom


def isort_order(name: str) -> tuple[int, str]:
    """Ruff's RUF022 order: CONSTANTS, then Classes, then functions."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_public_names_are_exported_in_sorted_order() -> None:
    public = {
        name
        for name, value in vars(zoomstack.zoom).items()
        if not name.startswith("_") and not isinstance(value, ModuleType)
    }
    assert zoomstack.zoom.__all__ == sorted(zoomstack.zoom.__all__, key=isort_order)
    assert set(zoomstack.zoom.__all__) == public


def test_every_exported_name_resolves() -> None:
    for name in zoomstack.zoom.__all__:
        assert getattr(zoomstack.zoom, name) is not None, name
