"""The JSON shapes of cloud recordings: files, the recording, its list item, its event object.

Stored as one `recording` document per meeting instance (id = the instance UUID):
`parent` is "" while it is listed and "trash" once trashed, `tag` the host's user id,
`sort` the start time, and every file id is an alias, so a download finds its file
with one lookup. With "Record a separate audio file of each participant" on, the
recording also lists `participant_audio_files`: one M4A per speaker, named after them,
counted in `total_size` and `recording_count` as Zoom documents.

Zoom sends TIMELINE files with `file_type` "TIMELINE" (the spec's own field description
and the recording webhooks' enum list it) although the REST schema's enum leaves it out;
the emulator follows Zoom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..clock import iso
from ..store import Doc

KIND = "recording"
TRASH = "trash"


@dataclass(frozen=True, slots=True)
class FileKind:
    extension: str
    recording_type: str
    content_type: str
    name_suffix: str


FILE_KINDS = {
    "MP4": FileKind("MP4", "shared_screen_with_speaker_view", "video/mp4", "_Recording_1280x720.mp4"),
    "M4A": FileKind("M4A", "audio_only", "audio/mp4", "_Recording.m4a"),
    "TRANSCRIPT": FileKind("VTT", "audio_transcript", "text/vtt", "_Recording.transcript.vtt"),
    "CHAT": FileKind("TXT", "chat_file", "text/plain; charset=utf-8", "_RecordingnewChat.txt"),
    "TIMELINE": FileKind("JSON", "timeline", "application/json", "_Recording.timeline.json"),
}  # fmt: skip

# The fields of a recordingsList item (GET /users/{userId}/recordings).
BRIEF_FIELDS = (
    "uuid", "id", "account_id", "host_id", "topic", "type", "start_time", "duration",
    "total_size", "recording_count", "share_url", "recording_files", "recording_play_passcode",
    "auto_delete", "auto_delete_date",
)  # fmt: skip
# What the recording.* events carry of the recording.
_EVENT_FIELDS = (
    "uuid", "host_id", "account_id", "topic", "start_time", "duration", "share_url",
    "total_size", "recording_count", "recording_play_passcode", "auto_delete", "auto_delete_date",
)  # fmt: skip


def file_object(
    *,
    base_url: str,
    uuid: str,
    file_id: str,
    file_type: str,
    start: datetime,
    end: datetime,
    size: int,
) -> dict[str, Any]:
    kind = FILE_KINDS[file_type]
    return {
        "id": file_id,
        "meeting_id": uuid,
        "recording_start": iso(start),
        "recording_end": iso(end),
        "file_type": file_type,
        "file_extension": kind.extension,
        "file_size": size,
        "play_url": f"{base_url}/rec/play/{file_id}",
        "download_url": f"{base_url}/rec/download/{file_id}",
        "status": "completed",
        "recording_type": kind.recording_type,
    }


def participant_file(
    *, base_url: str, file_id: str, name: str, start: datetime, end: datetime, size: int
) -> dict[str, Any]:
    """One participant's own audio (an item of `participant_audio_files`). `file_path`
    is left out as in `recording_files`: Zoom gives it to on-premise accounts only."""
    return {
        "id": file_id,
        "recording_start": iso(start),
        "recording_end": iso(end),
        "file_name": name,
        "file_type": "M4A",
        "file_extension": "M4A",
        "file_size": size,
        "play_url": f"{base_url}/rec/play/{file_id}",
        "download_url": f"{base_url}/rec/download/{file_id}",
        "status": "completed",
    }


def file_name(file: dict[str, Any]) -> str:
    """Zoom's download name: GMT start time, then what the file is (for a participant's
    audio, their name)."""
    start = file["recording_start"].replace("-", "").replace(":", "")
    stamp = f"GMT{start[:8]}-{start[9:15]}"
    if "recording_type" not in file and file.get("file_name"):  # a participant's audio
        who = "".join(c if c.isascii() and c.isalnum() else "_" for c in file["file_name"])
        return f"{stamp}_Audio_{who}.m4a"
    return stamp + FILE_KINDS[file["file_type"]].name_suffix


def all_files(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The recording's files and its participants' audio files."""
    return [*body["recording_files"], *(body.get("participant_audio_files") or ())]


def with_totals(body: dict[str, Any]) -> dict[str, Any]:
    files = all_files(body)
    return {
        **body,
        "total_size": sum(int(f["file_size"]) for f in files),
        "recording_count": len(files),
    }


def recording_body(
    meeting: dict[str, Any],
    *,
    account_id: str,
    uuid: str,
    start: datetime,
    minutes: int,
    files: list[dict[str, Any]],
    share_url: str,
    passcode: str,
) -> dict[str, Any]:
    """A recording in the shape GET /meetings/{meetingId}/recordings answers with."""
    body: dict[str, Any] = {
        "uuid": uuid,
        "id": int(meeting["id"]),
        "account_id": account_id,
        "host_id": meeting["host_id"],
        "topic": meeting["topic"],
        "type": str(meeting["type"]),
        "start_time": iso(start),
        "duration": minutes,
        "share_url": share_url,
        "recording_files": files,
        "password": meeting.get("password", ""),
        "recording_play_passcode": passcode,
        "auto_delete": False,
        "auto_delete_date": "",
        "participant_audio_files": [],
        # Zoom Node / recording-connector fields: empty for plain cloud recordings.
        "service_name": "",
        "rc_zone": "",
        "instance_id": "",
        "zone_instance_id": "",
        "rc_meeting_zone_name": "",
        "external_storage_addr": "",
    }
    return with_totals(body)


def brief(body: dict[str, Any]) -> dict[str, Any]:
    return {k: body[k] for k in BRIEF_FIELDS if k in body}


def recording_doc(account_id: str, body: dict[str, Any], *, trashed: bool = False) -> Doc:
    return Doc(
        kind=KIND,
        id=str(body["uuid"]),
        account_id=account_id,
        parent=TRASH if trashed else "",
        tag=str(body["host_id"]),
        sort=str(body["start_time"]),
        body=body,
        brief=brief(body),
        aliases=tuple(str(f["id"]) for f in all_files(body)),
    )


def event_object(
    body: dict[str, Any], meeting: dict[str, Any], files: list[dict[str, Any]],
    participant_files: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:  # fmt: skip
    """The `object` of recording.completed / transcript_completed / trashed / deleted;
    recording.completed also lists `participant_files` (and counts them) when there are."""
    obj = {k: body[k] for k in _EVENT_FIELDS}
    counted = [*files, *(participant_files or ())]
    obj.update(
        id=int(body["id"]),
        type=int(body["type"]),
        timezone=str(meeting.get("timezone") or "UTC"),
        host_email=str(meeting.get("host_email") or ""),
        password=str(body.get("password") or ""),
        on_prem=False,
        total_size=sum(int(f["file_size"]) for f in counted),
        recording_count=len(counted),
        recording_files=[{**f, "file_name": file_name(f)} for f in files],
    )
    if participant_files:
        obj["participant_audio_files"] = [dict(f) for f in participant_files]
    return obj


# -- the text behind TRANSCRIPT, CHAT and TIMELINE files --------------------------------

CONTENT = "recording_content"
SPEECH = "speech"


def content_doc(
    account_id: str,
    uuid: str,
    *,
    recipe: dict[str, Any] | None = None,
    files: dict[str, str] | None = None,
    speech: bool = False,
    speakers: dict[str, str] | None = None,
) -> Doc:
    """Where a recording's text files come from, keyed by the instance UUID.

    `recipe` regenerates the meeting's script (see `generate.from_recipe`), so simulated
    transcripts cost a few hundred bytes of storage; `files` holds text as given, by
    file type, for recordings brought in from elsewhere. `files` wins when both name a type.
    With `speech`, the MP4 and M4A are the recipe's transcript spoken (`spoken_media`);
    `speakers` maps each participant audio file's id to the speaker it holds.
    """
    body: dict[str, Any] = {}
    if recipe is not None:
        body["recipe"] = recipe
    if speech:
        body["media"] = SPEECH
    if files:
        body["files"] = files
    if speakers:
        body["speakers"] = speakers
    return Doc(kind=CONTENT, id=uuid, account_id=account_id, body=body)
