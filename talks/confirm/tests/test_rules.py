"""Confirming an accepted talk: given events, when a command, then events."""

import pytest

from talks import errors
from talks.builders import (
    ANN,
    BOB,
    CAT,
    accepted,
    confirmed_talk,
    declined,
    invited,
    joined,
    kept,
    submitted,
    withdrawn,
)
from talks.confirm.command import decide_confirm


def test_the_speaker_confirms_an_accepted_talk():
    assert decide_confirm([submitted(ANN), accepted()], by=ANN) == [confirmed_talk(ANN)]


def test_an_accepted_co_speaker_may_confirm():
    assert decide_confirm([submitted(ANN), invited(BOB), joined(BOB), accepted()], by=BOB) == [confirmed_talk(BOB)]


def test_confirming_twice_records_nothing():
    assert decide_confirm([submitted(ANN), accepted(), confirmed_talk(ANN)], by=ANN) == []


def test_a_member_who_is_not_a_speaker_cannot_confirm():
    with pytest.raises(errors.NotASpeaker):
        decide_confirm([submitted(ANN), accepted()], by=CAT)


@pytest.mark.parametrize(
    ("history", "status"),
    [([], "submitted"), ([kept()], "kept for later"), ([declined()], "declined"), ([accepted(), withdrawn()], "withdrawn")],
)
def test_only_an_accepted_talk_can_be_confirmed(history, status):
    with pytest.raises(errors.WrongStatus) as refusal:
        decide_confirm([submitted(ANN), *history], by=ANN)
    assert refusal.value.message == f"Only an accepted talk can be confirmed; this one is {status}."


def test_confirming_a_proposal_that_does_not_exist_is_refused():
    with pytest.raises(errors.ProposalNotFound):
        decide_confirm([], by=ANN)
