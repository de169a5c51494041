from __future__ import annotations

import json

import httpx
import pytest

from zoomstack.hub.intel.engines import engine_from_settings
from zoomstack.hub.intel.errors import EngineError
from zoomstack.hub.intel.extractive import ExtractiveEngine
from zoomstack.hub.intel.models import Transcript
from zoomstack.hub.intel.openai_engine import OpenAICompatibleEngine
from zoomstack.hub.intel.settings import EngineName, IntelSettings
from zoomstack.hub.intel.text import Sentence, sentences
from zoomstack.hub.intel.vtt import parse_vtt

ANSWER = {
    "overview": "Alice, Bob and Carol reviewed the beta launch.",
    "key_points": ["The build is failing on the release branch.", "The deck goes to the board."],
}


def _reply(content: str, status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        body = {"choices": [{"message": {"role": "assistant", "content": content}}]}
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handler)


def _meeting(vtt: str) -> tuple[Transcript, list[Sentence]]:
    transcript = parse_vtt(vtt)
    return transcript, sentences(transcript)


def test_asks_the_endpoint_and_ties_points_to_sentences(standup_vtt: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        message = {"role": "assistant", "content": json.dumps(ANSWER)}
        return httpx.Response(200, json={"choices": [{"message": message}]})

    engine = OpenAICompatibleEngine(
        base_url="http://llm.test/v1/",
        model="tiny",
        api_key="sk-test",
        transport=httpx.MockTransport(handler),
    )
    summary = engine.summarize(*_meeting(standup_vtt))
    assert summary.overview == ANSWER["overview"]
    assert [p.text for p in summary.key_points] == ANSWER["key_points"]
    assert summary.key_points[0].source.text.startswith("Sorry to jump in")
    assert summary.key_points[1].source.speaker == "Alice Smith"
    (request,) = seen
    assert str(request.url) == "http://llm.test/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    body = json.loads(request.content)
    assert body["model"] == "tiny"
    assert "Bob Jones: Sorry to jump in" in body["messages"][1]["content"]


def test_no_key_no_authorization_header(standup_vtt: str) -> None:
    headers: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        headers.append(request.headers)
        message = {"content": json.dumps(ANSWER)}
        return httpx.Response(200, json={"choices": [{"message": message}]})

    engine = OpenAICompatibleEngine(
        base_url="http://llm.test/v1", model="m", transport=httpx.MockTransport(handler)
    )
    engine.summarize(*_meeting(standup_vtt))
    assert "authorization" not in headers[0]


def test_json_in_a_code_fence_is_read(standup_vtt: str) -> None:
    content = "```json\n" + json.dumps(ANSWER) + "\n```"
    engine = OpenAICompatibleEngine(
        base_url="http://llm.test", model="m", transport=_reply(content)
    )
    assert engine.summarize(*_meeting(standup_vtt)).overview == ANSWER["overview"]


@pytest.mark.parametrize(
    ("transport", "message"),
    [
        (_reply(json.dumps(ANSWER), status=500), "answered 500"),
        (_reply("Sure! Here is a summary."), "no JSON object"),
        (_reply(json.dumps({"key_points": []})), "no 'overview'"),
        (_reply(json.dumps({"overview": "x", "key_points": "a, b"})), "not a list"),
        (httpx.MockTransport(lambda _: httpx.Response(200, json={"id": 1})), "choices"),
    ],
)
def test_bad_answers_raise_engine_error(
    standup_vtt: str, transport: httpx.MockTransport, message: str
) -> None:
    engine = OpenAICompatibleEngine(base_url="http://llm.test", model="m", transport=transport)
    with pytest.raises(EngineError, match=message):
        engine.summarize(*_meeting(standup_vtt))


def test_unreachable_endpoint_raises_engine_error(standup_vtt: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    engine = OpenAICompatibleEngine(
        base_url="http://llm.test", model="m", transport=httpx.MockTransport(handler)
    )
    with pytest.raises(EngineError, match="unreachable"):
        engine.summarize(*_meeting(standup_vtt))


def test_settings_choose_the_engine() -> None:
    assert isinstance(engine_from_settings(IntelSettings()), ExtractiveEngine)
    settings = IntelSettings(
        engine=EngineName.openai, openai_base_url="http://llm.test/v1", openai_model="m"
    )
    engine = engine_from_settings(settings, transport=_reply(json.dumps(ANSWER)))
    assert isinstance(engine, OpenAICompatibleEngine)
    assert engine.name == "openai"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOOMSTACK_INTEL_ENGINE", "openai")
    monkeypatch.setenv("ZOOMSTACK_INTEL_OPENAI_BASE_URL", "http://llm.test/v1")
    monkeypatch.setenv("ZOOMSTACK_INTEL_OPENAI_MODEL", "m")
    monkeypatch.setenv("ZOOMSTACK_INTEL_OPENAI_API_KEY", "sk-secret")
    engine = engine_from_settings()
    assert isinstance(engine, OpenAICompatibleEngine)
    assert "sk-secret" not in repr(engine)


def test_openai_engine_without_endpoint_is_a_clear_error() -> None:
    with pytest.raises(EngineError, match="OPENAI_BASE_URL"):
        engine_from_settings(IntelSettings(engine=EngineName.openai))
