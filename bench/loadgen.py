"""Load generators: wrk when it is installed, else a small asyncio HTTP/1.1 client.

Both hold a fixed number of keep-alive connections busy for a fixed time (closed
loop) and report requests per second and latency percentiles. The Python client
also stops at a request cap; wrk has no such switch (a Lua `response` hook could
count, but it slows wrk down enough to skew the figures), so its runs are bounded
by their duration.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# wrk's own summary, as one JSON line the runner can read (latency in microseconds).
WRK_DONE_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"non2xx": %d, "socket_errors": %d, "timeouts": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect + e.read + e.write, e.timeout))
end
"""

# An answer is late, not lost, until this: wrk's own 2 s counts a saturated server's
# slow answers as errors (bench/soak.py waits as long).
WRK_TIMEOUT = "30s"


@dataclass(frozen=True, slots=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    failures: int  # non-2xx answers, socket errors and answers slower than WRK_TIMEOUT
    non2xx: int = 0
    timeouts: int = 0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class Wrk:
    name = "wrk"

    def __init__(self, binary: str, connections: int) -> None:
        self.binary = binary
        self.connections = connections
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
        with script:
            script.write(WRK_DONE_SCRIPT)
        self.script = script.name

    def run(self, url: str, headers: dict[str, str], seconds: float) -> LoadResult:
        cmd = [self.binary, "-t1", f"-c{self.connections}", f"-d{seconds:g}s", "-s", self.script]
        cmd += ["--timeout", WRK_TIMEOUT]
        for name, value in headers.items():
            cmd += ["-H", f"{name}: {value}"]
        out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
        line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
        data = json.loads(line.removeprefix("WRKJSON "))
        return LoadResult(
            requests=data["requests"],
            seconds=data["duration_us"] / 1e6,
            p50_ms=data["p50_us"] / 1e3,
            p99_ms=data["p99_us"] / 1e3,
            failures=data["non2xx"] + data["socket_errors"] + data["timeouts"],
            non2xx=data["non2xx"],
            timeouts=data["timeouts"],
        )

    def close(self) -> None:
        Path(self.script).unlink(missing_ok=True)


class PythonLoad:
    """Keep-alive HTTP/1.1 GETs over asyncio streams (uvloop), one coroutine per connection."""

    name = "python-asyncio"

    def __init__(self, connections: int, max_requests: int) -> None:
        self.connections = connections
        self.max_requests = max_requests

    def run(self, url: str, headers: dict[str, str], seconds: float) -> LoadResult:
        import uvloop

        return uvloop.run(self._run(url, headers, seconds))

    async def _run(self, url: str, headers: dict[str, str], seconds: float) -> LoadResult:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        address = (parts.hostname or "127.0.0.1", parts.port or 80)
        latencies: list[float] = []
        failures = [0]
        start = time.perf_counter()
        deadline = start + seconds
        await asyncio.gather(
            *(
                self._connection(address, request, deadline, latencies, failures)
                for _ in range(self.connections)
            )
        )
        elapsed = time.perf_counter() - start
        latencies.sort()
        return LoadResult(
            requests=len(latencies),
            seconds=elapsed,
            p50_ms=_percentile(latencies, 0.50) * 1e3,
            p99_ms=_percentile(latencies, 0.99) * 1e3,
            failures=failures[0],
        )

    async def _connection(
        self,
        address: tuple[str, int],
        request: bytes,
        deadline: float,
        latencies: list[float],
        failures: list[int],
    ) -> None:
        reader, writer = await asyncio.open_connection(*address)
        try:
            while time.perf_counter() < deadline and len(latencies) < self.max_requests:
                sent = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                await reader.readexactly(_content_length(head))
                latencies.append(time.perf_counter() - sent)
                if not head.startswith(b"HTTP/1.1 2"):
                    failures[0] += 1
        finally:
            writer.close()

    def close(self) -> None:
        pass


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    raise ValueError("response without Content-Length")


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(int(q * len(sorted_values)), len(sorted_values) - 1)]


def load_generator(connections: int, max_requests: int, prefer: str = "wrk") -> Wrk | PythonLoad:
    """wrk if it is on PATH (and wanted), else the Python client."""
    binary = shutil.which("wrk") if prefer == "wrk" else None
    if binary:
        return Wrk(binary, connections)
    return PythonLoad(connections, max_requests)
