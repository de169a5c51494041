from __future__ import annotations

from dataclasses import replace

import pytest

from zoomstack.emulator import quality

WHO = quality.Attendee(
    uuid="abc==", session=0, person=0, name="Ada Lovelace", email="ada@example.com",
    user_id="u1", participant_id="16778240", participant_uuid="P-1", role="host",
    join_time="2026-03-01T10:00:00Z", leave_time="2026-03-01T10:30:00Z",
)  # fmt: skip


def _figures(latency: float, jitter: float, loss: float) -> dict[str, list[float]]:
    return {"latency": [0, latency, 0], "jitter": [0, jitter, 0], "loss": [0, loss, 0]}


def test_the_same_session_gets_the_same_figures_and_another_session_others() -> None:
    assert quality.body(WHO) == quality.body(WHO)
    other = replace(WHO, session=1, role="attendee")
    assert quality.streams(other, False) != quality.streams(WHO, False)


def test_a_person_keeps_one_device_across_their_sessions() -> None:
    again = replace(WHO, session=3)
    assert quality.profile(again, True) == quality.profile(WHO, True)


def test_only_who_shares_has_screen_share_streams() -> None:
    assert set(quality.SHARE) <= set(quality.streams(WHO, True))
    assert not set(quality.SHARE) & set(quality.streams(WHO, False))
    assert quality.shares_screen(WHO)  # the host always shares


def test_worse_networks_score_lower() -> None:
    clean = quality.mos(_figures(20, 2, 0.0))
    laggy = quality.mos(_figures(250, 30, 1.0))
    lossy = quality.mos(_figures(250, 30, 8.0))
    assert 4.0 <= clean <= 4.5
    assert clean > laggy > lossy >= 1.0


@pytest.mark.parametrize(
    ("score", "word"), [(4.3, "good"), (4.0, "good"), (3.8, "fair"), (3.2, "poor"), (2.0, "bad")]
)
def test_labels_follow_the_score(score: float, word: str) -> None:
    assert quality.label(score) == word


def test_details_are_zoom_strings_with_units() -> None:
    stored = quality.streams(WHO, True)
    audio = quality.details("audio_input", stored["audio_input"])
    assert set(audio) == {f"{e}_{m}" for e in ("min", "avg", "max") for m in ("bitrate", "latency", "jitter", "loss")}  # fmt: skip
    assert audio["avg_latency"] == f"{stored['audio_input']['latency'][1]:g} ms"
    video = quality.details("video_input", stored["video_input"])
    assert video["resolution"] in ("1280*720", "640*360", "1920*1080")
    assert float(video["max_frame_rate"].removesuffix(" fps")) <= 30
    cpu = quality.details("cpu_usage", stored["cpu_usage"])
    assert cpu["system_max_cpu_pressure_level"] in ("normal", "fair", "serious", "critical")
    assert [q["type"] for q in quality.summary(stored)][-1] == "cpu_usage"


def test_kind_scores_and_means_skip_what_is_missing() -> None:
    stored = quality.streams(WHO, False)
    assert quality.kind_score(stored, quality.SHARE) is None
    audio = quality.kind_score(stored, quality.AUDIO)
    assert audio is not None and 1.0 <= audio <= 4.5
    assert quality.mean([None, 3.0, 4.0]) == 3.5
    assert quality.mean([None]) is None
