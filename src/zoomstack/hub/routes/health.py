"""Health and Prometheus metrics."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from ..deps import HubDep
from ..errors import error_body

router = APIRouter(tags=["operations"])


@router.get("/health", responses={503: {"description": "A critical part is failing"}})
async def health(hub: HubDep) -> JSONResponse:
    report = await hub.health.run()
    if report.healthy:
        return JSONResponse({"status": "ok", "checks": report.checks})
    failing = ", ".join(report.failing())
    body: dict[str, Any] = error_body(503, f"Unhealthy: {failing}.", {"checks": report.checks})
    body["status"] = "unhealthy"
    return JSONResponse(body, status_code=503)


@router.get("/metrics", response_class=Response)
async def metrics(hub: HubDep) -> Response:
    payload, content_type = hub.metrics.render()
    return Response(payload, media_type=content_type)
