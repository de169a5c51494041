"""The `zoomstack` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .config import AuthMode, EmulatorSettings
from .emulator.fixtures_command import app as data_app
from .hub import sync_cli
from .hub.commands import keys_app as hub_keys_app
from .hub.commands import user_app as hub_user_app
from .hub.intel.cli import app as intel_app
from .hub.transcribe import cli as transcribe_cli
from .up.command import up as up_command

app = typer.Typer(
    help="A local Zoom cloud and a meeting backend on top of any Zoom.", no_args_is_help=True
)
app.add_typer(intel_app, name="intel")
app.add_typer(data_app, name="data")
app.add_typer(hub_user_app, name="hub-user")
app.add_typer(hub_keys_app, name="hub-keys")
app.command("up")(up_command)
app.command("run", help="The same as `up` (what `make run` does).")(up_command)


# How `zoomstack emulator` serves (bench/emulator_http.py serves its baseline the same
# way): httptools and uvloop, no access log.
SERVER_OPTIONS: dict[str, Any] = {
    "http": "httptools",
    "loop": "uvloop",
    "log_level": "warning",
    "access_log": False,
}


def _in_memory(database_url: str) -> bool:
    path = database_url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return database_url.startswith("sqlite:") and path in ("", ":memory:")


def _print_banner(settings: EmulatorSettings) -> None:
    base = settings.base_url()
    typer.echo(f"zoomstack emulator on {base}  (store: {settings.database_url()})")
    typer.echo(f"  API        {base}/v2")
    typer.echo(f"  OAuth      {base}/oauth/token")
    typer.echo(f"  control    {base}/_emulator/health")
    typer.echo(f"  account_id     {settings.account_id}")
    typer.echo(f"  client_id      {settings.client_id}")
    typer.echo(f"  client_secret  {settings.client_secret.get_secret_value()}")
    typer.echo(f"  auth mode      {settings.auth_mode.value}")


@app.command()
def emulator(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    db: Annotated[
        str, typer.Option(help="sqlite:///path or postgresql://... (default: data dir)")
    ] = "",
    data_dir: Annotated[Path | None, typer.Option(help="where the SQLite file lives")] = None,
    seed: Annotated[int | None, typer.Option(help="seed for generated ids and data")] = None,
    workers: Annotated[int, typer.Option(help="worker processes sharing one store")] = 1,
    auth_mode: Annotated[
        AuthMode, typer.Option(help="lenient: any bearer; strict: issued tokens only")
    ] = AuthMode.lenient,
    rate_limits: Annotated[
        bool, typer.Option("--rate-limits", help="answer 429 past Zoom's rate limits")
    ] = False,
    rate_limit_plan: Annotated[
        str | None, typer.Option(help="free, pro or business (default business)")
    ] = None,
    rate_limit_storage: Annotated[
        str | None, typer.Option(help="memory:// or redis://host:port/db (shared by workers)")
    ] = None,
    webhook_url: Annotated[
        str | None, typer.Option(help="app-level endpoint that gets every event")
    ] = None,
    public_url: Annotated[
        str | None, typer.Option(help="base URL of the links it hands out (downloads, join)")
    ] = None,
    tls: Annotated[
        bool, typer.Option("--tls", help="serve HTTPS, with a certificate from a local CA")
    ] = False,
    tls_dir: Annotated[
        Path | None, typer.Option(help="where the local CA and certificate live (data dir/tls)")
    ] = None,
) -> None:
    """Serve the emulated Zoom API (/v2), OAuth (/oauth) and control plane (/_emulator)."""
    import os

    import uvicorn

    overrides: dict[str, object] = {"host": host, "port": port, "auth_mode": auth_mode}
    if db:
        overrides["db"] = db
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    if seed is not None:
        overrides["seed"] = seed
    if rate_limits:
        overrides["rate_limits"] = True
    optional = {
        "rate_limit_plan": rate_limit_plan,
        "rate_limit_storage": rate_limit_storage,
        "webhook_url": webhook_url,
        "public_url": public_url or (_https_url(host, port) if tls else None),
    }
    overrides.update({key: value for key, value in optional.items() if value is not None})
    settings = EmulatorSettings(**overrides)  # type: ignore[arg-type]
    if workers > 1 and _in_memory(settings.database_url()):
        raise typer.BadParameter(
            "each worker would get its own in-memory store; "
            "use a SQLite file or PostgreSQL with several workers",
            param_hint="--workers",
        )
    # Workers are separate processes: hand them the settings through the environment.
    for key, value in overrides.items():
        os.environ[f"ZOOMSTACK_EMULATOR_{key.upper()}"] = str(getattr(value, "value", value))
    _print_banner(settings)
    certfile, keyfile = _tls_files(settings, tls_dir) if tls else (None, None)
    uvicorn.run(
        "zoomstack.emulator.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        **SERVER_OPTIONS,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
    )


def _https_url(host: str, port: int) -> str:
    shown = "localhost" if host in ("0.0.0.0", "::", "") else host
    return f"https://{f'[{shown}]' if ':' in shown else shown}:{port}"


def _tls_files(settings: EmulatorSettings, tls_dir: Path | None) -> tuple[str, str]:
    """Make (or reuse) the local CA, issue the serving certificate, say what to trust."""
    from .testing.tls import ensure_tls, server_names

    names = server_names(settings.host, settings.public_url)
    files = ensure_tls(tls_dir or settings.data_dir / "tls", names)
    typer.echo(f"  CA bundle      {files.ca_bundle}")
    typer.echo(
        f"  trust it with  SSL_CERT_FILE / REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS={files.ca_bundle}"
    )
    return str(files.certfile), str(files.keyfile)


@app.command()
def when(
    texts: Annotated[
        list[str], typer.Argument(help='phrases to read, or "-" for JSON lines on stdin')
    ],
    now: Annotated[
        str | None, typer.Option(help="ISO datetime the phrases are relative to (default: now)")
    ] = None,
    tz: Annotated[str, typer.Option(help="IANA time zone, e.g. America/New_York")] = "UTC",
    json_out: Annotated[bool, typer.Option("--json", help="one JSON object per phrase")] = False,
) -> None:
    """Read scheduling phrases: start/end or window, duration, recurrence, attendees, topic."""
    import sys

    from .hub.scheduling.command import run_lines, run_texts
    from .hub.scheduling.model import WhenInputError

    try:
        if texts == ["-"]:
            raise typer.Exit(run_lines(sys.stdin, now, tz, sys.stdout))
        raise typer.Exit(run_texts(texts, now, tz, json_out, sys.stdout))
    except WhenInputError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def seed(
    users: Annotated[int, typer.Option(min=0, help="users to create")] = 10,
    meetings_per_user: Annotated[int, typer.Option(min=0, help="meetings per user")] = 5,
    seed: Annotated[int, typer.Option(help="same seed, same data (ids included)")] = 42,
    db: Annotated[
        str, typer.Option(help="sqlite:///path or postgresql://... (default: the emulator's)")
    ] = "",
    json_out: Annotated[bool, typer.Option("--json", help="print what was made as JSON")] = False,
) -> None:
    """Fill the emulator with users, past meetings (recordings, transcripts, summaries), upcoming ones."""
    from .emulator.seed_command import run

    raise typer.Exit(
        run(
            users=users,
            meetings_per_user=meetings_per_user,
            seed_value=seed,
            db=db,
            json_out=json_out,
        )
    )


@app.command()
def hub(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8080,
    db: Annotated[
        str, typer.Option(help="sqlite:///path or postgresql://... (default: data dir)")
    ] = "",
    data_dir: Annotated[Path | None, typer.Option(help="database, storage and keys")] = None,
    storage_url: Annotated[
        str, typer.Option(help="file:///path or s3://bucket/prefix (default: data dir)")
    ] = "",
    demo_user: Annotated[
        bool | None, typer.Option(help="create the demo user and its API key")
    ] = None,
    workers: Annotated[int, typer.Option(help="worker processes sharing one database")] = 1,
) -> None:
    """Serve the hub (runs its database migrations first); API docs at /docs."""
    from .hub.commands import serve, settings_with

    options = {"host": host, "port": port, "db": db, "data_dir": data_dir}
    options |= {"storage_url": storage_url, "demo_user": demo_user}
    settings = settings_with(**options)
    serve(
        settings, workers=workers, exported=[k for k, v in options.items() if v not in (None, "")]
    )


app.command("sync")(sync_cli.sync)
app.command("watch")(sync_cli.watch)
app.command("transcribe")(transcribe_cli.transcribe)


@app.command()
def coverage(
    json_out: Annotated[
        bool, typer.Option("--json", help="the figures as one JSON object")
    ] = False,
    details: Annotated[bool, typer.Option(help="also list every operation and its answer")] = False,
) -> None:
    """Zoom's operations per family and tag: hand-written, answered from the spec, or not."""
    from .emulator.coverage import run

    raise typer.Exit(run(json_out=json_out, details=details))


@app.command()
def version() -> None:
    """Print the version."""
    from . import __version__

    typer.echo(__version__)


if __name__ == "__main__":
    app()
