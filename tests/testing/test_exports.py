"""zoomstack.testing's public names: sorted, each loads from its module on first use."""

from __future__ import annotations

import pytest

import zoomstack.testing as testing


def test_every_exported_name_resolves() -> None:
    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        value = getattr(testing, name)
        assert value.__name__ == name


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        getattr(testing, "no_such_name")  # noqa: B009
