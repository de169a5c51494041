"""Webhook helpers: a test's own handler gets the emulator's signed events.

The flow a user's suite runs with the fixtures alone: a webhook handler (an ASGI
app that checks Zoom's signature and answers the url_validation challenge) is
subscribed, a meeting is simulated, and the handler sees the meeting start, end
and its recording complete -- then fetches the recording from the download URL
the event carried, through `zoom_mock`.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zoomstack.testing.handle import ZoomEmulator, run_emulator
from zoomstack.testing.mock import MockZoom
from zoomstack.zoom import (
    WebhookVerificationError,
    ZoomAPIError,
    url_validation_response,
    verify_webhook,
)


class RecordingArchiver:
    """The user's code under test: on recording.completed, download every file."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.events: list[str] = []
        self.downloaded: dict[str, tuple[int, int]] = {}  # file type: (got, announced)
        self.app = Starlette(routes=[Route("/zoom/events", self.receive, methods=["POST"])])

    async def receive(self, request: Request) -> Response:
        body = await request.body()
        try:
            verify_webhook(self.secret, request.headers, body)
        except WebhookVerificationError:
            return Response(status_code=401)
        event: dict[str, Any] = await request.json()
        if event["event"] == "endpoint.url_validation":
            token = event["payload"]["plainToken"]
            return JSONResponse(url_validation_response(self.secret, token))
        self.events.append(event["event"])
        if event["event"] == "recording.completed":
            await self.archive(event)
        return Response(status_code=204)

    async def archive(self, event: dict[str, Any]) -> None:
        token = event["download_token"]
        async with httpx.AsyncClient(follow_redirects=True) as http:
            for item in event["payload"]["object"]["recording_files"]:
                reply = await http.get(item["download_url"], params={"access_token": token})
                reply.raise_for_status()
                self.downloaded[item["file_type"]] = (len(reply.content), item["file_size"])


def test_simulated_meeting_drives_the_user_s_webhook_handler(
    zoom_emulator: ZoomEmulator, zoom_mock: MockZoom
) -> None:
    archiver = RecordingArchiver(zoom_emulator.webhook_secret)
    zoom_emulator.subscribe_app(
        archiver.app, path="/zoom/events", events=["meeting.*", "recording.completed"]
    )
    meeting = zoom_emulator.create_meeting(topic="Quarterly planning", duration=2)
    run = zoom_emulator.simulate(meeting.id, participants=3, seed=9)

    delivered = zoom_emulator.wait_for_deliveries(event="recording.completed")
    assert [d.status for d in delivered] == ["delivered"]
    assert delivered[0].payload["payload"]["object"]["uuid"] == run.uuid
    order = ["meeting.created", "meeting.started", "meeting.ended", "recording.completed"]
    assert [name for name in archiver.events if name in order] == order
    assert "MP4" in archiver.downloaded
    assert all(got == announced for got, announced in archiver.downloaded.values())


def test_deliveries_are_listed_oldest_first_and_filtered(zoom_emulator: ZoomEmulator) -> None:
    archiver = RecordingArchiver(zoom_emulator.webhook_secret)
    sub = zoom_emulator.subscribe_app(archiver.app, path="/zoom/events", events=["user.*"])
    zoom_emulator.create_user("one@example.com")
    zoom_emulator.create_user("two@example.com")
    done = zoom_emulator.wait_for_deliveries(2, event="user.created")
    emails = [d.payload["payload"]["object"]["email"] for d in done]
    assert emails == ["one@example.com", "two@example.com"]
    assert {d.subscription_id for d in done} == {sub.id}
    challenges = zoom_emulator.deliveries(event="endpoint.url_validation")
    assert [c.status for c in challenges] == ["delivered"]
    assert "endpoint.url_validation" not in {d.event for d in zoom_emulator.deliveries()}


def test_an_endpoint_that_fails_the_challenge_is_not_saved(zoom_emulator: ZoomEmulator) -> None:
    wrong = RecordingArchiver("not-the-emulator-secret")
    with pytest.raises(ZoomAPIError) as refused:
        zoom_emulator.subscribe_app(wrong.app, path="/zoom/events")
    assert refused.value.status == 400 and "validation failed" in refused.value.message
    sub = zoom_emulator.subscribe_app(wrong.app, path="/zoom/events", validate=False)
    zoom_emulator.unsubscribe(sub.id)
    assert zoom_emulator.api("GET", "users/me")["id"]  # still answering
    assert zoom_emulator._control("GET", "webhooks")["total_records"] == 0


def test_waiting_for_deliveries_that_never_come_times_out(zoom_emulator: ZoomEmulator) -> None:
    with pytest.raises(TimeoutError, match="0 of 1"):
        zoom_emulator.wait_for_deliveries(event="meeting.started", timeout=0.1)


def test_in_process_apps_need_an_emulator_this_process_runs() -> None:
    with run_emulator(serve=True) as served:
        remote = ZoomEmulator.connect(served.base_url)
        try:
            with pytest.raises(RuntimeError, match="subscribe_app needs an emulator"):
                remote.subscribe_app(RecordingArchiver("s").app)
        finally:
            remote.close()
