"""POST /_emulator/seed: fill the running emulator with generated demo data.

The body (all optional): `users` (0-1000), `meetings_per_user` (0-100), `seed`. The
same seed gives the same data, ids included, so seeding one store twice with the
same seed is refused (409); the answer counts what was made (see `seed.seed`).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .auth import emulator
from .errors import Conflict, ValidationFailed
from .http import json_response, read_json
from .seed import seed
from .store import ConflictError

_LIMITS = {"users": (0, 1000, 10), "meetings_per_user": (0, 100, 5), "seed": (0, 2**63 - 1, 42)}


def _options(body: dict[str, Any]) -> dict[str, int]:
    values: dict[str, int] = {}
    errors: list[dict[str, str]] = []
    for name, (low, high, default) in _LIMITS.items():
        value = body.get(name, default)
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            values[name] = value
        else:
            errors.append({"field": name, "message": f"Must be an integer from {low} to {high}."})
    if errors:
        raise ValidationFailed(errors)
    return values


async def seed_emulator(request: Request) -> Response:
    emu = emulator(request)
    options = _options(await read_json(request, required=False))
    try:
        made = await seed(
            emu,
            users=options["users"],
            meetings_per_user=options["meetings_per_user"],
            seed=options["seed"],
        )
    except ConflictError:
        raise Conflict(
            f"The store already holds data from seed {options['seed']}; use another seed."
        ) from None
    return json_response(made, 201)


routes = [Route("/_emulator/seed", seed_emulator, methods=["POST"])]
