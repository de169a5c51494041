"""What the control plane answers, as typed values (each keeps the raw JSON in `raw`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal


def parse_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True, slots=True)
class Simulation:
    """One simulated meeting instance (POST /_emulator/meetings/{id}/simulate)."""

    uuid: str
    meeting_id: int
    topic: str
    start_time: datetime
    end_time: datetime
    participants_count: int
    recording_files: list[dict[str, Any]]
    summary: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Simulation:
        return cls(
            uuid=body["uuid"],
            meeting_id=int(body["meeting_id"]),
            topic=body["topic"],
            start_time=parse_time(body["start_time"]),
            end_time=parse_time(body["end_time"]),
            participants_count=int(body["participants_count"]),
            recording_files=list(body["recording"]["recording_files"]),
            summary=dict(body["summary"]),
            raw=body,
        )


DeliveryStatus = Literal["pending", "retrying", "delivered", "failed"]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event sent (or being sent) to one webhook endpoint, with its attempts."""

    id: str
    subscription_id: str
    event: str
    event_ts: int
    url: str
    status: DeliveryStatus
    attempts: list[dict[str, Any]]
    payload: dict[str, Any]
    raw: dict[str, Any] = field(repr=False)

    @property
    def done(self) -> bool:
        """Its first attempt is over (delivered, failed, or waiting for a retry)."""
        return self.status != "pending"

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Delivery:
        return cls(
            id=body["id"],
            subscription_id=body["subscription_id"],
            event=body["event"],
            event_ts=int(body["event_ts"]),
            url=body["url"],
            status=body["status"],
            attempts=list(body["attempts"]),
            payload=dict(body["payload"]),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class Subscription:
    """A webhook endpoint the emulator sends events to (secrets left out)."""

    id: str
    url: str
    events: list[str]
    scope: str
    account_id: str
    enabled: bool
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Subscription:
        return cls(
            id=body["id"],
            url=body["url"],
            events=list(body["events"]),
            scope=body["scope"],
            account_id=body["account_id"],
            enabled=bool(body["enabled"]),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class FaultRule:
    """A fault injection rule; `fired` counts the requests it hit so far."""

    id: str
    method: str
    path: str
    status: int | None
    probability: float
    latency_ms: int
    drop: bool
    times: int | None
    fired: int = 0

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> FaultRule:
        return cls(
            id=body["id"],
            method=body["method"],
            path=body["path"],
            status=body["status"],
            probability=float(body["probability"]),
            latency_ms=int(body["latency_ms"]),
            drop=bool(body["drop"]),
            times=body["times"],
            fired=int(body.get("fired", 0)),
        )


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request the emulator answered, from its request log."""

    time: datetime
    method: str
    path: str
    query: str
    status: int | None  # None when the connection was dropped
    latency_ms: float
    account_id: str | None
    fault: str | None

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> LoggedRequest:
        return cls(
            time=parse_time(body["time"]),
            method=body["method"],
            path=body["path"],
            query=body["query"],
            status=body["status"],
            latency_ms=float(body["latency_ms"]),
            account_id=body["account_id"],
            fault=body["fault"],
        )
