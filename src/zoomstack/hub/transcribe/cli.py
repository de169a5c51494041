"""`zoomstack transcribe FILE...`: the hub's transcription on local files, with a
progress bar; each file's WebVTT is written beside it (or where `--output` says)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import orjson
import typer

# The speech stack (faster-whisper, CTranslate2, PyAV, numpy) loads once the command
# runs, so every other command starts without it.
if TYPE_CHECKING:
    from rich.progress import Progress

    from .runner import Transcriber


def _run(runner: Transcriber, path: Path, bar: Progress) -> tuple[str, dict[str, Any]]:
    from .runner import all_cues
    from .vtt import write_vtt

    started = time.perf_counter()
    info = runner.probe(path)
    task = bar.add_task(path.name, total=info.duration or None)
    parts, peak, end = [], 0.0, 0.0
    for done in runner.steps(path):
        parts.append(done.cues)
        peak, end = max(peak, done.peak), done.end
        bar.update(task, completed=done.end)
    cues = all_cues(parts, peak=peak)
    seconds = time.perf_counter() - started
    figures = {
        "file": str(path),
        "duration_seconds": round(end, 3),
        "seconds": round(seconds, 3),
        "x_real_time": round(end / seconds, 2) if seconds else None,
        "cues": len(cues),
        "text": " ".join(cue.text for cue in cues),
    }
    return write_vtt(cues), figures


def _target(path: Path, output: str | None, many: bool) -> Path | None:
    if output == "-":
        return None
    if output is None:
        return path.with_suffix(".vtt")
    out = Path(output)
    return out / path.with_suffix(".vtt").name if many or out.is_dir() else out


def transcribe(
    files: Annotated[list[Path], typer.Argument(help="audio or video files", exists=True)],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="file or folder; '-' for stdout")
    ] = None,
    model: Annotated[
        str, typer.Option(help="CTranslate2 Whisper model folder (default: bundled tiny.en)")
    ] = "",
    chunk_seconds: Annotated[float, typer.Option(min=5, help="audio per step")] = 120.0,
    threads: Annotated[int, typer.Option(min=0, help="CPU threads; 0: every core")] = 0,
    json_out: Annotated[bool, typer.Option("--json", help="one JSON object per file")] = False,
) -> None:
    """Transcribe audio offline (faster-whisper, int8 on the CPU) into WebVTT."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from .engine import Engine, EngineOptions, EngineUnavailable
    from .runner import Transcriber

    try:
        engine = Engine(EngineOptions(model=model, threads=threads))
    except EngineUnavailable as exc:
        raise typer.BadParameter(str(exc), param_hint="--model") from exc
    runner = Transcriber(engine, chunk_seconds=chunk_seconds)
    failed = 0
    with Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
        TimeRemainingColumn(), console=Console(stderr=True), disable=json_out,
    ) as bar:  # fmt: skip
        for path in files:
            failed += _one(runner, path, _target(path, output, len(files) > 1), bar, json_out)
    raise typer.Exit(1 if failed else 0)


def _one(
    runner: Transcriber, path: Path, target: Path | None, bar: Progress, json_out: bool
) -> int:
    from .audio import AudioError

    try:
        vtt, figures = _run(runner, path, bar)
    except AudioError as exc:
        _say({"file": str(path), "error": str(exc)}, json_out, error=True)
        return 1
    if target is None:
        sys.stdout.write(vtt)
    else:
        target.write_text(vtt)
        figures["vtt"] = str(target)
    _say(figures, json_out, error=False)
    return 0


def _say(figures: dict[str, Any], json_out: bool, *, error: bool) -> None:
    if json_out:
        sys.stdout.write(orjson.dumps(figures).decode() + "\n")
    elif error:
        typer.echo(f"{figures['file']}: failed: {figures['error']}", err=True)
    else:
        where = figures.get("vtt", "stdout")
        typer.echo(
            f"{figures['file']}: {figures['duration_seconds']:.0f} s of audio in "
            f"{figures['seconds']:.1f} s ({figures['x_real_time']}x real time) -> {where}",
            err=True,
        )
