"""What a live client receives: one JSON object per event, for one hub user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from ..db.base import new_id

MEETING_CREATED = "meeting.created"
MEETING_UPDATED = "meeting.updated"
MEETING_DELETED = "meeting.deleted"
MEETING_STARTED = "meeting.started"
MEETING_ENDED = "meeting.ended"
PARTICIPANT_JOINED = "meeting.participant_joined"
PARTICIPANT_LEFT = "meeting.participant_left"
RECORDING_COMPLETED = "recording.completed"  # Zoom has the recording; the hub fetches it
RECORDING_READY = "recording.ready"  # a file is in the hub's storage
TRANSCRIPT_READY = "transcript.ready"
SUMMARY_READY = "summary.ready"  # the meeting's insights are stored
ZOOM_SUMMARY_READY = "meeting.summary_completed"  # Zoom's own AI summary exists


class BadMessage(ValueError):
    """A message on the broker that is not a live event (another program's, a bug)."""


@dataclass(frozen=True, slots=True)
class LiveEvent:
    event: str
    user_id: str
    data: dict[str, Any] = field(default_factory=dict)
    id: str = field(default_factory=new_id)
    ts: str = field(default_factory=lambda: datetime.now(UTC).isoformat())

    def client_message(self) -> dict[str, Any]:
        """What the user's WebSocket clients are sent (their own id is implied)."""
        return {
            "type": "event",
            "event": self.event,
            "id": self.id,
            "ts": self.ts,
            "data": self.data,
        }

    def encode(self) -> bytes:
        return orjson.dumps(
            {
                "event": self.event,
                "user_id": self.user_id,
                "data": self.data,
                "id": self.id,
                "ts": self.ts,
            }
        )

    @classmethod
    def decode(cls, raw: bytes | str) -> LiveEvent:
        try:
            body = orjson.loads(raw)
            return cls(body["event"], body["user_id"], dict(body["data"]), body["id"], body["ts"])
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise BadMessage(f"not a live event: {type(exc).__name__}") from None
