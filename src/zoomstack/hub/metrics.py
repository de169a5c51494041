"""Prometheus metrics of one hub app, in its own registry (several apps, one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.exposition import CONTENT_TYPE_LATEST, generate_latest

SYNC_OUTCOMES = ("stored", "skipped", "failed")
UPLOAD_OUTCOMES = ("stored", "refused")


class HubMetrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.request_seconds = Histogram(
            "zoomstack_hub_request_duration_seconds",
            "HTTP request latency, by route template.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.uploads = Counter(
            "zoomstack_hub_uploads",
            "Manual uploads, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        self.upload_bytes = Counter(
            "zoomstack_hub_upload_bytes",
            "Bytes stored from manual uploads.",
            registry=self.registry,
        )
        self.sync_recordings = Counter(
            "zoomstack_hub_sync_recordings",
            "Recording files seen by the sync, by outcome.",
            ["outcome"],
            registry=self.registry,
        )
        self.sync_bytes = Counter(
            "zoomstack_hub_sync_bytes", "Bytes stored by the sync.", registry=self.registry
        )
        self.queue_depth = Gauge(
            "zoomstack_hub_queue_depth", "Jobs waiting in the queue.", registry=self.registry
        )
        self._zero(self.uploads, UPLOAD_OUTCOMES)
        self._zero(self.sync_recordings, SYNC_OUTCOMES)

    @staticmethod
    def _zero(counter: Counter, outcomes: tuple[str, ...]) -> None:
        # Show every outcome from the start, so rates work before the first event.
        for outcome in outcomes:
            counter.labels(outcome)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
