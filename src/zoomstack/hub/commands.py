"""Command-line parts of the hub: serving it, its users, its token keys.

Heavy imports (FastAPI, SQLAlchemy) happen inside the commands, so `zoomstack --help`
stays quick.
"""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

import typer

from ..config import HubSettings

user_app = typer.Typer(help="Hub users.", no_args_is_help=True)
keys_app = typer.Typer(help="Keys that encrypt Zoom tokens at rest.", no_args_is_help=True)

DbOption = Annotated[
    str, typer.Option(help="sqlite:///path or postgresql://... (default: data dir)")
]


def settings_with(**overrides: object) -> HubSettings:
    """Settings from the environment, with the options given on the command line."""
    given = {key: value for key, value in overrides.items() if value not in (None, "")}
    return HubSettings(**given)  # type: ignore[arg-type]


def export(settings: HubSettings, names: list[str]) -> None:
    """Hand options to worker processes, which read their settings from the environment."""
    for name in names:
        value = getattr(settings, name)
        os.environ[f"ZOOMSTACK_HUB_{name.upper()}"] = str(value)


def serve(settings: HubSettings, *, workers: int, exported: list[str]) -> None:
    import uvicorn

    from .db.migrate import upgrade
    from .db.session import open_database

    async def migrate() -> None:
        db = open_database(settings.database_url(), schema=settings.db_schema)
        try:
            await upgrade(db)
        finally:
            await db.close()

    asyncio.run(migrate())  # once, before any worker starts
    export(settings, exported)
    _print_banner(settings)
    uvicorn.run(
        "zoomstack.hub.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="warning",
        access_log=False,  # the hub logs each request itself, as JSON
    )


def _print_banner(settings: HubSettings) -> None:
    base = settings.base_url()
    typer.echo(f"zoomstack hub on {base}  (database: {_safe_url(settings.database_url())})")
    typer.echo(f"  API docs   {base}/docs  and  {base}/redoc")
    typer.echo(f"  health     {base}/health     metrics  {base}/metrics")
    if settings.demo_user:
        # Demo credentials only, printed like the emulator's demo client secret.
        typer.echo(
            f"  demo user  {settings.demo_email} / {settings.demo_password.get_secret_value()}"
        )
        typer.echo(f"  demo key   X-API-Key: {settings.demo_api_key.get_secret_value()}")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@user_app.command("create")
def create_user(
    email: Annotated[str, typer.Argument(help="the user's email, used to log in")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    full_name: Annotated[str, typer.Option(help="display name")] = "",
    api_key: Annotated[bool, typer.Option(help="also issue an API key, shown once")] = False,
    db: DbOption = "",
) -> None:
    """Create a hub user (the first one, or any other)."""
    settings = settings_with(db=db)
    result = asyncio.run(_create_user(settings, email, password, full_name, api_key))
    typer.echo(result)


async def _create_user(
    settings: HubSettings, email: str, password: str, full_name: str, api_key: bool
) -> str:
    from .auth.tokens import issue_token
    from .auth.users import create_user
    from .db.models import TokenKind
    from .errors import HubError
    from .state import open_hub

    hub = await open_hub(settings)
    try:
        async with hub.db.sessions() as session:
            try:
                user = await create_user(
                    session,
                    passwords=hub.passwords,
                    email=email,
                    password=password,
                    full_name=full_name,
                )
            except HubError as exc:
                raise typer.BadParameter(exc.message, param_hint="EMAIL") from None
            lines = [f"created user {user.email} (id {user.id})"]
            if api_key:
                issued = await issue_token(
                    session, user_id=user.id, kind=TokenKind.api_key, name="cli"
                )
                lines.append(f"API key (shown once): {issued.value}")
            return "\n".join(lines)
    finally:
        await hub.close()


@keys_app.command("generate")
def generate_key() -> None:
    """Print a new key; put it first in ZOOMSTACK_HUB_TOKEN_KEYS, keep the old ones after it."""
    from .auth.keys import generate_token_key

    typer.echo(generate_token_key())


@keys_app.command("rotate")
def rotate_keys(db: DbOption = "") -> None:
    """Re-encrypt every stored Zoom token under the first configured key."""
    settings = settings_with(db=db)
    count = asyncio.run(_rotate(settings))
    typer.echo(f"re-encrypted the Zoom tokens of {count} user(s) under the newest key")


async def _rotate(settings: HubSettings) -> int:
    from .auth.zoom_tokens import reencrypt_zoom_tokens
    from .state import open_hub

    hub = await open_hub(settings)
    try:
        async with hub.db.sessions() as session:
            return await reencrypt_zoom_tokens(session, cipher=hub.cipher)
    finally:
        await hub.close()
