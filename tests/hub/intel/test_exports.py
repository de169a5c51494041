from __future__ import annotations

import pytest

import zoomstack.hub.intel as intel


def test_all_names_are_exported_and_sorted() -> None:
    assert intel.__all__ == sorted(intel.__all__)
    for name in intel.__all__:
        assert getattr(intel, name) is not None


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = intel.no_such_name
