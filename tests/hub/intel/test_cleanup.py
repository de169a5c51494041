from __future__ import annotations

import pytest

from zoomstack.hub.intel.cleanup import clean, is_backchannel, strip_markers


@pytest.mark.parametrize(
    ("spoken", "cleaned"),
    [
        (
            "Um , I I think , you know , the the remote should be uh yellow .",
            "I think, the remote should be yellow.",
        ),
        ("But can you can you go back to that slide ?", "But can you go back to that slide?"),
        ("So wh- what do we do", "So what do we do"),
        ("{vocalsound} The price is {disfmarker} twelve euros .", "The price is twelve euros."),
        ("Hmm, the budget is fixed, I mean, final.", "the budget is fixed, final."),
        ("Alice will send the deck by Friday.", "Alice will send the deck by Friday."),
        ("We 'll send it , it 's done , do n't worry .", "We'll send it, it's done, don't worry."),
    ],
)
def test_clean_drops_fillers_stutters_and_markers(spoken: str, cleaned: str) -> None:
    assert clean(spoken) == cleaned


def test_strip_markers_keeps_words() -> None:
    assert strip_markers("Yeah {vocalsound} okay {pause} .") == "Yeah okay ."


@pytest.mark.parametrize("text", ["Yeah.", "Mm-hmm .", "okay, right, sure", "Uh huh", "Thank you."])
def test_backchannels(text: str) -> None:
    assert is_backchannel(text)


@pytest.mark.parametrize(
    "text", ["Yeah, but the build is failing.", "No, ship it Friday.", "Okay, I'll send it."]
)
def test_content_is_not_a_backchannel(text: str) -> None:
    assert not is_backchannel(text)
