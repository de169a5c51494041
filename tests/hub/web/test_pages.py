"""The dashboard's pages and forms over the hub's services, without a browser."""

from __future__ import annotations

import asyncio
import html
import re

from sqlalchemy import select

from tests.hub.conftest import PASSWORD
from tests.hub.web.conftest import csrf_of, sign_in
from tests.hub.zoomed import HUB_BASE, OWNER, Zoomed
from zoomstack.hub.db.meeting_models import MeetingInsight
from zoomstack.hub.db.sync_models import SyncItem, SyncStatus

ALICE = "alice@example.com"


async def test_pages_send_a_stranger_to_the_login(zoomed: Zoomed) -> None:
    answer = await zoomed.client.get("/app/meetings?week=2030-01-01")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/app/login?next=/app/meetings%3Fweek%3D2030-01-01"
    assert (await zoomed.client.get("/")).headers["location"] == "/app"


async def test_a_wrong_password_stays_on_the_login(zoomed: Zoomed) -> None:
    await zoomed.user(ALICE)
    answer = await zoomed.client.post("/app/login", data={"email": ALICE, "password": "nope"})
    assert answer.status_code == 401
    assert "Incorrect email or password." in answer.text
    assert "zs_session" not in zoomed.client.cookies


async def test_login_goes_back_only_to_the_dashboard(zoomed: Zoomed) -> None:
    await zoomed.user(ALICE)
    for asked, landed in (
        ("/app/recordings", "/app/recordings"),
        ("https://evil.example", "/app"),
        ("//evil", "/app"),
    ):
        form = {"email": ALICE, "password": PASSWORD, "next": asked}
        answer = await zoomed.client.post("/app/login", data=form)
        assert answer.headers["location"] == landed
        assert "httponly" in answer.headers["set-cookie"].lower()


async def test_the_meetings_page_shows_a_meeting_made_through_the_api(zoomed: Zoomed) -> None:
    await sign_in(zoomed, ALICE)
    made = await zoomed.meeting(
        zoomed.users[ALICE], topic="Quarterly planning", start_time="2030-01-02T15:00:00Z"
    )
    week = await zoomed.client.get("/app/meetings?week=2030-01-02")
    assert week.status_code == 200
    assert (
        f'href="/app/meetings/{made["id"]}"><span class="when">15:00</span> Quarterly planning'
        in week.text
    )
    assert "Week of 31 Dec to 06 Jan 2030" in week.text
    page = await zoomed.client.get(f"/app/meetings/{made['id']}")
    assert "Quarterly planning" in page.text and "Edit or cancel" in page.text


async def test_forms_without_the_csrf_token_are_refused(zoomed: Zoomed) -> None:
    await sign_in(zoomed, ALICE)
    made = await zoomed.meeting(zoomed.users[ALICE])
    answer = await zoomed.client.post(f"/app/meetings/{made['id']}/cancel", data={"csrf": "0" * 32})
    assert answer.status_code == 403
    still = await zoomed.client.get(f"/api/meetings/{made['id']}", headers=zoomed.users[ALICE])
    assert still.json()["status"] == "waiting"


async def test_scheduling_in_plain_words_books_the_meeting(zoomed: Zoomed) -> None:
    csrf = await sign_in(zoomed, ALICE)
    zoomed.client.cookies.set("zs_tz", "America/New_York")
    form = {"csrf": csrf, "text": "Budget review on March 5 2030 at 3pm for 45 minutes"}
    answer = await zoomed.client.post("/app/meetings/schedule", data=form)
    assert answer.status_code == 303, answer.text
    meeting_id = answer.headers["location"].split("?")[0].rsplit("/", 1)[1]
    read = await zoomed.client.get(f"/api/meetings/{meeting_id}", headers=zoomed.users[ALICE])
    assert read.json()["start_time"] == "2030-03-05T20:00:00Z"
    assert read.json()["duration"] == 45


async def test_words_without_a_time_get_an_answer_not_a_booking(zoomed: Zoomed) -> None:
    csrf = await sign_in(zoomed, ALICE)
    answer = await zoomed.client.post(
        "/app/meetings/schedule", data={"csrf": csrf, "text": "lunch"}
    )
    assert answer.status_code in (200, 422)
    listed = await zoomed.client.get("/api/meetings", headers=zoomed.users[ALICE])
    assert listed.json()["total_records"] == 0


async def test_edit_and_cancel(zoomed: Zoomed) -> None:
    csrf = await sign_in(zoomed, ALICE)
    made = await zoomed.meeting(zoomed.users[ALICE])
    path = f"/app/meetings/{made['id']}"
    form = {"csrf": csrf, "topic": "Renamed", "start": "2030-01-03T09:30", "duration": "20"}
    edited = await zoomed.client.post(f"{path}/edit", data=form)
    assert edited.headers["location"] == f"{path}?notice=Meeting+updated."
    read = (
        await zoomed.client.get(f"/api/meetings/{made['id']}", headers=zoomed.users[ALICE])
    ).json()
    assert (read["topic"], read["start_time"], read["duration"]) == (
        "Renamed",
        "2030-01-03T09:30:00Z",
        20,
    )
    bad = await zoomed.client.post(f"{path}/edit", data={**form, "start": "soon"})
    assert "error=Not+a+time" in bad.headers["location"]
    cancelled = await zoomed.client.post(f"{path}/cancel", data={"csrf": csrf})
    assert cancelled.headers["location"].startswith("/app/meetings?notice=Cancelled")
    gone = await zoomed.client.get(f"/api/meetings/{made['id']}", headers=zoomed.users[ALICE])
    assert gone.status_code == 404


async def test_a_held_meeting_shows_its_summary_and_action_items_can_be_ticked(
    zoomed: Zoomed,
) -> None:
    await sign_in(zoomed, ALICE)
    meeting, _ = await zoomed.held(zoomed.users[ALICE], participants=3, duration=3, seed=11)
    page = await zoomed.client.get(f"/app/meetings/{meeting['id']}")
    csrf = csrf_of(page)
    for heading in ("Summary", "Action items", "Speaking time", "Transcript", "Recordings"):
        assert f">{heading}</h2>" in page.text
    assert page.text.count('<rect x="170"') >= 2  # a bar per speaker
    ticked = await zoomed.client.post(
        f"/app/meetings/{meeting['id']}/actions/0",
        data={"csrf": csrf, "done": "true"},
        headers={"x-requested-with": "zoomstack"},
    )
    assert ticked.json() == {"index": 0, "done": True}
    async with zoomed.hub.db.sessions() as session:
        row = await session.scalar(
            select(MeetingInsight).where(MeetingInsight.meeting_id == str(meeting["id"]))
        )
    assert row is not None and row.insights is not None
    assert row.insights["action_items"][0]["done"] is True
    missing = await zoomed.client.post(
        f"/app/meetings/{meeting['id']}/actions/999",
        data={"csrf": csrf, "done": "true"},
        headers={"x-requested-with": "zoomstack"},
    )
    assert missing.status_code == 404


async def test_the_past_list_shows_meetings_known_only_by_their_recordings(zoomed: Zoomed) -> None:
    owner = await zoomed.user(OWNER)
    meeting, _ = await zoomed.held(owner, participants=3, duration=2, seed=5)
    await sign_in(zoomed, OWNER)
    async with zoomed.hub.db.sessions() as session:
        from zoomstack.hub.db.meeting_models import Meeting

        copy = await session.scalar(select(Meeting).where(Meeting.zoom_id == str(meeting["id"])))
        assert copy is not None
        await session.delete(copy)
        await session.commit()
    page = await zoomed.client.get("/app/meetings")
    assert f'href="/app/meetings/{meeting["id"]}"' in page.text
    detail = await zoomed.client.get(f"/app/meetings/{meeting['id']}")
    assert "Design review" in detail.text and "Summary ready" not in detail.text


async def test_a_meeting_of_someone_else_is_not_found(zoomed: Zoomed) -> None:
    made = await zoomed.meeting(await zoomed.user("bob@example.com"))
    await sign_in(zoomed, ALICE)
    answer = await zoomed.client.get(f"/app/meetings/{made['id']}")
    assert answer.status_code == 404 and f"No meeting {made['id']}." in answer.text


async def test_a_failed_file_is_shown_with_its_reason_and_retried(zoomed: Zoomed) -> None:
    csrf = await sign_in(zoomed, ALICE)
    user_id = await zoomed.user_id(ALICE)
    async with zoomed.hub.db.sessions() as session:
        item = SyncItem(
            user_id=user_id, source="cloud", external_id="file-1", size=10, attempts=3,
            status=SyncStatus.failed.value, last_error="HTTP 500 from Zoom",
            details={"topic": "Broken meeting", "file_type": "MP4", "download_url": "http://emulator.test/rec/download/none", "fingerprint": "10"},
        )  # fmt: skip
        session.add(item)
        await session.commit()
    page = await zoomed.client.get("/app/recordings")
    assert "HTTP 500 from Zoom" in page.text and "Broken meeting" in page.text
    retried = await zoomed.client.post(f"/app/sync/items/{item.id}/retry", data={"csrf": csrf})
    assert "notice=Trying+file-1+again." in retried.headers["location"]
    async with zoomed.hub.db.sessions() as session:
        again = await session.get(SyncItem, item.id)
        assert again is not None and again.attempts <= 1


async def test_the_watcher_path_must_be_a_folder(zoomed: Zoomed, tmp_path: object) -> None:
    csrf = await sign_in(zoomed, ALICE)
    bad = await zoomed.client.post(
        "/app/watcher/path", data={"csrf": csrf, "path": "/no/such/folder"}
    )
    assert "error=Not+a+folder" in bad.headers["location"]
    good = await zoomed.client.post(
        "/app/watcher/path", data={"csrf": csrf, "path": str(tmp_path), "back": "/app/settings"}
    )
    assert good.headers["location"].startswith("/app/settings?notice=")
    settings = await zoomed.client.get("/app/settings")
    assert str(tmp_path) in settings.text and "Server-to-Server" in settings.text


async def test_signing_out_ends_the_session(zoomed: Zoomed) -> None:
    csrf = await sign_in(zoomed, ALICE)
    token = zoomed.client.cookies["zs_session"]
    out = await zoomed.client.post("/app/logout", data={"csrf": csrf})
    assert out.headers["location"].startswith("/app/login")
    zoomed.client.cookies.set("zs_session", token)
    assert (await zoomed.client.get("/app/meetings")).status_code == 303
    await asyncio.sleep(0)


async def test_files_in_flight_are_listed_with_their_state(zoomed: Zoomed) -> None:
    await sign_in(zoomed, ALICE)
    user_id = await zoomed.user_id(ALICE)
    async with zoomed.hub.db.sessions() as session:
        for n, status in enumerate((SyncStatus.pending, SyncStatus.running, SyncStatus.done)):
            session.add(
                SyncItem(
                    user_id=user_id,
                    source="cloud",
                    external_id=f"file-{n}",
                    size=2_000_000,
                    attempts=1,
                    status=status.value,
                    details={"topic": f"Meeting {status.value}", "file_type": "MP4"},
                )
            )
        await session.commit()
    page = (await zoomed.client.get("/app/recordings")).text
    moving = page[page.index("<h3>In progress</h3>") : page.index("<h3>Failed files</h3>")]
    assert "Meeting pending" in moving and "Waiting" in moving
    assert "Meeting running" in moving and "Fetching" in moving
    assert "Meeting done" not in moving and "2.0 MB" in moving


async def test_a_recordings_page_plays_it_beside_its_transcript(zoomed: Zoomed) -> None:
    """Each stored file has a page: the player on the hub's signed link, and the
    meeting's transcript as cues the player follows."""
    await sign_in(zoomed, ALICE)
    meeting, report = await zoomed.held(zoomed.users[ALICE], participants=3, duration=2, seed=11)
    listed = (await zoomed.client.get("/app/recordings")).text
    files = await zoomed.client.get("/recordings", headers=zoomed.users[ALICE])
    by_type = {f["file_type"]: f for f in files.json()["recordings"]}
    for found in by_type.values():
        assert f'href="/app/recordings/{found["recording_id"]}"' in listed
    audio = await zoomed.client.get(f"/app/recordings/{by_type['M4A']['recording_id']}")
    assert audio.status_code == 200
    player = re.search(r'<audio id="player" controls preload="metadata" src="([^"]+)"', audio.text)
    assert player is not None
    link = html.unescape(player[1])
    assert "/files/" + by_type["M4A"]["recording_id"] + "?expires=" in link
    served = await zoomed.client.get(link.replace(HUB_BASE, ""), headers={"Range": "bytes=0-99"})
    assert served.status_code == 206 and len(served.content) == 100
    assert 'data-follows="#player"' in audio.text
    first = report["recording"]["recording_files"]
    assert first and audio.text.count('class="at seek"') >= 3
    assert re.search(r'<li data-start="[0-9.]+" data-end="[0-9.]+"><button', audio.text)
    video = await zoomed.client.get(f"/app/recordings/{by_type['MP4']['recording_id']}")
    assert '<video id="player"' in video.text and "other files" in video.text
    words = await zoomed.client.get(f"/app/recordings/{by_type['TRANSCRIPT']['recording_id']}")
    assert "<audio" not in words.text and "data-follows" not in words.text
    assert words.text.count('<span class="at">') >= 3
    page = await zoomed.client.get(f"/app/meetings/{meeting['id']}")
    assert 'id="turns" data-follows="#files audio, #files video"' in page.text


async def test_a_recording_of_someone_else_is_not_found(zoomed: Zoomed) -> None:
    bob = await zoomed.user("bob@example.com")
    m4a = b"\0\0\0\x1cftypM4A " + b"\0" * 56  # an M4A's first box, as uploads check
    made = await zoomed.client.post(
        "/upload/recording", files={"file": ("x.m4a", m4a, "audio/mp4")}, headers=bob
    )
    assert made.status_code == 201, made.text
    await sign_in(zoomed, ALICE)
    for recording_id in (made.json()["recording_id"], "nope"):
        answer = await zoomed.client.get(f"/app/recordings/{recording_id}")
        assert answer.status_code == 404 and "No such recording" in answer.text
