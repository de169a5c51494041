"""Participant analytics: speaking time and share, turns, pace, interruptions, engagement."""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence

from .cleanup import is_backchannel, strip_markers
from .models import ParticipantStats, Sentiment, Transcript, Turn
from .text import Sentence

# A turn that follows one left unfinished ("so what we could—") within this many seconds
# cut that speaker off, even without overlapping cues.
CUT_OFF_GAP_SECONDS = 1.0
_CUT_OFF_ENDINGS = ("-", "\u2014", "\u2013", "\u2026", "...")  # hyphen, dashes, ellipsis
_NEUTRAL = Sentiment(compound=0.0, label="neutral")


def participants(
    transcript: Transcript, sentences: Sequence[Sentence], sentiments: dict[str, Sentiment]
) -> list[ParticipantStats]:
    """One entry per speaker, most speaking time first."""
    seconds: dict[str, float] = defaultdict(float)
    words: Counter[str] = Counter()
    for cue in transcript.cues:
        seconds[cue.speaker] += cue.end - cue.start
        words[cue.speaker] += len(strip_markers(cue.text).split())
    turns = Counter(turn.speaker for turn in transcript.turns)
    made, suffered = interruptions(transcript.turns)
    questions = Counter(s.speaker for s in sentences if s.raw.rstrip().endswith("?"))
    total_seconds, total_turns = sum(seconds.values()), sum(turns.values())
    stats = []
    for speaker in transcript.speakers:
        share = seconds[speaker] / total_seconds if total_seconds else 0.0
        turn_share = turns[speaker] / total_turns if total_turns else 0.0
        stats.append(
            ParticipantStats(
                speaker=speaker,
                speaking_seconds=round(seconds[speaker], 3),
                speaking_share=round(share, 4),
                turns=turns[speaker],
                words=words[speaker],
                words_per_minute=round(_per_minute(words[speaker], seconds[speaker]), 1),
                interruptions=made[speaker],
                interrupted=suffered[speaker],
                questions=questions[speaker],
                engagement_score=engagement_score(share, turn_share, len(transcript.speakers)),
                sentiment=sentiments.get(speaker, _NEUTRAL),
            )
        )
    return sorted(stats, key=lambda s: -s.speaking_seconds)


def interruptions(turns: Sequence[Turn]) -> tuple[Counter[str], Counter[str]]:
    """(interruptions made, interruptions suffered) per speaker.

    A turn interrupts the one before it when it starts before that one ends, or right
    after it broke off mid-sentence; a backchannel ("yeah", "mm-hmm") never does.
    """
    made: Counter[str] = Counter()
    suffered: Counter[str] = Counter()
    for before, after in itertools.pairwise(turns):
        if after.speaker != before.speaker and _interrupts(before, after):
            made[after.speaker] += 1
            suffered[before.speaker] += 1
    return made, suffered


def _interrupts(before: Turn, after: Turn) -> bool:
    if is_backchannel(strip_markers(after.text)):
        return False
    if after.start < before.end:
        return True
    broke_off = strip_markers(before.text).rstrip().endswith(_CUT_OFF_ENDINGS)
    return broke_off and after.start - before.end <= CUT_OFF_GAP_SECONDS


def engagement_score(share: float, turn_share: float, speakers: int) -> float:
    """0-100: how close a speaker came to an equal part of the talking time (60%) and of
    the turns (40%); reaching the equal part, or more, counts in full."""
    if speakers == 0:
        return 0.0
    fair = 1 / speakers
    time_part = min(1.0, share / fair)
    turn_part = min(1.0, turn_share / fair)
    return round(100 * (0.6 * time_part + 0.4 * turn_part), 1)


def _per_minute(words: int, seconds: float) -> float:
    return words * 60 / seconds if seconds > 0 else 0.0
