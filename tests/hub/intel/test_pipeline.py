from __future__ import annotations

import json

import httpx
import pytest

from zoomstack.hub.intel import Insights, TranscriptError, analyze
from zoomstack.hub.intel.openai_engine import OpenAICompatibleEngine
from zoomstack.hub.intel.vtt import parse_vtt

from .conftest import MEETING_DATE


def test_analyze_gathers_everything(standup_vtt: str) -> None:
    insights = analyze(standup_vtt, meeting_date=MEETING_DATE)
    assert insights.engine == "extractive"
    assert insights.meeting_date == MEETING_DATE
    assert insights.duration_seconds == 40.0
    assert insights.speakers == ["Alice Smith", "Bob Jones", "Carol"]
    assert len(insights.turns) == 8
    assert insights.summary.key_points
    assert [d.text for d in insights.decisions] == [
        "The team decided to ship the beta on the fifth."
    ]
    assert insights.decisions[0].source.text == "We decided to ship the beta on the fifth."
    assert [a.owner for a in insights.action_items] == ["Bob Jones", "Carol", "Alice Smith"]
    assert [p.speaker for p in insights.participants] == insights.speakers


def test_insights_are_json_serialisable(standup_vtt: str) -> None:
    insights = analyze(standup_vtt, meeting_date=MEETING_DATE)
    data = json.loads(insights.model_dump_json())
    assert data["action_items"][0]["due_date"] == "2024-03-08"
    assert Insights.model_validate(data) == insights


def test_analyze_takes_a_parsed_transcript(standup_vtt: str) -> None:
    assert analyze(parse_vtt(standup_vtt)).speakers == ["Alice Smith", "Bob Jones", "Carol"]


def test_analyze_with_another_engine(standup_vtt: str) -> None:
    content = json.dumps({"overview": "A short meeting.", "key_points": []})
    body = {"choices": [{"message": {"content": content}}]}
    engine = OpenAICompatibleEngine(
        base_url="http://llm.test",
        model="m",
        transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body)),
    )
    insights = analyze(standup_vtt, engine=engine)
    assert (insights.engine, insights.summary.overview) == ("openai", "A short meeting.")


def test_bad_transcript_is_a_clear_error() -> None:
    with pytest.raises(TranscriptError, match="WEBVTT"):
        analyze("1\n00:00:00.000 --> 00:00:01.000\nA: hi\n")
