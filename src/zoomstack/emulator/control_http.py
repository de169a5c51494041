"""Helpers for the control plane's handlers: the request's emulator, checked bodies.

Modules whose state the `Emulator` holds (faults, rate limits, the request log,
webhooks) keep their handlers beside them; they reach the emulator through here,
since importing `auth` (which imports the state) from them would be circular.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from .errors import ValidationFailed

if TYPE_CHECKING:
    from .state import Emulator

M = TypeVar("M", bound=BaseModel)


def emulator_of(request: Request) -> Emulator:
    emu: Emulator = request.app.state.emulator
    return emu


def parse_model(model: type[M], body: dict[str, Any]) -> M:
    """The body as `model`, or `ValidationFailed` naming each bad field."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise ValidationFailed([_field_error(error) for error in exc.errors()]) from None


def _field_error(error: Any) -> dict[str, str]:
    field = ".".join(str(part) for part in error["loc"]) or "body"
    return {"field": field, "message": str(error["msg"])}
