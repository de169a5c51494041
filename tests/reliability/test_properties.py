"""Properties that hold for any input: VTT, page tokens, dates, webhook signatures.

Each parser either answers or raises its own error type (which the HTTP layers turn
into a 4xx); whatever it writes, it reads back to the same thing.
"""

from __future__ import annotations

import base64
import contextlib
import string
import time
from datetime import UTC, datetime, timedelta

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from zoomstack.emulator import pagination
from zoomstack.emulator import vtt as emulator_vtt
from zoomstack.emulator.clock import iso
from zoomstack.emulator.errors import BadRequest as EmulatorBadRequest
from zoomstack.emulator.times import YEARS, parse_bound, parse_datetime
from zoomstack.emulator.validation import EMAIL
from zoomstack.emulator.webhooks import signing
from zoomstack.hub.errors import BadRequest as HubBadRequest
from zoomstack.hub.intel import vtt as hub_vtt
from zoomstack.hub.intel.errors import TranscriptError
from zoomstack.hub.recordings.listing import decode_page_token
from zoomstack.hub.scheduling import WhenInputError, parse_when
from zoomstack.hub.storage.signing import LinkSigner
from zoomstack.zoom import WebhookVerificationError, sign_webhook, verify_webhook

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2025, 3, 5, 9, 0, tzinfo=UTC)

# -- VTT ---------------------------------------------------------------------------------

# Words without what VTT itself gives meaning to (`-->`, blank lines, tags, `:` after a name).
_WORD = st.text(alphabet=string.ascii_letters + "éüßøñ'", min_size=1, max_size=12)
_TEXT = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)
_NAME = st.from_regex(r"[A-Za-zÉØ][a-zéüø'-]{0,10}", fullmatch=True)  # names start with a letter
_SPEAKER = st.lists(_NAME, min_size=1, max_size=3).map(" ".join)


@st.composite
def cues(draw: st.DrawFn) -> list[emulator_vtt.Cue]:
    """Cues in time order, each with a speaker or none, as a transcript has them."""
    count = draw(st.integers(min_value=1, max_value=15))
    made, start = [], 0.0
    for _ in range(count):
        start += draw(st.integers(min_value=0, max_value=600_000)) / 1000
        length = draw(st.integers(min_value=1, max_value=30_000)) / 1000
        speaker = draw(st.one_of(st.just(""), _SPEAKER))
        made.append(emulator_vtt.Cue(start, start + length, speaker, draw(_TEXT)))
    return made


@FAST
@given(cues())
def test_a_written_transcript_reads_back_cue_for_cue(written: list[emulator_vtt.Cue]) -> None:
    read = emulator_vtt.parse_vtt(emulator_vtt.write_vtt(written))
    assert [(c.speaker, c.text) for c in read] == [(c.speaker, c.text) for c in written]
    for got, want in zip(read, written, strict=True):
        assert abs(got.start - want.start) < 0.001 and abs(got.end - want.end) < 0.001


@FAST
@given(cues())
def test_the_hub_reads_what_the_emulator_writes(written: list[emulator_vtt.Cue]) -> None:
    transcript = hub_vtt.parse_vtt(emulator_vtt.write_vtt(written))
    assert [c.text for c in transcript.cues] == [c.text for c in written]
    named = [c.speaker or hub_vtt.UNKNOWN_SPEAKER for c in written]
    assert [c.speaker for c in transcript.cues] == named


_VTT_LIKE = st.lists(
    st.sampled_from(
        ["WEBVTT", "", "1", "00:00:01.000 --> 00:00:02.000", "00:00:02.000 --> 00:00:01.000",
         "99:99:99.999 --> 00:00:01.000", "-->", "NOTE x", "<v Bob>hi</v>", "Alice: hello",
         "00:01.000 --> 00:02.000 align:start", "\ufeffWEBVTT", "STYLE", "::cue {}"]
    ) | st.text(max_size=40),
    max_size=20,
).map("\n".join)  # fmt: skip


@FAST
@given(_VTT_LIKE)
def test_any_text_is_a_transcript_or_the_parsers_own_error(text: str) -> None:
    with contextlib.suppress(emulator_vtt.VTTError):
        emulator_vtt.parse_vtt(text)
    with contextlib.suppress(TranscriptError):
        hub_vtt.parse_vtt(text)


# -- page tokens -------------------------------------------------------------------------


@FAST
@given(st.text(), st.text())
def test_a_page_token_decodes_to_the_cursor_it_encodes(sort: str, key: str) -> None:
    token = pagination.encode_token((sort, key))
    assert token and set(token) <= set(string.ascii_letters + string.digits + "-_")
    assert pagination.decode_token(token) == (sort, key)


_TOKENISH = st.one_of(
    st.text(max_size=200),
    st.binary(max_size=200).map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
    st.integers(1, 3000).map(lambda n: base64.urlsafe_b64encode(b"[" * n).decode()),
    st.sampled_from(['["a"]', '["a","b","c"]', "[1,2]", '{"a":1}', "null", '["", ""]']).map(
        lambda raw: base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    ),
)


@FAST
@given(_TOKENISH)
def test_a_forged_page_token_is_refused_with_a_bad_request(token: str) -> None:
    try:
        cursor = pagination.decode_token(token)
    except EmulatorBadRequest:
        cursor = None
    assert cursor is None or all(isinstance(part, str) for part in cursor)
    try:
        created_at, recording_id = decode_page_token(token)
    except HubBadRequest:
        return
    assert created_at.tzinfo is not None and isinstance(recording_id, str)


@FAST
@given(st.dictionaries(st.sampled_from(["page_size", "page_number"]), st.text(max_size=30)))
def test_paging_parameters_are_clamped_or_refused(params: dict[str, str]) -> None:
    try:
        request = pagination.page_request(params)
    except EmulatorBadRequest:
        return
    assert 1 <= request.page_size <= pagination.MAX_PAGE_SIZE
    assert request.offset < 2**63  # what a store can take as OFFSET


# -- dates -------------------------------------------------------------------------------


@FAST
@given(st.datetimes(timezones=st.timezones()))
def test_a_datetime_written_by_the_emulator_reads_back_the_same(moment: datetime) -> None:
    try:
        written = iso(moment)
    except OverflowError:  # out of range in UTC: nothing to write
        assume(False)
    utc = moment.astimezone(UTC).replace(microsecond=0)
    assert datetime.fromisoformat(written.replace("Z", "+00:00")) == utc  # four-digit years too
    if utc.year in YEARS:
        assert parse_datetime(written) == utc
        assert iso(parse_datetime(written)) == written
    else:
        with pytest.raises(ValueError):
            parse_datetime(written)


_DATEISH = st.one_of(
    st.text(max_size=40),
    st.datetimes().map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.dates().map(str),
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "2025-13-01"]),
)


@FAST
@given(_DATEISH, st.sampled_from([None, "America/New_York", "Asia/Kolkata", "x" * 300, "../x"]))
def test_any_start_time_is_a_utc_moment_or_a_value_error(text: str, zone: str | None) -> None:
    try:
        moment = parse_datetime(text, zone)
    except ValueError:
        return
    assert moment.tzinfo is UTC
    assert parse_datetime(iso(moment)) == moment.replace(microsecond=0)


@FAST
@given(_DATEISH, st.booleans())
def test_any_from_or_to_bound_is_a_utc_string_or_a_bad_request(text: str, end: bool) -> None:
    try:
        bound = parse_bound(text, "from", end=end)
    except EmulatorBadRequest:
        return
    assert bound is None or parse_datetime(bound).tzinfo is UTC


_PHRASES = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.sampled_from(
            ["standup", "tomorrow", "at", "10", "10am", "pm", "next", "tuesday", "every", "other",
             "for", "30", "minutes", "with", "alice@example.com", "from", "to", "3-4pm", "noon",
             "in", "2", "weeks", "berlin", "time", "EST", "-", "until", "june", "1st", "0", "99"]
        ),
        max_size=10,
    ).map(" ".join),
)  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    _PHRASES, st.sampled_from(["UTC", "Europe/Berlin", "America/Los_Angeles", "y" * 300, "Mars/X"])
)
@example("0-1p1ST", "UTC")  # March 1st is past: the start moved to next year, the end did not
def test_any_phrase_is_read_or_refused_as_input(text: str, zone: str) -> None:
    try:
        when = parse_when(text, NOW, zone)
    except WhenInputError:
        return
    if when.start is not None and when.end is not None:
        assert when.end >= when.start


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("march 1st 0-1pm", "2026-03-01T12:00", "2026-03-01T13:00"),  # once ended in 2025
        ("friday 10pm-1am", "2025-03-07T22:00", "2025-03-08T01:00"),  # once 1pm the next day
        ("friday 11-1", "2025-03-07T11:00", "2025-03-07T13:00"),
    ],
)
def test_a_time_range_ends_where_it_says(text: str, start: str, end: str) -> None:
    when = parse_when(text, NOW, "UTC")
    assert when.start is not None and when.end is not None, when
    assert (when.start.isoformat()[:16], when.end.isoformat()[:16]) == (start, end)


# -- emails -----------------------------------------------------------------------------

_EMAIL_CHECK = jsonschema_rs.validator_for(
    {"type": "string", "format": "email"}, validate_formats=True
)


@FAST
@given(st.one_of(st.emails(), st.text(max_size=80), st.from_regex(r"[a-z.]{0,70}@[a-z.-]{0,70}")))
def test_an_email_the_emulator_keeps_is_one_every_schema_check_accepts(text: str) -> None:
    if EMAIL.fullmatch(text):
        assert _EMAIL_CHECK.is_valid(text), text


# -- signatures --------------------------------------------------------------------------


@FAST
@given(st.text(min_size=1, max_size=40), st.binary(max_size=300), st.integers(-250, 250))
def test_a_signed_webhook_verifies_and_any_change_is_refused(
    secret: str, body: bytes, skew: int
) -> None:
    now = time.time()
    stamp = str(int(now) + skew)
    headers = {"x-zm-request-timestamp": stamp, "x-zm-signature": sign_webhook(secret, stamp, body)}
    verify_webhook(secret, headers, body, now=now)
    assert signing.verify(secret, stamp, body, headers["x-zm-signature"], now=now)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(secret, headers, body + b" ", now=now)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(secret + "x", headers, body, now=now)
    with pytest.raises(WebhookVerificationError):
        verify_webhook(secret, headers, body, now=now + 600)  # replayed ten minutes later


@FAST
@given(
    st.dictionaries(
        st.sampled_from(["x-zm-signature", "x-zm-request-timestamp", "X-Zm-Signature", "other"]),
        st.text(max_size=80),
    ),
    st.binary(max_size=100),
)
def test_forged_headers_are_refused_never_crash(headers: dict[str, str], body: bytes) -> None:
    with pytest.raises(WebhookVerificationError):
        verify_webhook("secret", headers, body)
    assert not signing.verify(
        "secret",
        headers.get("x-zm-request-timestamp"),
        body,
        headers.get("x-zm-signature"),
    )


@FAST
@given(st.text(max_size=80), st.integers(0, 2**40))
def test_a_forged_download_signature_is_refused(signature: str, expires: int) -> None:
    from zoomstack.hub.errors import Forbidden

    signer = LinkSigner(b"k" * 32, base_url="http://hub.test")
    genuine = signer.sign("rec1", ttl=timedelta(minutes=5), now=NOW)
    assume(signature not in genuine.url)
    with pytest.raises(Forbidden):
        signer.verify("rec1", expires=expires, signature=signature, now=NOW)
