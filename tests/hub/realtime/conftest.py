"""Redis for the live-update tests: the suite's Redis, a channel of each test's own
(pub/sub channels are shared by every database number of a server)."""

from __future__ import annotations

import os
import uuid

import pytest

REDIS_URL = os.environ.get("ZOOMSTACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def channel() -> str:
    return f"zoomstack:test:live:{uuid.uuid4().hex}"
