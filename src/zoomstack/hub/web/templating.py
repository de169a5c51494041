"""The dashboard's Jinja2 environment: templates beside this module, and the filters
that show times in the viewer's zone, lengths and sizes the way people read them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..scheduling.zones import zone_named
from .session import Viewer

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")


def local(moment: datetime | None, tz: str, pattern: str = "%a %d %b, %H:%M") -> str:
    if moment is None:
        return ""
    return moment.astimezone(zone_named(tz)).strftime(pattern)


def minutes(seconds: float | int | None) -> str:
    """3725 -> '1 h 2 min'; 95 -> '1 min 35 s'."""
    total = round(seconds or 0)
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {mins} min"
    return f"{mins} min {secs} s" if mins else f"{secs} s"


def filesize(size: int | None) -> str:
    value = float(size or 0)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"


def clock(seconds: float | None) -> str:
    """Seconds into a recording as mm:ss (or h:mm:ss)."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


templates.env.filters.update(local=local, minutes=minutes, filesize=filesize, clock=clock)


def page(
    request: Request,
    name: str,
    viewer: Viewer | None,
    *,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """Render `name` with the viewer, the notice or error of the last action, and
    the page's own values."""
    values = {
        "viewer": viewer,
        "tz": viewer.timezone if viewer else "UTC",
        "notice": request.query_params.get("notice", "")[:300],
        "error": request.query_params.get("error", "")[:300],
        **context,
    }
    return templates.TemplateResponse(request, name, values, status_code=status_code)
