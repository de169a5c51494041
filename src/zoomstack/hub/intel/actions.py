"""Action items: who will do what, by when, from the sentence it was said in.

Three shapes of sentence make an action item:
- a commitment: "Alice will send the deck by Friday", "I'll check with legal", "let me ask";
- a request: "Bob, can you book the room?", "please send me the numbers";
- an assignment: "Action item: Carol to update the roadmap", "Dan needs to fix the build".
A verb that only describes the meeting itself ("I'll explain", "we'll see") counts only
when a due date is stated with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cleanup import clean, word_set
from .compress import drop_openers
from .due import find_due_phrase, resolve_due
from .models import ActionItem
from .people import known, resolve
from .text import Sentence

_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
_ANYONE = r"(?:[Ss]ome(?:one|body)|[Ee]very(?:one|body)|[Aa]ny(?:one|body))"
_SUBJECT = rf"(?P<subject>I|we|We|you|You|{_ANYONE}|{_NAME}(?:\s+and\s+{_NAME})?)"
_MODAL = (
    r"(?P<modal>will|'ll|shall|(?:is|are|am|'m|'re|'s)\s+going\s+to|(?:is|are|am|'m|'re)\s+gonna"
    r"|needs?\s+to|has\s+to|have\s+to|should|must|can|(?:is|are)\s+to)"
)
_ADVERBS = (
    r"(?:(?:also|just|then|now|next|first|again|probably|definitely|certainly|happily|quickly"
    r"|briefly|kindly|maybe|perhaps|please|try\s+to|go\s+ahead\s+and)\s+)*"
)
_TASK = r"(?P<task>(?P<verb>[a-z]+)\b[^?]*)"
_COMMITMENT = re.compile(
    rf"(?:^|[,;]\s*|\b(?:so|and|then|but|that)\s+){_SUBJECT}\s*{_ADVERBS}{_MODAL}\s+{_ADVERBS}{_TASK}"
)
# Requests to the person addressed ("can you", "please", "I need you to") ...
_REQUESTS = [
    re.compile(rf"\b(?:can|could|would|will)\s+you\s+(?:please\s+)?{_ADVERBS}{_TASK}", re.I),
    re.compile(rf"(?:^|[,;]\s*)please\s+{_TASK}", re.I),
    re.compile(
        rf"\bI(?:\s+really)?\s+(?:need|want|'d\s+like|would\s+like)\s+you\s+to\s+{_TASK}", re.I
    ),
]
# ... and to anyone: "can somebody take notes?", "remember to submit your timesheets".
_OPEN_REQUESTS = [
    re.compile(rf"\b(?:can|could|would|will)\s+{_ANYONE}\s+(?:please\s+)?{_TASK}", re.I),
    re.compile(rf"^(?:please\s+)?(?:remember|don't\s+forget|make\s+sure)\s+to\s+{_TASK}", re.I),
]
_LET_ME = re.compile(rf"\blet\s+me\s+{_ADVERBS}{_TASK}", re.I)
_LABELLED = re.compile(r"^(?:action\s+item|to-?do|follow[- ]up)s?\s*[:\-]\s*(?P<rest>.+)$", re.I)
_ASSIGNED = re.compile(rf"^(?P<subject>{_NAME})\s*(?::|to\b)\s*{_TASK}")
_VOCATIVE = re.compile(rf"^(?P<name>{_NAME})\s*,|,\s*(?P<name2>{_NAME})\s*[?.!]?$")
_JOINT = re.compile(r"\s*(?:[,;]\s*(?:and|but|then|also|so)?|\s(?:and|but)\s+then)\s+")
_VERB = re.compile(r"[a-z]+(?:-[a-z]+)?")
# "open the meeting", "close this session", "ask you something": running the meeting,
# not work to do after it.
_ABOUT_THE_MEETING = re.compile(
    r"[a-z]+\s+(?:the|this|our|today's)\s+(?:meeting|call|session)\b(?!\s+(?:notes|minutes|recording))"
    r"|(?:ask|tell|show|give)\s+(?:you|us)\b"
    r"|provide\s+(?:a\s+|an\s+)?(?:short\s+|brief\s+|quick\s+)?(?:response|answer)"
)
_NEGATION = re.compile(r"\bnot\b|n't\b|\bnever\b|\bno\s+need\b", re.I)
# Conditions and questions ("How will you monitor it?") ask about plans; they make none.
_NOT_A_PLAN = re.compile(
    r"^(?:if|when|unless|whether|maybe if|how|what|why|where|which|who)\b", re.I
)

# Verbs of idioms and opinions ("I'll be honest", "we'll see") never make a task.
_NEVER_VERBS = word_set(
    """be see say guess bet admit mean think know hope wonder
    just then now next again really actually still also probably maybe it this that there
    they we you i oh uh um well so yeah okay"""
)
# Verbs about the meeting itself or about states make a task only with a due date.
_WEAK_VERBS = word_set(
    """explain show talk tell assume start begin go come get discuss mention present read
    repeat stop wait continue move pass hand look try agree like love hate want need
    remember leave keep let put use hear find work happen rain change become stay
    remain increase decrease grow drop fall rise cost take have do make give end answer
    still actually really note back skip face supplement interject push click enable
    suspend throw remind defer jump respond proceed"""
)
# Weak verbs that make a task all the same in these phrases.
_WORK_PHRASES = (
    "look into",
    "take care of",
    "take over",
    "take a look",
    "follow up",
    "find out",
    "get back to",
    "set up",
    "put together",
    "make sure",
    "sign off",
    "work with",
    "work on",
)
_NOT_NAMES = word_set(
    """It This That There These Those What Which Who Where When Why How The A An Nobody
    He She They It's Sales Prices Price Nothing Something Anything Everything Then So And
    But Or If Maybe Perhaps Yes No Okay Well One Each All Both Some Any Our Your My Their
    His Her Its Now Today Tomorrow"""
)


@dataclass(frozen=True)
class Found:
    """What one sentence asks of whom, and the words that say by when."""

    owner: str | None
    task: str
    due_phrase: str | None = None


def action_items(
    sentences: Sequence[Sentence], speakers: Sequence[str], meeting_date: dt.date | None
) -> list[ActionItem]:
    """Every action item in the sentences, in the order they were said."""
    items = []
    for position, sentence in enumerate(sentences):
        addressee = _next_speaker(sentences, position)
        for clause in clauses(sentence.text, sentence.speaker, speakers, addressee):
            found = detect(clause, sentence.speaker, speakers, addressee)
            if found:
                items.append(_item(found, sentence, meeting_date))
    return items


def clauses(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None = None
) -> list[str]:
    """The sentence cut where two action items meet ("I'll fix it, and Carol, can you ..."),
    but never inside one task ("buy milk, eggs, and bread")."""
    for joint in _JOINT.finditer(text):
        head, rest = text[: joint.start()], text[joint.end() :]
        if detect(head, speaker, speakers, addressee) and detect(
            rest, speaker, speakers, addressee
        ):
            return [head, *clauses(rest, speaker, speakers, addressee)]
    return [text]


def detect(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None = None
) -> Found | None:
    """The owner and task of the action item in one sentence, or None."""
    # Keep the case as said: a capital is how a name ("Alice will ...") is told apart.
    text = drop_openers(clean(text), capitalize=False)
    if not text or _NOT_A_PLAN.match(text):
        return None
    labelled = _LABELLED.match(text)
    if labelled:
        return _labelled(labelled.group("rest"), speaker, speakers)
    has_due = find_due_phrase(text) is not None
    for finder in (_commitment, _request, _open_request, _let_me):
        found = finder(text, speaker, speakers, addressee, has_due)
        if found:
            return found
    return None


def _commitment(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None, has_due: bool
) -> Found | None:
    match = _COMMITMENT.search(text)
    if not match or text.rstrip().endswith("?") or _NEGATION.search(match.group(0)):
        return None
    subject, modal, task = match.group("subject"), match.group("modal"), match.group("task")
    if subject in _NOT_NAMES or not _strong(task, has_due):
        return None
    if subject.lower() in {"i", "we", "you"}:
        owner = {"i": speaker, "you": addressee, "we": None}[subject.lower()]
        if not _plan(subject.lower(), modal, has_due):
            return None
        return _found(owner, task, text)
    if re.fullmatch(_ANYONE, subject):
        return (
            _found(None, task, text) if _plan("we", modal, has_due) or modal == "should" else None
        )
    if not known(subject, speakers) and modal in {"can", "should"}:
        return None
    owner = " and ".join(resolve(name, speakers) for name in subject.split(" and "))
    return _found(owner, task, text)


def _plan(subject: str, modal: str, has_due: bool) -> bool:
    """Whether "I/we/you + modal" states a plan rather than an opinion.

    "we should", "I can", "you need to" are often opinions, and "you'll" often means
    anyone ("you're gonna end up with ..."); a due date makes them a plan.
    """
    soft = modal in {"can", "should", "must"} or modal.startswith(("need", "has", "have"))
    if soft or subject == "you":
        return has_due or (subject == "i" and modal != "can")
    return True


def _request(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None, has_due: bool
) -> Found | None:
    match = _first_match(_REQUESTS, text)
    if not match or _NEGATION.search(match.group(0)) or not _strong(match.group("task"), has_due):
        return None
    task = match.group("task")
    vocative = _VOCATIVE.search(text)
    if vocative:
        name = vocative.group("name") or vocative.group("name2")
        if name not in _NOT_NAMES:
            addressee = resolve(name, speakers)
            if vocative.group("name2"):
                task = task[: task.rfind(",")] if "," in task else task
    return _found(addressee, task, text)


def _open_request(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None, has_due: bool
) -> Found | None:
    match = _first_match(_OPEN_REQUESTS, text)
    if not match or not _strong(match.group("task"), has_due):
        return None
    return _found(None, match.group("task"), text)


def _first_match(patterns: Sequence[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for m in (p.search(text) for p in patterns) if m), None)


def _let_me(
    text: str, speaker: str, speakers: Sequence[str], addressee: str | None, has_due: bool
) -> Found | None:
    match = _LET_ME.search(text)
    if not match or not _strong(match.group("task"), has_due):
        return None
    return _found(speaker, match.group("task"), text)


def _labelled(rest: str, speaker: str, speakers: Sequence[str]) -> Found:
    assigned = _ASSIGNED.match(rest)
    if assigned and assigned.group("subject") not in _NOT_NAMES:
        owner = resolve(assigned.group("subject"), speakers)
        return _found(owner, assigned.group("task"), rest)
    found = detect(rest, speaker, speakers)
    return found or _found(None, rest, rest)


def _found(owner: str | None, task: str, text: str) -> Found:
    # The due date of the task itself first: "I was out today so I'll call them tomorrow".
    due = find_due_phrase(task) or find_due_phrase(text)
    return Found(owner, _task(task), due)


def _strong(task: str, has_due: bool) -> bool:
    """Whether a task's verb makes it a task: never for idioms, with a date for weak verbs,
    always for phrasal verbs of work ("look into", "take care of")."""
    task = task.lower()
    if task.startswith(_WORK_PHRASES):
        return True
    verb = _VERB.match(task)
    if not verb or verb.group(0) in _NEVER_VERBS:
        return False
    if has_due:
        return True
    # One word ("Could you answer?", "we will still—") is too little to be a task.
    vague = len(task.split()) < 2 or _ABOUT_THE_MEETING.match(task) is not None
    return verb.group(0) not in _WEAK_VERBS and not vague


def _task(text: str) -> str:
    due = find_due_phrase(text)
    if due:
        text = re.sub(re.escape(due), "", text, count=1, flags=re.I)
    text = re.sub(r"\b(?:please|for me|okay|ok|right)\b[,]?", "", text, flags=re.I)
    return " ".join(text.split()).strip(" ,.;:!?-")


def _next_speaker(sentences: Sequence[Sentence], position: int) -> str | None:
    """Whoever speaks next after this sentence's turn: the likely addressee of a request."""
    speaker = sentences[position].speaker
    for later in sentences[position + 1 : position + 20]:
        if later.speaker != speaker:
            return later.speaker
    return None


def _item(found: Found, sentence: Sentence, meeting_date: dt.date | None) -> ActionItem:
    phrase = found.due_phrase
    due = resolve_due(phrase, meeting_date) if phrase and meeting_date else None
    return ActionItem(
        owner=found.owner,
        task=found.task,
        due_date=due,
        due_phrase=phrase,
        source=sentence.quote(),
    )
