"""A summary engine that asks any OpenAI-compatible chat-completions endpoint.

The endpoint writes the overview and key points; each key point is then tied to the
transcript sentence that shares the most content words with it, so that every point
can still be traced to what was said.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from .errors import EngineError
from .models import KeyPoint, Quote, Summary, Transcript
from .text import Sentence, content_stems

_SYSTEM_PROMPT = (
    "You summarise meeting transcripts. Answer with one JSON object only: "
    '{"overview": "<one or two sentences: who met and what they discussed>", '
    '"key_points": ["<a short sentence>", ...]}. '
    "Write in the third person and use only facts from the transcript."
)


@dataclass(frozen=True)
class OpenAICompatibleEngine:
    base_url: str
    model: str
    api_key: str | None = field(default=None, repr=False)
    timeout_seconds: float = 120.0
    words: int = 150
    max_transcript_chars: int = 60_000
    transport: httpx.BaseTransport | None = field(default=None, repr=False)
    name: str = "openai"

    def summarize(self, transcript: Transcript, sentences: Sequence[Sentence]) -> Summary:
        answer = self._complete(self._prompt(sentences))
        overview, points = _parse(answer)
        return Summary(
            overview=overview,
            key_points=[KeyPoint(text=p, source=_source(p, sentences)) for p in points],
        )

    def _prompt(self, sentences: Sequence[Sentence]) -> str:
        lines, size = [], 0
        for sentence in sentences:
            line = f"{sentence.speaker}: {sentence.text}"
            size += len(line) + 1
            if size > self.max_transcript_chars:
                break
            lines.append(line)
        return f"Summarise this meeting in at most {self.words} words.\n\n" + "\n".join(lines)

    def _complete(self, prompt: str) -> str:
        body = {
            "model": self.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": _SYSTEM_PROMPT},
                {"role": "user", "content": prompt},
            ],
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        url = self.base_url.rstrip("/") + "/chat/completions"
        try:
            with httpx.Client(transport=self.transport, timeout=self.timeout_seconds) as client:
                response = client.post(url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise EngineError(f"summary endpoint {url} unreachable: {exc}") from exc
        if response.status_code >= 400:
            raise EngineError(
                f"summary endpoint answered {response.status_code}: {response.text[:200]}"
            )
        return _content(response)


def _content(response: httpx.Response) -> str:
    try:
        content = response.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise EngineError("summary endpoint answered without choices[0].message.content") from exc
    if not isinstance(content, str):
        raise EngineError("summary endpoint answered with non-text content")
    return content


def _parse(content: str) -> tuple[str, list[str]]:
    text = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        data: Any = json.loads(text)
    except ValueError as exc:
        raise EngineError(
            f"summary endpoint answered with no JSON object: {content[:200]!r}"
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("overview"), str):
        raise EngineError("summary endpoint's JSON has no 'overview' string")
    points = data.get("key_points", [])
    if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
        raise EngineError("summary endpoint's 'key_points' is not a list of strings")
    return data["overview"].strip(), [p.strip() for p in points if p.strip()]


def _source(point: str, sentences: Sequence[Sentence]) -> Quote:
    """The sentence sharing most content words with the point (the first, on a tie)."""
    wanted = set(content_stems(point))
    if not sentences:
        return Quote(speaker="", start=0.0, text="")
    best = max(sentences, key=lambda s: len(wanted & set(content_stems(s.text))))
    return best.quote()
