"""Undo of a decision on a proposal: the organiser's own recent accept, decline or keep
is undone by ProposalDecisionUndone; the history shows both; the speakers get a
correction; what changed since, or an accepted talk on an agenda, is refused."""

import dataclasses
import re
from datetime import timedelta
from uuid import UUID, uuid4

import pytest
from django.core import mail
from django.utils import timezone

from eventstore.context import acting_as
from talks import errors
from talks import events as e
from talks.agenda.command import schedule_talk
from talks.builders import accepted
from talks.confirm.command import confirm_talk
from talks.proposals.projection import TalkProposal
from talks.review.command import decide_on_proposal
from talks.testing import make_proposal
from talks.undo.decision import decide_undo_decision
from tests.history_text import main_text

NOW = timezone.now()


def stamped(*events, by: UUID):
    return [
        dataclasses.replace(x, originator_version=i, timestamp=NOW - timedelta(minutes=10 - i), actor_id=by, actor_kind="organiser")
        for i, x in enumerate(events, start=1)
    ]


SUBMITTED = e.ProposalSubmitted(speaker_id=uuid4(), title="Pytest", abstract="A", format="talk", level="beginner")


def test_undoing_an_acceptance_makes_the_proposal_what_it_was_before():
    olivia = uuid4()
    history = stamped(SUBMITTED, e.ProposalKeptForLater(message="Later", decided_by=olivia), accepted(), by=olivia)
    assert decide_undo_decision(history, version=3, by=olivia, now=NOW, on_agenda=False) == [
        e.ProposalDecisionUndone(undone_version=3, status="kept_for_later", by=olivia)
    ]


def test_an_acceptance_on_an_agenda_or_changed_since_or_not_yours_is_refused():
    olivia = uuid4()
    history = stamped(SUBMITTED, accepted(), by=olivia)
    with pytest.raises(errors.CannotUndo, match="take it off the agenda first"):
        decide_undo_decision(history, version=2, by=olivia, now=NOW, on_agenda=True)
    with pytest.raises(errors.CannotUndo, match="your own"):
        decide_undo_decision(history, version=2, by=uuid4(), now=NOW, on_agenda=False)
    confirmed = stamped(SUBMITTED, accepted(), e.TalkConfirmed(confirmed_by=SUBMITTED.speaker_id), by=olivia)
    with pytest.raises(errors.CannotUndo, match="changed since: it is confirmed now"):
        decide_undo_decision(confirmed, version=2, by=olivia, now=NOW, on_agenda=False)
    with pytest.raises(errors.CannotUndo, match="Only a decision"):
        decide_undo_decision(history, version=1, by=olivia, now=NOW, on_agenda=False)
    with pytest.raises(errors.CannotUndo, match="more than 7 days old"):
        decide_undo_decision(history, version=2, by=olivia, now=NOW + timedelta(days=8), on_agenda=False)


@pytest.mark.django_db
def test_undo_from_the_history_page_corrects_the_speakers(client, olivia, ann, deliver_mail):
    proposal_id = make_proposal(ann)
    with acting_as(olivia.member_id, "organiser"):
        decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Welcome!", by=olivia.member_id)
    deliver_mail()
    mail.outbox.clear()
    client.force_login(olivia)
    page = client.get(f"/talks/review/{proposal_id}/history/").content.decode()
    [version] = re.findall(r'name="version" value="(\d+)"', page)
    text = main_text(client.post(f"/talks/review/{proposal_id}/history/undo/", {"version": version}, follow=True))
    assert "Decision undone: the speakers will be sent a correction." in text
    assert f"Undid the decision #{version}; the speakers are sent a correction." in text
    assert "Accepted the proposal, with the message “Welcome!”." in text
    assert TalkProposal.objects.get(proposal_id=proposal_id).status == "submitted"
    deliver_mail()
    [correction] = mail.outbox
    assert (correction.to, correction.subject) == (["ann@example.com"], "Correction: your proposal “Testing with pytest”")
    assert "was accepted. That decision was made in error" in correction.body


@pytest.mark.django_db
def test_an_accepted_talk_on_an_agenda_cannot_be_undone(client, olivia, ann, december):
    proposal_id = make_proposal(ann)
    with acting_as(olivia.member_id, "organiser"):
        decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Yes", by=olivia.member_id)
    schedule_talk(slug="december", talk_id=proposal_id, starts_at=december.starts_at, minutes=None, by="o")
    client.force_login(olivia)
    assert 'name="version"' not in client.get(f"/talks/review/{proposal_id}/history/").content.decode()
    text = main_text(client.post(f"/talks/review/{proposal_id}/history/undo/", {"version": 2}, follow=True))
    assert "take it off the agenda first" in text


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["", "x", "٢", "99999999999", "\x1b"])
def test_hostile_versions_are_a_message(client, olivia, ann, version):
    proposal_id = make_proposal(ann)
    client.force_login(olivia)
    response = client.post(f"/talks/review/{proposal_id}/history/undo/", {"version": version}, follow=True)
    assert response.status_code == 200 and "There is no such change to undo." in main_text(response)


@pytest.mark.django_db
def test_members_cannot_undo(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    assert client.post(f"/talks/review/{proposal_id}/history/undo/", {"version": 2}).status_code == 403


@pytest.mark.django_db
def test_a_confirmed_talk_keeps_its_acceptance(client, olivia, ann):
    proposal_id = make_proposal(ann)
    with acting_as(olivia.member_id, "organiser"):
        decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Yes", by=olivia.member_id)
    confirm_talk(proposal_id=proposal_id, by=ann.member_id)
    client.force_login(olivia)
    text = main_text(client.post(f"/talks/review/{proposal_id}/history/undo/", {"version": 2}, follow=True))
    assert "changed since: it is confirmed now" in text
