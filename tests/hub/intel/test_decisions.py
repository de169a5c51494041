from __future__ import annotations

import pytest

from zoomstack.hub.intel.decisions import decisions, is_decision
from zoomstack.hub.intel.text import sentences
from zoomstack.hub.intel.vtt import parse_vtt


@pytest.mark.parametrize(
    "sentence",
    [
        "We decided to ship on the fifth.",
        "So we agreed that the remote will be yellow.",
        "Let's go with the rubber case.",
        "It's decided then, blue it is.",
        "The decision is to postpone the launch.",
        "We'll go with option B.",
        "The committee agreed to the amendment.",
        "We agreed not to ship on Friday.",
        "Agreed: the budget stays at twelve euros.",
    ],
)
def test_decisions(sentence: str) -> None:
    assert is_decision(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "We haven't decided yet.",
        "We have not yet decided.",
        "Should we decide on the colour now?",
        "We need to decide the price.",
        "I decided to walk here.",
        "Did we agree on that?",
        "We might agree to that later.",
        "That is not final.",
        "The team is still undecided about the logo.",
    ],
)
def test_not_decisions(sentence: str) -> None:
    assert not is_decision(sentence)


def test_decisions_quote_their_sentence(standup_vtt: str) -> None:
    found = decisions(sentences(parse_vtt(standup_vtt)))
    assert [(d.text, d.source.speaker, d.source.start) for d in found] == [
        ("The team decided to ship the beta on the fifth.", "Alice Smith", 10.0)
    ]
