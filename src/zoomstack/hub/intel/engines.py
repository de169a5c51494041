"""The summary engines behind one interface, and the one the settings pick."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import httpx

from .errors import EngineError
from .extractive import ExtractiveEngine
from .models import Summary, Transcript
from .openai_engine import OpenAICompatibleEngine
from .settings import EngineName, IntelSettings
from .text import Sentence


class SummaryEngine(Protocol):
    """Turns a transcript (and its cleaned sentences) into an overview and key points."""

    @property
    def name(self) -> str: ...

    def summarize(self, transcript: Transcript, sentences: Sequence[Sentence]) -> Summary: ...


def engine_from_settings(
    settings: IntelSettings | None = None, transport: httpx.BaseTransport | None = None
) -> SummaryEngine:
    """The engine the settings name; `transport` lets tests answer for the endpoint."""
    settings = settings or IntelSettings()
    if settings.engine is EngineName.extractive:
        return ExtractiveEngine(words=settings.summary_words)
    if not settings.openai_base_url or not settings.openai_model:
        raise EngineError(
            "the openai engine needs ZOOMSTACK_INTEL_OPENAI_BASE_URL and ZOOMSTACK_INTEL_OPENAI_MODEL"
        )
    return OpenAICompatibleEngine(
        base_url=settings.openai_base_url,
        model=settings.openai_model,
        api_key=settings.openai_api_key.get_secret_value() or None,
        timeout_seconds=settings.openai_timeout_seconds,
        words=settings.summary_words,
        transport=transport,
    )
