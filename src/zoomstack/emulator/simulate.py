"""A meeting happening: it starts, people join and leave, it ends, and its recording,
transcript and summary appear, with Zoom's events along the way.

`plan_instance` is pure: from a meeting, the people present, a start, a length and a
seed it builds every record the instance leaves behind (past meeting, participants
with their QoS, the dashboard's activity record, recording, summary). `simulate`
plays a plan against a running emulator, status changes and events included;
`seed.py` stores many plans in batches, quietly. A webinar happens the same way
(`WEBINAR`): its own stored kinds and `webinar.*` events.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson

from . import download_tokens, media, quality, spoken_media
from .clock import iso
from .errors import MeetingNotFound
from .generate import Person, Script, people, script, summary
from .ids import IdFactory
from .resources import activity, meetings, past_meetings, recording_shapes, summaries, users
from .resources import webinar_shapes as webinars
from .resources.users import KIND as USER
from .state import Emulator
from .store import Doc, Query

_TEXT_FILES = ("TRANSCRIPT", "CHAT", "TIMELINE")
_MOST_COLLEAGUES = 300
_GUEST_DOMAINS = ("gmail.com", "outlook.com", "example.org", "partner.example")
_PAST_TYPES = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)  # the types a past meeting (or webinar) reports


@dataclass(frozen=True, slots=True)
class Family:
    """What differs between a meeting happening and a webinar happening."""

    kind: str  # the scheduled resource's stored kind
    past_kind: str  # an ended instance's
    activity_kind: str
    events: str  # the events' prefix: meeting.started, webinar.started ...
    doc: Callable[[str, dict[str, Any], tuple[str, ...]], Doc]
    guest_emails: bool  # webinar attendees register with their email, so Zoom lists it


MEETING = Family(
    meetings.KIND, past_meetings.KIND, activity.MEETING_ACTIVITY, "meeting",
    meetings.meeting_doc, guest_emails=False,
)  # fmt: skip
WEBINAR = Family(
    webinars.KIND, webinars.PAST, activity.WEBINAR_ACTIVITY, "webinar",
    webinars.webinar_doc, guest_emails=True,
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Session:
    """One stretch of one person's attendance, in seconds from the start."""

    person: Person
    index: int  # order in the participant list; fixes the per-meeting user id
    join: int
    leave: int


@dataclass(frozen=True, slots=True)
class Instance:
    account_id: str
    meeting: dict[str, Any]  # the meeting as it was when this instance started
    uuid: str
    start: datetime
    end: datetime
    script: Script
    sessions: tuple[Session, ...]
    past_meeting: dict[str, Any]
    participants: tuple[dict[str, Any], ...]
    recording: dict[str, Any]
    summary: dict[str, Any]
    qos: tuple[dict[str, Any], ...]  # one per participant, in the same order
    activity: dict[str, Any]  # see resources.activity
    family: Family
    speech: bool = False  # whether its MP4 and M4A speak the transcript (spoken_media)

    def docs(self) -> list[Doc]:
        """Everything the instance leaves in the store."""
        account, uuid, family = self.account_id, self.uuid, self.family
        participants = [
            past_meetings.participant_doc(account, uuid, n, body)
            for n, body in enumerate(self.participants)
        ]
        return [
            past_meetings.past_meeting_doc(account, self.past_meeting, family.past_kind),
            *participants,
            *(
                quality.qos_doc(account, doc.id, uuid, doc.sort, body)
                for doc, body in zip(participants, self.qos, strict=True)
            ),
            activity.activity_doc(account, family.activity_kind, self.activity),
            recording_shapes.recording_doc(account, self.recording),
            recording_shapes.content_doc(
                account,
                uuid,
                recipe=self.script.recipe(),
                speech=self.speech,
                speakers=self.speakers(),
            ),
            summaries.summary_doc(account, self.summary),
        ]

    def speakers(self) -> dict[str, str]:
        """Each participant audio file's id and the speaker it holds."""
        return {f["id"]: f["file_name"] for f in self.recording["participant_audio_files"]}

    def files(self, *types: str) -> list[dict[str, Any]]:
        return [f for f in self.recording["recording_files"] if f["file_type"] in types]


# -- planning --------------------------------------------------------------------------


def _attendance(
    rng: random.Random, people: list[Person], spoken: Script, duration: int
) -> list[Session]:
    """When each person was there, consistent with when they spoke; the host stays throughout."""
    heard: dict[str, tuple[float, float]] = {}
    for u in spoken.utterances:
        first, last = heard.get(u.speaker.name, (u.start, u.end))
        heard[u.speaker.name] = (min(first, u.start), max(last, u.end))
    sessions = [Session(people[0], 0, 0, duration)]
    for index, person in enumerate(people[1:], start=1):
        first, last = heard.get(person.name, (duration - 1.0, 0.0))
        late = rng.random() < 0.15
        join = int(min(rng.uniform(0, duration / 3 if late else 90), max(first - 1, 0)))
        leave = duration
        if rng.random() < 0.15:  # leaves early, after they last spoke
            leave = int(rng.uniform(max(last + 1, join + 1), duration))
        sessions += _sessions(rng, person, index, join, max(leave, join + 1), person.name in heard)
    return sessions


def _sessions(
    rng: random.Random, person: Person, index: int, join: int, leave: int, spoke: bool
) -> list[Session]:
    """One stretch, or two when a silent participant drops out and comes back."""
    if spoke or leave - join < 600 or rng.random() >= 0.1:
        return [Session(person, index, join, leave)]
    drop = int(rng.uniform(join + 120, leave - 240))
    back = drop + int(rng.uniform(20, 120))
    return [Session(person, index, join, drop), Session(person, index, back, leave)]


def _participant(session: Session, start: datetime, family: Family) -> dict[str, Any]:
    person = session.person
    internal = bool(person.user_id)
    return {
        "id": person.user_id,
        "name": person.name,
        "user_id": media.meeting_user_id(session.index),
        "registrant_id": "",
        "user_email": person.email if internal or family.guest_emails else "",
        "join_time": iso(start + timedelta(seconds=session.join)),
        "leave_time": iso(start + timedelta(seconds=session.leave)),
        "duration": session.leave - session.join,
        "failover": False,
        "status": "in_meeting",
        "internal_user": internal,
    }


def _files(
    rng: random.Random, ids: IdFactory, base_url: str, said: Script, uuid: str, start: datetime,
    speech: bool, transcript: bool = True,
) -> list[dict[str, Any]]:  # fmt: skip
    end = start + timedelta(seconds=said.duration)
    sizes = {t: media.media_size(rng, t, said.duration) for t in media.MEDIA_TYPES}
    if speech:  # drawn all the same, so the rest of the plan stays as it was
        sizes = {t: spoken_media.planned_size(t, said.duration) for t in media.MEDIA_TYPES}
    sizes.update({t: len(media.render_text(t, said)) for t in _TEXT_FILES})
    # Zoom writes a CHAT file only when someone chatted, and a TRANSCRIPT only when the
    # account transcribes its recordings.
    kinds = [t for t in ("MP4", "M4A", *_TEXT_FILES) if t != "CHAT" or said.chat]
    kinds = [t for t in kinds if t != "TRANSCRIPT" or transcript]
    return [
        recording_shapes.file_object(
            base_url=base_url,
            uuid=uuid,
            file_id=ids.file_id(),
            file_type=file_type,
            start=start,
            end=end,
            size=sizes[file_type],
        )
        for file_type in kinds
    ]


def _participant_files(
    ids: IdFactory, base_url: str, said: Script, start: datetime
) -> list[dict[str, Any]]:
    """One audio file per participant heard in the meeting, as long as the meeting
    ("Record a separate audio file of each participant"): their lines on its timeline."""
    end = start + timedelta(seconds=said.duration)
    size = spoken_media.planned_size("M4A", said.duration)
    heard = {u.speaker.name for u in said.utterances}
    return [
        recording_shapes.participant_file(
            base_url=base_url,
            file_id=ids.file_id(),
            name=person.name,
            start=start,
            end=end,
            size=size,
        )
        for person in said.speakers
        if person.name in heard
    ]


def _past_meeting(
    meeting: dict[str, Any], host: dict[str, Any], uuid: str, start: datetime, minutes: int,
    sessions: list[Session],
) -> dict[str, Any]:  # fmt: skip
    kind = int(meeting.get("type") or 2)
    return {
        "id": int(meeting["id"]),
        "uuid": uuid,
        "duration": minutes,
        "start_time": iso(start),
        "end_time": iso(start + timedelta(minutes=minutes)),
        "host_id": meeting["host_id"],
        "dept": str(host.get("dept") or ""),
        "participants_count": len({s.index for s in sessions}),
        "source": "Zoom",
        "topic": meeting["topic"],
        "total_minutes": sum(s.leave - s.join for s in sessions) // 60,
        "type": kind if kind in _PAST_TYPES else 2,
        "user_email": str(host.get("email") or ""),
        "user_name": str(host.get("display_name") or ""),
        "has_meeting_summary": True,
    }


def plan_instance(
    *,
    account_id: str,
    meeting: dict[str, Any],
    host: dict[str, Any],
    people: list[Person],
    start: datetime,
    minutes: int,
    seed: int,
    ids: IdFactory,
    base_url: str,
    family: Family = MEETING,
    speech: bool = False,
    transcript: bool = True,
    participant_audio: bool = False,
) -> Instance:
    """Every record one ended instance of `meeting` leaves; `people[0]` is the host.

    With `speech`, its MP4 and M4A speak the transcript (see `spoken_media`); with
    `participant_audio`, the recording has an audio file of each speaker too."""
    rng = random.Random(seed)
    duration = minutes * 60
    speakers = people[: rng.randint(min(3, len(people)), min(7, len(people)))]
    said = script(seed=seed, topic=str(meeting["topic"]), speakers=speakers, duration=duration)
    sessions = _attendance(rng, people, said, duration)
    sessions.sort(key=lambda s: (s.join, s.index))
    uuid = str(meeting["uuid"])
    end = start + timedelta(seconds=duration)
    recording = recording_shapes.recording_body(
        meeting, account_id=account_id, uuid=uuid, start=start, minutes=minutes,
        files=_files(rng, ids, base_url, said, uuid, start, speech, transcript),
        share_url=f"{base_url}/rec/share/{ids.token(40)}", passcode=ids.token(32),
    )  # fmt: skip
    if participant_audio:
        recording["participant_audio_files"] = _participant_files(ids, base_url, said, start)
        recording = recording_shapes.with_totals(recording)
    summary_body = summaries.summary_body(
        meeting, uuid=uuid, start=start, end=end, content=summary(said),
        created=end + timedelta(seconds=rng.randint(60, 300)),
        doc_url=f"{base_url}/doc/{ids.token(22)}",
    )  # fmt: skip
    past = _past_meeting(meeting, host, uuid, start, minutes, sessions)
    participants = tuple(_participant(s, start, family) for s in sessions)
    qos = _qos(uuid, sessions, participants, said, family)
    dashboard = activity.dashboard(meeting, host, past, qos, recorded=True)
    report = activity.report(meeting, past, participants, chat=bool(said.chat), recorded=True)
    return Instance(
        account_id=account_id,
        meeting=meeting,
        uuid=uuid,
        start=start,
        end=end,
        script=said,
        sessions=tuple(sessions),
        past_meeting=past,
        participants=participants,
        recording=recording,
        summary=summary_body,
        qos=qos,
        activity=activity.activity_body(past, str(meeting["host_id"]), dashboard, report),
        family=family,
        speech=speech,
    )


def _role(session: Session, speakers: set[str], family: Family) -> str:
    if session.index == 0:
        return "host"
    return "panelist" if family is WEBINAR and session.person.name in speakers else "attendee"


def _qos(
    uuid: str, sessions: list[Session], participants: tuple[dict[str, Any], ...],
    said: Script, family: Family,
) -> tuple[dict[str, Any], ...]:  # fmt: skip
    """Each session's client and QoS (see `quality`), in participant order."""
    speakers = {person.name for person in said.speakers}
    return tuple(
        quality.body(_attendee(uuid, n, session, body, _role(session, speakers, family)))
        for n, (session, body) in enumerate(zip(sessions, participants, strict=True))
    )


def _attendee(
    uuid: str, n: int, session: Session, body: dict[str, Any], role: str
) -> quality.Attendee:
    person = session.person
    return quality.Attendee(
        uuid=uuid, session=n, person=session.index, name=person.name, email=person.email,
        user_id=person.user_id, participant_id=body["user_id"],
        participant_uuid=participant_uuid(uuid, session.index), role=role,
        join_time=body["join_time"], leave_time=body["leave_time"],
    )  # fmt: skip


def next_instance(doc: Doc, uuid: str, status: str = "waiting", family: Family = MEETING) -> Doc:
    """The meeting after an instance: a fresh UUID for the next one, the old still an alias."""
    body = {**doc.body, "uuid": uuid, "status": status}
    return family.doc(doc.account_id, body, (*doc.aliases, str(doc.body["uuid"])))


# -- playing a plan ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Options:
    participants: int | None = None  # people present, host included
    minutes: int | None = None  # defaults to the meeting's scheduled duration
    seed: int | None = None
    start: datetime | None = None  # defaults to `minutes` before the emulator's now
    # Bytes of each media file (MP4, M4A) instead of sizes that follow the length.
    media_sizes: dict[str, int] | None = None
    media: str | None = None  # "speech", "filler" or "auto"; None: the emulator's setting
    transcript: bool = True  # False: no TRANSCRIPT file (audio transcription turned off)
    # An audio file of each speaker; None: as the host's recording settings say.
    participant_audio: bool | None = None


def person_of(user: dict[str, Any]) -> Person:
    """An account user as a meeting participant."""
    email = str(user.get("email") or "")
    return Person(str(user.get("display_name") or email), email, str(user["id"]))


async def _colleagues(emu: Emulator, host: Doc, most: int) -> list[Person]:
    query = Query(USER, host.account_id, tag="active", limit=_MOST_COLLEAGUES)
    users = [orjson.loads(item) for item in (await emu.store.list_page(query)).items]
    return [person_of(user) for user in users if user["id"] != host.id][:most]


def guests(seed: int, count: int) -> list[Person]:
    """People from outside the account, all from one domain."""
    if count <= 0:
        return []
    domain = random.Random(seed).choice(_GUEST_DOMAINS)
    return people(seed, count, domain=domain)


async def _people(emu: Emulator, host: Doc, count: int, rng: random.Random) -> list[Person]:
    """The host, colleagues from the host's account, then guests from outside."""
    colleagues = await _colleagues(emu, host, _MOST_COLLEAGUES)
    rng.shuffle(colleagues)
    found = [person_of(host.body), *colleagues[: rng.randint(0, count - 1)]]
    return found + guests(rng.randrange(2**31), count - len(found))


def participant_uuid(uuid: str, index: int) -> str:
    digest = hashlib.sha256(f"{uuid}#{index}".encode()).hexdigest().upper()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


async def simulate(
    emu: Emulator, meeting: Doc, options: Options | None = None, family: Family = MEETING
) -> Instance:
    """Run one instance of `meeting` (or of a webinar, with `WEBINAR`) through its whole
    life, with events, and store it."""
    options = options or Options()
    seed = options.seed if options.seed is not None else int(emu.ids.digits(9))
    rng = random.Random(seed)
    host = await emu.store.get("user", meeting.parent)
    if host is None:
        raise MeetingNotFound(meeting.id)
    minutes = options.minutes or int(meeting.body.get("duration") or 30) or 30
    start = options.start or emu.clock.now() - timedelta(minutes=minutes)
    people = await _people(emu, host, options.participants or rng.randint(3, 8), rng)
    speech = not options.media_sizes and spoken_media.spoken(emu.settings, minutes, options.media)
    separate = options.participant_audio
    if separate is None:
        separate = participant_audio_setting(host.body)
    instance = plan_instance(
        account_id=meeting.account_id, meeting=meeting.body, host=host.body, people=people,
        start=start.replace(microsecond=0), minutes=minutes, seed=seed, ids=emu.ids,
        base_url=emu.base_url(), family=family, speech=speech, transcript=options.transcript,
        participant_audio=separate,
    )  # fmt: skip
    if options.media_sizes:
        resize_media(instance.recording, options.media_sizes)
    await _play(emu, meeting, instance)
    return instance


def participant_audio_setting(user: dict[str, Any]) -> bool:
    """The user's "Record a separate audio file of each participant" (off by default)."""
    recording = users.settings_of(user).get("recording") or {}
    return recording.get("record_audio_file_each_participant") is True


def resize_media(recording: dict[str, Any], sizes: dict[str, int]) -> None:
    """Give the recording's media files the byte sizes asked for (their bytes are
    generated, so any size costs nothing to keep)."""
    for file in recording["recording_files"]:
        file["file_size"] = sizes.get(file["file_type"], file["file_size"])
    recording.update(recording_shapes.with_totals(recording))


async def _play(emu: Emulator, meeting: Doc, instance: Instance) -> None:
    store, account, uuid = emu.store, instance.account_id, instance.uuid
    family = instance.family
    await store.update(
        family.kind, meeting.id, lambda old: next_instance(old, uuid, "started", family)
    )
    await emu.emit(f"{family.events}.started", account, _meeting_object(instance))
    for name, obj in _attendance_events(instance):
        await emu.emit(name, account, obj)
    await store.insert_many(instance.docs())
    following = emu.ids.uuid()
    await store.update(
        family.kind, meeting.id, lambda old: next_instance(old, following, family=family)
    )
    ended = {**_meeting_object(instance), "end_time": iso(instance.end)}
    await emu.emit(f"{family.events}.ended", account, ended)
    await _announce(emu, instance)


def _meeting_object(instance: Instance) -> dict[str, Any]:
    meeting = instance.meeting
    return {
        "id": str(meeting["id"]),
        "uuid": instance.uuid,
        "host_id": meeting["host_id"],
        "host_email": meeting.get("host_email", ""),
        "topic": meeting["topic"],
        "type": int(meeting.get("type") or 2),
        "start_time": iso(instance.start),
        "timezone": meeting.get("timezone", "UTC"),
        "duration": int(meeting.get("duration") or 0),
    }


def _attendance_events(instance: Instance) -> list[tuple[str, dict[str, Any]]]:
    """participant_joined / participant_left for every session, in time order."""
    base = _meeting_object(instance)
    joined_event, left_event = (
        f"{instance.family.events}.participant_{x}" for x in ("joined", "left")
    )
    timed: list[tuple[int, int, str, dict[str, Any]]] = []
    for n, session in enumerate(instance.sessions):
        person = session.person
        who = {
            "user_id": media.meeting_user_id(session.index),
            "user_name": person.name,
            "id": person.user_id,
            "participant_uuid": participant_uuid(instance.uuid, session.index),
            "email": person.email if person.user_id or instance.family.guest_emails else "",
            "registrant_id": "",
            "participant_user_id": person.user_id,
            "customer_key": "",
            "phone_number": "",
        }
        joined = {**who, "join_time": iso(instance.start + timedelta(seconds=session.join))}
        left = {
            **who,
            "leave_time": iso(instance.start + timedelta(seconds=session.leave)),
            "leave_reason": f"{person.name} left the {instance.family.events}. Reason: left the {instance.family.events}.",
        }
        timed.append((session.join, n, joined_event, {**base, "participant": joined}))
        timed.append((session.leave, n, left_event, {**base, "participant": left}))
    timed.sort(key=lambda t: (t[0], t[2] == joined_event, t[1]))
    return [(name, obj) for _, _, name, obj in timed]


async def _announce(emu: Emulator, instance: Instance) -> None:
    account, body, meeting = instance.account_id, instance.recording, instance.meeting
    token = download_tokens.issue(emu, account)
    media_files = instance.files("MP4", "M4A", "CHAT", "TIMELINE")
    separate = body["participant_audio_files"]
    completed = recording_shapes.event_object(body, meeting, media_files, separate)
    await emu.emit("recording.completed", account, completed, download_token=token)
    transcripts = instance.files("TRANSCRIPT")
    if transcripts:  # none when the account does not transcribe
        transcript = recording_shapes.event_object(body, meeting, transcripts)
        await emu.emit("recording.transcript_completed", account, transcript, download_token=token)
    event = {k: v for k, v in instance.summary.items() if k not in _SUMMARY_EVENT_SKIP}
    await emu.emit("meeting.summary_completed", account, event)


# Fields of the stored summary that the summary_completed event does not carry.
_SUMMARY_EVENT_SKIP = (
    "summary_last_modified_user_id", "summary_last_modified_user_email", "edited_summary",
)  # fmt: skip
