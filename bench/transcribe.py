"""Offline transcription speed and memory on a generated meeting.

A meeting of `--minutes` (10 by default) is written by the emulator's generator and
spoken by its voices into an M4A (the render is timed too). Then, in the same run:

- baseline: decoding the file to 16 kHz samples (what transcription must read anyway);
- transcribe: `zoomstack transcribe FILE --json` as a child process (default model,
  bundled tiny.en, int8 on the CPU), its RSS sampled while it runs.

Figures: speed as a multiple of real time (target >= 8x on a 2-core machine), the CPU
seconds it used, peak RSS (target < 1 GB), and the word error rate against the script.
Never part of `make test`.

    python bench/transcribe.py [--minutes 10] [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import jiwer
import psutil

from zoomstack.emulator import spoken_media
from zoomstack.emulator.generate import people, script
from zoomstack.hub.transcribe.audio import SAMPLE_RATE, decode

SAMPLE_SECONDS = 0.05
NORMAL = jiwer.Compose(
    [jiwer.ToLowerCase(), jiwer.RemovePunctuation(), jiwer.RemoveMultipleSpaces(),
     jiwer.Strip(), jiwer.ReduceToListOfListOfWords()]
)  # fmt: skip


def render(minutes: int, seed: int, folder: Path) -> tuple[Path, str, float]:
    said = script(
        seed=seed, topic="Billing service design review", speakers=people(seed, 4),
        duration=minutes * 60.0,
    )  # fmt: skip
    started = time.perf_counter()
    path = spoken_media.render_script(said, folder)["M4A"]
    return path, " ".join(u.text for u in said.utterances), time.perf_counter() - started


def decode_seconds(path: Path) -> tuple[float, float]:
    """(seconds to decode, seconds of audio)."""
    started = time.perf_counter()
    samples = sum(piece.shape[1] for piece in decode(path, 1))
    return time.perf_counter() - started, samples / SAMPLE_RATE


class Sampler(threading.Thread):
    """Peak RSS and CPU time of a process, sampled while it runs."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak = 0
        self.cpu = 0.0

    def run(self) -> None:
        while True:
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
                times = self.process.cpu_times()
                self.cpu = times.user + times.system
            except psutil.Error:
                return
            time.sleep(SAMPLE_SECONDS)


def transcribe(path: Path) -> tuple[dict[str, Any], float, int, float]:
    command = [sys.executable, "-m", "zoomstack.cli", "transcribe", str(path), "--json"]
    command += ["--output", str(path.with_suffix(".vtt"))]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE)
    sampler = Sampler(child.pid)
    sampler.start()
    out, _ = child.communicate()
    wall = time.perf_counter() - started
    sampler.join(timeout=1)
    if child.returncode != 0:
        raise SystemExit(f"zoomstack transcribe failed ({child.returncode})")
    return json.loads(out.decode().strip().splitlines()[-1]), wall, sampler.peak, sampler.cpu


def measure(minutes: int, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as work:
        path, reference, render_s = render(minutes, seed, Path(work))
        decode_s, audio_s = decode_seconds(path)
        result, wall, peak, cpu = transcribe(path)
    wer = jiwer.wer(
        reference, result["text"], reference_transform=NORMAL, hypothesis_transform=NORMAL
    )
    return {
        "audio_seconds": round(audio_s, 1),
        "render_x_real_time": round(audio_s / render_s, 1),
        "decode_x_real_time": round(audio_s / decode_s, 1),
        "transcribe_x_real_time": round(audio_s / result["seconds"], 2),
        "process_x_real_time": round(audio_s / wall, 2),
        "cpu_seconds": round(cpu, 1),
        "cpu_x_real_time_per_core": round(audio_s / cpu, 2) if cpu else None,
        "peak_rss_mb": round(peak / 1_000_000),
        "wer": round(float(wer), 3),
        "model": "faster-whisper tiny.en int8 (bundled)",
        "cores": psutil.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="one JSON object of the figures")
    args = parser.parse_args()
    figures = measure(args.minutes, args.seed)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{'figure':<28}value")
    for name, value in figures.items():
        print(f"{name:<28}{value}")
    print("targets: transcribe_x_real_time >= 8, peak_rss_mb < 1000")


if __name__ == "__main__":
    main()
