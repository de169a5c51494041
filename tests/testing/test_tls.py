"""HTTPS for out-of-process clients: a local CA, and `zoomstack emulator --tls`."""

from __future__ import annotations

import os
import re
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import requests

from zoomstack.testing.runner import free_socket
from zoomstack.testing.tls import ensure_tls, server_names

START_SECONDS = 30.0


def test_the_ca_is_made_once_and_the_certificate_each_time(tmp_path: Path) -> None:
    first = ensure_tls(tmp_path, ["localhost"])
    ca_pem = first.ca_bundle.read_bytes()
    cert_pem = first.certfile.read_bytes()
    second = ensure_tls(tmp_path, ["localhost", "zoom.example.test"])
    assert second.ca_bundle.read_bytes() == ca_pem  # trusted once, trusted after restarts
    assert second.certfile.read_bytes() != cert_pem
    assert oct(second.keyfile.stat().st_mode & 0o777) == "0o600"
    context = ssl.create_default_context(cafile=str(second.ca_bundle))
    context.load_cert_chain(str(second.certfile), str(second.keyfile))  # key matches cert


def test_server_names_cover_loopback_the_host_and_the_public_url() -> None:
    assert server_names("0.0.0.0") == ["localhost", "127.0.0.1", "::1"]
    assert server_names("10.1.2.3", "https://zoom.example.test:8443") == [
        "localhost",
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "zoom.example.test",
    ]


class Served:
    def __init__(self, process: subprocess.Popen[str], base: str, ca_bundle: str) -> None:
        self.process, self.base, self.ca_bundle = process, base, ca_bundle


def _banner_value(lines: list[str], label: str) -> str:
    for line in lines:
        found = re.match(rf"\s+{label}\s+(\S+)", line)
        if found:
            return found.group(1)
    raise AssertionError(f"{label} not printed in {lines}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()  # the emulator binds it itself
    command = [
        sys.executable, "-m", "zoomstack.cli", "emulator", "--tls", "--port", str(port),
        "--data-dir", str(tmp_path), "--public-url", f"https://localhost:{port}",
    ]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(10)]
    try:
        yield Served(process, f"https://localhost:{port}", _banner_value(lines, "CA bundle"))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_healthy(url: str, verify: ssl.SSLContext) -> httpx.Response:
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            return httpx.get(url, verify=verify)
        except httpx.ConnectError as exc:
            if "CERTIFICATE_VERIFY_FAILED" in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_tls_emulator_is_trusted_through_the_printed_ca_bundle(served: Served) -> None:
    trusted = ssl.create_default_context(cafile=served.ca_bundle)
    health = _wait_healthy(f"{served.base}/_emulator/health", trusted)
    assert health.json()["status"] == "ok"
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"{served.base}/_emulator/health")  # the system store does not know it
    token = requests.post(
        f"{served.base}/oauth/token",
        data={"grant_type": "account_credentials", "account_id": health.json()["account_id"]},
        auth=("zoomstack-demo-client", "zoomstack-demo-secret"),
        verify=served.ca_bundle,
        timeout=10,
    ).json()["access_token"]
    bearer = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=served.base, verify=trusted, headers=bearer) as client:
        meeting = client.post("/v2/users/me/meetings", json={"topic": "Daily sync over TLS"}).json()
        run = client.post(f"/_emulator/meetings/{meeting['id']}/simulate", json={"duration": 1})
        files = {f["file_type"]: f for f in run.json()["recording"]["recording_files"]}
        assert all(f["download_url"].startswith(f"{served.base}/rec/") for f in files.values())
        transcript = files["TRANSCRIPT"]
        got = client.get(transcript["download_url"], params={"access_token": token})
        assert len(got.content) == transcript["file_size"]
