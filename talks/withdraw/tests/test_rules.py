"""Withdrawing a proposal: given events, when a command, then events."""

import pytest

from talks import errors
from talks.builders import (
    ANN,
    BOB,
    CAT,
    accepted,
    confirmed_talk,
    invited,
    joined,
    kept,
    submitted,
    withdrawn,
    withdrawn_because,
)
from talks.withdraw.command import decide_withdraw


def test_the_speaker_withdraws_with_a_reason():
    then = decide_withdraw([submitted(ANN)], by=ANN, given=False, reason="  I moved to Lisbon. ")
    assert then == [withdrawn_because("I moved to Lisbon.", by=ANN)]


def test_the_reason_is_optional():
    assert decide_withdraw([submitted(ANN)], by=ANN, given=False) == [withdrawn(ANN)]


def test_an_accepted_co_speaker_may_withdraw():
    assert decide_withdraw([submitted(ANN), invited(BOB), joined(BOB)], by=BOB, given=False) == [withdrawn(BOB)]


@pytest.mark.parametrize("decisions", [[kept()], [accepted()], [accepted(), confirmed_talk()]])
def test_a_kept_accepted_or_confirmed_talk_may_still_be_withdrawn(decisions):
    assert decide_withdraw([submitted(ANN), *decisions], by=ANN, given=False) == [withdrawn(ANN)]


def test_a_talk_already_given_cannot_be_withdrawn():
    with pytest.raises(errors.TalkAlreadyGiven):
        decide_withdraw([submitted(ANN), accepted(), confirmed_talk()], by=ANN, given=True)


def test_withdrawing_twice_is_refused():
    with pytest.raises(errors.ProposalWithdrawn):
        decide_withdraw([submitted(ANN), withdrawn()], by=ANN, given=False)


def test_a_member_who_is_not_a_speaker_cannot_withdraw():
    with pytest.raises(errors.NotASpeaker):
        decide_withdraw([submitted(ANN)], by=CAT, given=False)


def test_an_invited_member_cannot_withdraw_before_accepting():
    with pytest.raises(errors.NotASpeaker):
        decide_withdraw([submitted(ANN), invited(BOB)], by=BOB, given=False)


def test_withdrawing_a_proposal_that_does_not_exist_is_refused():
    with pytest.raises(errors.ProposalNotFound):
        decide_withdraw([], by=ANN, given=False)


def test_a_reason_with_control_characters_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_withdraw([submitted(ANN)], by=ANN, given=False, reason="I moved\x00 to Lisbon.")
    assert refusal.value.message == "The reason contains invisible control characters; please retype it."


def test_a_reason_may_take_several_lines():
    then = decide_withdraw([submitted(ANN)], by=ANN, given=False, reason="I moved.\nSorry!")
    assert then == [withdrawn_because("I moved.\nSorry!", by=ANN)]
