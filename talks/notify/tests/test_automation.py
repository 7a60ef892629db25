"""Mail that follows talk events (talks/notify/automation.py), through the real commands
and the worker's delivery (`deliver_mail`): decisions to the speakers the proposal had
then, invitations to the member invited, withdrawals to the organisers; once per event
and person; a title or a display name with a line break still gives a one-line subject."""

import email
import email.policy
from email.message import EmailMessage

import pytest
from django.core import mail

from eventstore.store import event_store
from membership.events import ProfileUpdated
from membership.read_models import member_stream
from membership.testing import make_member
from talks import events as e
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.review.command import decide_on_proposal
from talks.testing import make_proposal
from talks.withdraw.command import withdraw_proposal

pytestmark = pytest.mark.django_db
MY_TALKS = "http://testserver/talks/mine/"  # SITE_URL in tests


def sent() -> list[tuple[str, list[str]]]:
    return sorted((m.subject, m.to) for m in mail.outbox)


def with_co_speaker(speaker, co_speaker, **proposal) -> object:
    proposal_id = make_proposal(speaker, **proposal)
    invite_co_speaker(proposal_id=proposal_id, by=speaker.member_id, member_id=co_speaker.member_id)
    answer_invitation(proposal_id=proposal_id, member_id=co_speaker.member_id, accept=True)
    return proposal_id


def as_received(message) -> EmailMessage:
    """The message as a mail program would parse it from the bytes sent."""
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


# -- decisions ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("decision", "subject", "body"),
    [
        ("accept", "Your talk “Testing with pytest” is accepted",
         f"See you in December!\n\nPlease confirm your talk on {MY_TALKS}\n"),
        ("decline", "About your proposal “Testing with pytest”", "See you in December!\n"),
        ("keep", "Your proposal “Testing with pytest” is kept for later", "See you in December!\n"),
    ],
)
def test_a_decision_sends_the_organisers_message_to_every_speaker(ann, bob, olivia, deliver_mail, decision, subject, body):
    proposal_id = with_co_speaker(ann, bob)
    deliver_mail()
    mail.outbox.clear()

    decide_on_proposal(proposal_id=proposal_id, decision=decision, message="See you in December!", by=olivia.member_id)

    assert deliver_mail() == 2
    assert deliver_mail() == 0  # the automation runs again: nothing new
    assert sent() == [(subject, ["ann@example.com"]), (subject, ["bob@example.com"])]
    assert [m.body for m in mail.outbox] == [body, body]


def test_a_decision_goes_to_the_speakers_the_proposal_had_at_that_moment(ann, bob, olivia, deliver_mail):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)  # invited, not yet a speaker
    decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Welcome!", by=olivia.member_id)
    answer_invitation(proposal_id=proposal_id, member_id=bob.member_id, accept=True)
    decide_on_proposal(proposal_id=proposal_id, decision="decline", message="The meetup is full.", by=olivia.member_id)

    deliver_mail()

    assert sent() == [
        ("About your proposal “Testing with pytest”", ["ann@example.com"]),
        ("About your proposal “Testing with pytest”", ["bob@example.com"]),
        ("Ann invites you to co-present “Testing with pytest”", ["bob@example.com"]),
        ("Your talk “Testing with pytest” is accepted", ["ann@example.com"]),
    ]


# -- invitations ---------------------------------------------------------------------------------
def test_an_invited_member_is_told_who_invites_them(ann, bob, deliver_mail):
    proposal_id = make_proposal(ann)

    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)

    assert deliver_mail() == 1
    assert deliver_mail() == 0
    assert sent() == [("Ann invites you to co-present “Testing with pytest”", ["bob@example.com"])]
    assert mail.outbox[0].body == f"Accept or decline the invitation on {MY_TALKS}\n"


# -- withdrawals ---------------------------------------------------------------------------------
def test_a_withdrawal_is_sent_to_every_organiser_with_the_reason(ann, olivia, deliver_mail):
    make_member("Oscar", organiser=True)
    proposal_id = make_proposal(ann)

    withdraw_proposal(proposal_id=proposal_id, by=ann.member_id, reason="I moved to Lisbon.")

    assert deliver_mail() == 2
    assert deliver_mail() == 0
    assert sent() == [
        ("Withdrawn: “Testing with pytest”", ["olivia@example.com"]),
        ("Withdrawn: “Testing with pytest”", ["oscar@example.com"]),
    ]
    assert mail.outbox[0].body == "The speakers withdrew “Testing with pytest”.\nI moved to Lisbon.\n"


# -- unsafe text -----------------------------------------------------------------------------------
@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\u2028"])
def test_a_display_name_with_a_line_break_still_mails_the_invitation_with_a_one_line_subject(
    ann, bob, deliver_mail, line_break
):
    # As an older release could record it, before display names were refused line breaks.
    stream = member_stream(ann.pk)
    old = ProfileUpdated(display_name=f"Ann{line_break}Bcc: evil@example.com", bio="", links=[])
    event_store().append(stream, [old], after_version=len(event_store().load(stream)))
    proposal_id = make_proposal(ann)

    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)

    assert deliver_mail() == 1
    [message] = mail.outbox
    assert (message.subject, message.to, message.bcc) == (
        "Ann Bcc: evil@example.com invites you to co-present “Testing with pytest”", ["bob@example.com"], [],
    )
    received = as_received(message)
    assert (received.get_all("Subject"), received.get_all("Bcc")) == (
        ["Ann Bcc: evil@example.com invites you to co-present “Testing with pytest”"], None,
    )


@pytest.mark.parametrize("line_break", ["\r\n", "\n", "\u2028"])
def test_a_title_with_a_line_break_still_mails_the_decision_with_a_one_line_subject(
    ann, olivia, deliver_mail, line_break
):
    proposal_id = make_proposal(ann)
    # As an older release could record it, before titles were refused line breaks.
    old = e.ProposalEdited(
        title=f"Testing{line_break}with pytest", abstract="We test.", format="talk", level="beginner",
        preferred_meetups=[], notes="", edited_by=ann.member_id,
    )
    event_store().append(proposal_id, [old], after_version=len(event_store().load(proposal_id)))

    decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Welcome!", by=olivia.member_id)

    assert deliver_mail() == 1
    assert sent() == [("Your talk “Testing with pytest” is accepted", ["ann@example.com"])]
    assert mail.outbox[0].body == f"Welcome!\n\nPlease confirm your talk on {MY_TALKS}\n"
