"""`zoomstack sync` loads the sync and nothing it does not use: not the web app, the
meeting intelligence, the speech stack, the emulator, nor Alembic and cryptography
when the database is at head and no Zoom user token is read (its memory depends on it)."""

from __future__ import annotations

import json
import subprocess
import sys

# What the command imports before it runs: the CLI, then the sync and the hub it opens.
IMPORTS = "import zoomstack.cli, zoomstack.hub.sync_cli, zoomstack.hub.state, zoomstack.hub.sync"
LEFT_OUT = (
    "zoomstack.hub.app",
    "zoomstack.hub.routes",
    "zoomstack.hub.web",
    "zoomstack.hub.insights",
    "zoomstack.hub.intel.pipeline",
    "zoomstack.hub.transcribe.service",
    "zoomstack.hub.transcribe.engine",
    "zoomstack.emulator.state",
    "zoomstack.up.stack",
    "alembic",
    "cryptography.fernet",  # (redis reads the package's version: that much stays)
    "cryptography.hazmat",
    "numpy",
    "faster_whisper",
    "ctranslate2",
    "av",
    "sumy",
    "nltk",
    "dateparser",
    "icalendar",
    "jinja2",
    "schemathesis",
    "moto",
    "boto3",
)


def test_the_sync_command_imports_none_of_the_heavy_parts() -> None:
    code = f"{IMPORTS}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stdout))
    pulled = sorted(
        name for name in loaded if any(name == m or name.startswith(f"{m}.") for m in LEFT_OUT)
    )
    assert pulled == []
