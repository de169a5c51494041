"""Settings of the meeting-intelligence engine; env vars are ZOOMSTACK_INTEL_*."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class EngineName(StrEnum):
    extractive = "extractive"  # offline, CPU only, the default
    openai = "openai"  # any OpenAI-compatible chat-completions endpoint


class IntelSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZOOMSTACK_INTEL_", extra="ignore")

    engine: EngineName = EngineName.extractive
    summary_words: int = Field(default=150, ge=20, description="length of overview + key points")
    openai_base_url: str = Field(default="", description="e.g. http://127.0.0.1:11434/v1")
    openai_api_key: SecretStr = SecretStr("")
    openai_model: str = ""
    openai_timeout_seconds: float = 120.0
