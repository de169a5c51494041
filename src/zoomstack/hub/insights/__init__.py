"""Meeting intelligence in the hub: a job per transcript, insights stored per meeting."""

from .service import INTEL_JOB, IntelService
from .store import instance_transcript, is_transcript

__all__ = ["INTEL_JOB", "IntelService", "instance_transcript", "is_transcript"]
