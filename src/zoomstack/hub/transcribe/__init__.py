"""Transcription in the hub: audio without a transcript in, WebVTT out, offline on CPU."""

from .service import TRANSCRIBE_JOB, TranscribeService, has_audio

__all__ = ["TRANSCRIBE_JOB", "TranscribeService", "has_audio"]
