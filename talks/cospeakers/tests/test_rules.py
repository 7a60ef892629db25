"""Co-speaker invitations and answers: given events, when a command, then events."""

import pytest

from talks import errors
from talks.builders import ANN, BOB, CAT, accepted, declined, invited, joined, submitted, turned_down, withdrawn
from talks.cospeakers.command import decide_answer, decide_invite

# -- inviting ----------------------------------------------------------------------------------


def test_the_speaker_invites_another_member():
    assert decide_invite([submitted(ANN)], by=ANN, member_id=BOB) == [invited(BOB, by=ANN)]


def test_an_accepted_co_speaker_may_invite_too():
    assert decide_invite([submitted(ANN), invited(BOB), joined(BOB)], by=BOB, member_id=CAT) == [invited(CAT, by=BOB)]


def test_co_speakers_can_still_join_an_accepted_talk():
    assert decide_invite([submitted(ANN), accepted()], by=ANN, member_id=BOB) == [invited(BOB, by=ANN)]


def test_a_member_may_be_invited_again_after_declining():
    assert decide_invite([submitted(ANN), invited(BOB), turned_down(BOB)], by=ANN, member_id=BOB) == [invited(BOB, by=ANN)]


def test_a_member_who_is_not_a_speaker_cannot_invite():
    with pytest.raises(errors.NotASpeaker):
        decide_invite([submitted(ANN)], by=CAT, member_id=BOB)


def test_an_invited_member_cannot_invite_before_accepting():
    with pytest.raises(errors.NotASpeaker):
        decide_invite([submitted(ANN), invited(BOB)], by=BOB, member_id=CAT)


def test_inviting_yourself_is_refused():
    with pytest.raises(errors.InvitationRefused) as refusal:
        decide_invite([submitted(ANN)], by=ANN, member_id=ANN)
    assert refusal.value.message == "That member is already a speaker on this proposal."


def test_inviting_a_co_speaker_again_is_refused():
    with pytest.raises(errors.InvitationRefused) as refusal:
        decide_invite([submitted(ANN), invited(BOB), joined(BOB)], by=ANN, member_id=BOB)
    assert refusal.value.message == "That member is already a speaker on this proposal."


def test_inviting_a_member_twice_is_refused():
    with pytest.raises(errors.InvitationRefused) as refusal:
        decide_invite([submitted(ANN), invited(BOB)], by=ANN, member_id=BOB)
    assert refusal.value.message == "That member has already been invited."


@pytest.mark.parametrize(("ending", "status"), [(declined(), "declined"), (withdrawn(), "withdrawn")])
def test_no_one_can_join_a_declined_or_withdrawn_proposal(ending, status):
    with pytest.raises(errors.WrongStatus) as refusal:
        decide_invite([submitted(ANN), ending], by=ANN, member_id=BOB)
    assert refusal.value.message == f"This proposal is {status}: no co-speakers can join it."


def test_inviting_to_a_proposal_that_does_not_exist_is_refused():
    with pytest.raises(errors.ProposalNotFound):
        decide_invite([], by=ANN, member_id=BOB)


# -- answering ---------------------------------------------------------------------------------


def test_the_invited_member_accepts_and_becomes_a_co_speaker():
    assert decide_answer([submitted(ANN), invited(BOB)], member_id=BOB, accept=True) == [joined(BOB)]


def test_the_invited_member_declines():
    assert decide_answer([submitted(ANN), invited(BOB)], member_id=BOB, accept=False) == [turned_down(BOB)]


def test_answering_without_an_invitation_is_refused():
    with pytest.raises(errors.InvitationRefused) as refusal:
        decide_answer([submitted(ANN), invited(BOB)], member_id=CAT, accept=True)
    assert refusal.value.message == "You have no open invitation to this proposal."


def test_answering_twice_is_refused():
    with pytest.raises(errors.InvitationRefused):
        decide_answer([submitted(ANN), invited(BOB), joined(BOB)], member_id=BOB, accept=False)


def test_answering_an_invitation_to_a_withdrawn_proposal_is_refused():
    with pytest.raises(errors.ProposalWithdrawn):
        decide_answer([submitted(ANN), invited(BOB), withdrawn()], member_id=BOB, accept=True)


def test_no_one_joins_a_proposal_declined_after_the_invitation():
    with pytest.raises(errors.WrongStatus) as refusal:
        decide_answer([submitted(ANN), invited(BOB), declined()], member_id=BOB, accept=True)
    assert refusal.value.message == "This proposal is declined: no co-speakers can join it."


def test_an_invitation_to_a_declined_proposal_can_still_be_declined():
    assert decide_answer([submitted(ANN), invited(BOB), declined()], member_id=BOB, accept=False) == [turned_down(BOB)]


def test_answering_about_a_proposal_that_does_not_exist_is_refused():
    with pytest.raises(errors.ProposalNotFound):
        decide_answer([], member_id=BOB, accept=True)
