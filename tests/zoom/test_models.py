from __future__ import annotations

from datetime import UTC, datetime

from zoomstack.zoom import MeetingSummary, Participant, RecordingMeeting, TokenResponse, User


def test_unknown_fields_are_kept() -> None:
    user = User.model_validate({"id": "u1", "email": "a@b.c", "pronouns": "they"})
    assert user.model_extra == {"pronouns": "they"}
    assert user.model_dump()["pronouns"] == "they"


def test_blank_times_read_as_none() -> None:
    participant = Participant.model_validate(
        {"id": "p1", "name": "Ann", "join_time": "2024-02-15T23:24:52Z", "leave_time": ""}
    )
    assert participant.join_time == datetime(2024, 2, 15, 23, 24, 52, tzinfo=UTC)
    assert participant.leave_time is None


def test_recording_with_files() -> None:
    recording = RecordingMeeting.model_validate(
        {
            "uuid": "abc==",
            "id": 123,
            "topic": "Standup",
            "type": "2",
            "recording_files": [
                {"id": "f1", "file_type": "MP4", "file_size": 1024, "download_url": "https://x/y"},
                {"id": "f2", "file_type": "TRANSCRIPT", "file_extension": "VTT"},
            ],
        }
    )
    assert [f.file_type for f in recording.recording_files] == ["MP4", "TRANSCRIPT"]
    assert recording.recording_files[0].file_size == 1024


def test_summary_details() -> None:
    summary = MeetingSummary.model_validate(
        {
            "meeting_uuid": "abc==",
            "summary_overview": "We agreed.",
            "summary_details": [{"label": "Plan", "summary": "Ship it."}],
            "next_steps": ["Ann writes the doc"],
        }
    )
    assert summary.summary_details[0].summary == "Ship it."
    assert summary.next_steps == ["Ann writes the doc"]


def test_token_response_defaults() -> None:
    token = TokenResponse.model_validate({"access_token": "t", "expires_in": 3599})
    assert (token.token_type, token.refresh_token) == ("bearer", None)
