"""Transcription fixtures: a clip the emulator's voices speak from a known script, and a
hub that transcribes what it stores and watches a Zoom folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from zoomstack.config import HubSettings
from zoomstack.emulator import spoken_media
from zoomstack.emulator.dialogue import Person, Utterance
from zoomstack.emulator.generate import Script

pytestmark = pytest.mark.skipif(not spoken_media.available(), reason="speech extra missing")

ALICE, BOB, CAROL = (Person(n) for n in ("Alice Smith", "Bob Jones", "Carol White"))
LINES = (
    (ALICE, "Good morning everyone, thanks for joining the planning meeting."),
    (BOB, "Morning. The billing service migration is almost done."),
    (ALICE, "Great. What is left before we can ship it?"),
    (BOB, "We still need to update the payment tests and the release notes."),
    (ALICE, "Okay. Bob will update the payment tests by Friday."),
    (CAROL, "Sure. I will write the release notes by next Tuesday."),
    (ALICE, "We decided to ship the migration next week."),
    (CAROL, "Sounds good to me. I will send the customer email tomorrow."),
)
SCRIPT_TEXT = " ".join(text for _, text in LINES)


def known_script() -> Script:
    """The lines above, each given the time a person takes to say it, then a pause."""
    utterances, clock = [], 1.0
    for who, text in LINES:
        length = len(text.split()) / 2.4 + 0.8
        utterances.append(Utterance(who, text, clock, clock + length))
        clock += length + 0.7
    return Script(
        seed=0, kind="planning", topic="Planning", subject="the billing service",
        speakers=(ALICE, BOB, CAROL), duration=clock + 1.0, utterances=tuple(utterances),
        chat=(), sections=(),
    )  # fmt: skip


@pytest.fixture(scope="session")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The known script spoken, as the emulator's M4A (rendered once per session)."""
    folder = tmp_path_factory.mktemp("clip")
    return spoken_media.render_script(known_script(), folder)["M4A"]


@pytest.fixture
def hub_settings(hub_settings: HubSettings, tmp_path: Path) -> HubSettings:
    return hub_settings.model_copy(
        update={
            "transcribe_on_store": True,
            "max_upload_bytes": 8 * 1024 * 1024,
            "watch_path": tmp_path / "Zoom",
            "watch_on_start": True,
            "watch_settle_seconds": 0.2,
            "demo_user": True,
        }
    )
