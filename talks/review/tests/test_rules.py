"""Rules of reviewing, deciding and the call for proposals: pure decisions, no database."""

import pytest

from talks import errors
from talks import events as e
from talks.builders import (
    ANN,
    BOB,
    OLIVIA,
    accepted,
    cfp_closed,
    cfp_opened,
    confirmed_talk,
    declined,
    kept,
    reviewed,
    submitted,
    withdrawn,
)
from talks.proposal import Proposal
from talks.review.command import decide_call_for_proposals, decide_decision, decide_review


@pytest.mark.parametrize("score", [1, 5])
def test_a_score_from_1_to_5_is_recorded(score):
    given = [submitted()]
    then = decide_review(given, reviewer_id=OLIVIA, score=score, comment=" Good fit ")
    assert then == [reviewed(OLIVIA, score, "Good fit")]


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_score_outside_1_to_5_is_refused(score):
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_review([submitted()], reviewer_id=OLIVIA, score=score, comment="")
    assert refusal.value.message == "A score is a whole number from 1 to 5."


def test_reviewing_again_replaces_ones_review():
    given = [submitted(), reviewed(OLIVIA, 2, "Too long"), reviewed(BOB, 4, "Yes")]
    then = decide_review(given, reviewer_id=OLIVIA, score=5, comment="Shorter now")
    assert then == [reviewed(OLIVIA, 5, "Shorter now")]
    assert Proposal.fold(given + then).reviews == {OLIVIA: (5, "Shorter now"), BOB: (4, "Yes")}


def test_the_same_review_twice_records_nothing():
    given = [submitted(), reviewed(OLIVIA, 4, "Good fit")]
    assert decide_review(given, reviewer_id=OLIVIA, score=4, comment="Good fit") == []


def test_a_speaker_cannot_review_their_own_proposal():
    with pytest.raises(errors.WrongStatus) as refusal:
        decide_review([submitted(ANN)], reviewer_id=ANN, score=5, comment="Brilliant")
    assert refusal.value.message == "You cannot review your own proposal."


def test_a_withdrawn_proposal_is_not_reviewed():
    with pytest.raises(errors.ProposalWithdrawn):
        decide_review([submitted(), withdrawn()], reviewer_id=OLIVIA, score=3, comment="")


STATUSES = {
    "submitted": [submitted()],
    "kept_for_later": [submitted(), kept()],
    "accepted": [submitted(), accepted()],
    "confirmed": [submitted(), accepted(), confirmed_talk()],
    "declined": [submitted(), declined()],
    "withdrawn": [submitted(), withdrawn()],
}
ALLOWED = {
    ("accept", "submitted"), ("accept", "kept_for_later"),
    ("decline", "submitted"), ("decline", "kept_for_later"), ("decline", "accepted"),
    ("keep", "submitted"),
}


@pytest.mark.parametrize("status", list(STATUSES))
@pytest.mark.parametrize("decision", ["accept", "decline", "keep"])
def test_each_decision_is_taken_only_from_the_statuses_it_fits(decision, status):
    given = STATUSES[status]
    if (decision, status) in ALLOWED:
        then = decide_decision(given, decision=decision, message=" Thanks! ", by=OLIVIA)
        event = {"accept": e.ProposalAccepted, "decline": e.ProposalDeclined, "keep": e.ProposalKeptForLater}[decision]
        assert then == [event(message="Thanks!", decided_by=OLIVIA)]
    else:
        with pytest.raises(errors.WrongStatus):
            decide_decision(given, decision=decision, message="Thanks!", by=OLIVIA)


@pytest.mark.parametrize("message", ["", "   \n"])
def test_a_decision_needs_a_message_for_the_speakers(message):
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_decision([submitted()], decision="accept", message=message, by=OLIVIA)
    assert refusal.value.message == "Please write a message for the speakers."


def test_an_unknown_decision_is_refused():
    with pytest.raises(errors.InvalidProposal):
        decide_decision([submitted()], decision="maybe", message="Hm", by=OLIVIA)


def test_the_call_for_proposals_is_open_until_closed_and_closes_once():
    assert decide_call_for_proposals([], open_it=False, by="olivia") == [cfp_closed()]
    with pytest.raises(errors.CallForProposalsAlready) as refusal:
        decide_call_for_proposals([cfp_closed()], open_it=False, by="olivia")
    assert refusal.value.message == "The call for proposals is already closed."


def test_opening_an_open_call_for_proposals_is_refused():
    assert decide_call_for_proposals([cfp_closed()], open_it=True, by="olivia") == [cfp_opened()]
    with pytest.raises(errors.CallForProposalsAlready) as refusal:
        decide_call_for_proposals([cfp_closed(), cfp_opened()], open_it=True, by="olivia")
    assert refusal.value.message == "The call for proposals is already open."


@pytest.mark.parametrize("comment", ["Good\x00fit", "Good\x1b[2Jfit"], ids=["NUL", "escape"])
def test_a_review_comment_with_control_characters_is_refused(comment):
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_review([submitted()], reviewer_id=OLIVIA, score=4, comment=comment)
    assert refusal.value.message == "The comment contains invisible control characters; please retype it."


def test_a_review_comment_keeps_its_line_breaks():
    then = decide_review([submitted()], reviewer_id=OLIVIA, score=4, comment="Good fit.\n\tShorter?")
    assert then == [reviewed(OLIVIA, 4, "Good fit.\n\tShorter?")]


def test_a_decision_message_with_control_characters_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_decision([submitted()], decision="accept", message="Welcome\x0b aboard", by=OLIVIA)
    assert refusal.value.message == "The message contains invisible control characters; please retype it."
