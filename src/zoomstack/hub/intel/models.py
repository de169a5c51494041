"""What the engine reads (a transcript) and what it hands back (insights), as pydantic models."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class Cue(BaseModel):
    """One timed line of a transcript, as the VTT file gives it."""

    speaker: str
    start: float = Field(description="seconds from the start of the recording")
    end: float
    text: str


class Turn(BaseModel):
    """Consecutive cues of one speaker, merged."""

    index: int
    speaker: str
    start: float
    end: float
    text: str

    @property
    def duration(self) -> float:
        return max(0.0, self.end - self.start)


class Transcript(BaseModel):
    """A parsed transcript: its cues in order and the turns they form."""

    cues: list[Cue]
    turns: list[Turn]

    @property
    def speakers(self) -> list[str]:
        """Speakers in order of first appearance."""
        return list(dict.fromkeys(turn.speaker for turn in self.turns))

    @property
    def duration(self) -> float:
        if not self.cues:
            return 0.0
        return max(cue.end for cue in self.cues) - min(cue.start for cue in self.cues)


class Quote(BaseModel):
    """A sentence of the transcript, with who said it and when."""

    speaker: str
    start: float
    text: str


class KeyPoint(BaseModel):
    text: str = Field(description="the point, cleaned of fillers")
    source: Quote


class Summary(BaseModel):
    overview: str
    key_points: list[KeyPoint]

    def text(self) -> str:
        """Overview and key points as one paragraph."""
        return " ".join([self.overview, *(point.text for point in self.key_points)]).strip()


class Decision(BaseModel):
    text: str
    source: Quote


class ActionItem(BaseModel):
    owner: str | None = Field(description="who will do it, when the transcript says")
    task: str
    due_date: dt.date | None = None
    due_phrase: str | None = Field(default=None, description="the words the due date came from")
    source: Quote


class Sentiment(BaseModel):
    compound: float = Field(description="mean VADER compound score, -1 to 1")
    label: str = Field(description="positive, negative or neutral")


class ParticipantStats(BaseModel):
    speaker: str
    speaking_seconds: float
    speaking_share: float = Field(description="share of all speaking time, 0 to 1")
    turns: int
    words: int
    words_per_minute: float
    interruptions: int = Field(description="turns this speaker started over someone else")
    interrupted: int = Field(description="times someone started over this speaker")
    questions: int
    engagement_score: float = Field(description="0 to 100, see analytics.engagement_score")
    sentiment: Sentiment


class Insights(BaseModel):
    """Everything the engine learns from one meeting's transcript."""

    meeting_date: dt.date | None
    engine: str
    duration_seconds: float
    speakers: list[str]
    turns: list[Turn]
    summary: Summary
    decisions: list[Decision]
    action_items: list[ActionItem]
    participants: list[ParticipantStats]
