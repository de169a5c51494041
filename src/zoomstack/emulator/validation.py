"""Shared request checks and merges for resource bodies."""

from __future__ import annotations

from typing import Any


def merge_patch(current: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """PATCH semantics as Zoom applies them: nested objects merge, `null` leaves a field be.

    Real clients send `null` inside `settings` for fields they do not mean to change,
    so a null never erases a stored value.
    """
    merged = dict(current)
    for key, value in patch.items():
        if value is None:
            continue
        old = merged.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            merged[key] = merge_patch(old, value)
        else:
            merged[key] = value
    return merged
