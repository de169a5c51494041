"""Insights as the API shows them: the stored row, and a chat-ready summary."""

from __future__ import annotations

from typing import Any

from ..db.meeting_models import InsightStatus, MeetingInsight
from ..schemas.insights import InsightsPublic, SummaryAnswer

MAX_LIST_LINES = 10


def public(row: MeetingInsight) -> InsightsPublic:
    return InsightsPublic(
        meeting_id=row.meeting_id or "",
        meeting_uuid=row.meeting_uuid,
        recording_id=row.recording_id,
        status=row.status,
        attempts=row.attempts,
        engine=row.engine,
        error=row.error,
        processed_at=row.processed_at,
        insights=row.insights,
    )


def _action_line(item: dict[str, Any]) -> str:
    owner = f"{item['owner']}: " if item.get("owner") else ""
    due = f" (due {item['due_date']})" if item.get("due_date") else ""
    return f"- {owner}{item.get('task', '')}{due}"


def chat_message(insights: dict[str, Any], title: str) -> str:
    """The summary, key points and action items as one plain-text chat message."""
    summary = insights.get("summary") or {}
    lines = [f"Summary of {title}:" if title else "Meeting summary:", summary.get("overview", "")]
    points = [p.get("text", "") for p in summary.get("key_points", [])][:MAX_LIST_LINES]
    if points:
        lines += ["", "Key points:", *(f"- {text}" for text in points)]
    actions = insights.get("action_items", [])[:MAX_LIST_LINES]
    if actions:
        lines += ["", "Action items:", *(_action_line(item) for item in actions)]
    return "\n".join(lines).strip()


def summary_answer(meeting_id: str, row: MeetingInsight, title: str) -> SummaryAnswer:
    if row.status != InsightStatus.done or not row.insights:
        waiting = row.status in (InsightStatus.pending, InsightStatus.running)
        message = (
            "The summary is being prepared; ask again in a moment."
            if waiting
            else f"The summary could not be made: {row.error or 'unknown reason'}."
        )
        return SummaryAnswer(meeting_id=meeting_id, status=row.status, message=message)
    insights = row.insights
    return SummaryAnswer(
        meeting_id=meeting_id,
        status=row.status,
        message=chat_message(insights, title),
        summary=insights.get("summary"),
        action_items=insights.get("action_items", []),
        decisions=insights.get("decisions", []),
    )
