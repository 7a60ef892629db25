"""A proposal's History page: the review decisions and edits as sentences with the state
before and after; organisers only."""

import uuid

import pytest

from eventstore.context import acting_as
from talks.history.describe import describe_proposal
from talks import events as e
from talks.testing import make_proposal
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


def test_members_get_403(client, ann, olivia):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    assert client.get(f"/talks/review/{proposal_id}/history/").status_code == 403


def test_an_unknown_proposal_is_404(client, olivia):
    client.force_login(olivia)
    assert client.get(f"/talks/review/{uuid.uuid4()}/history/").status_code == 404


def test_the_decision_shows_the_state_before_and_after_and_who_decided(client, ann, olivia):
    with acting_as(olivia.member_id, "organiser"):
        proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(olivia)
    page = main_text(client.get(f"/talks/review/{proposal_id}/history/"))
    assert "Accepted the proposal, with the message “accept: thank you!”." in page
    assert "state submitted accepted, waiting for the speaker to confirm" in page
    assert "Olivia (organiser)" in page
    assert "Ann proposed “Testing with pytest” (Talk (30 min), Beginner)." in page


def test_an_edit_lists_each_changed_value():
    submitted = e.ProposalSubmitted(speaker_id=uuid.uuid4(), title="Old", abstract="A", format="talk", level="beginner")
    edited = e.ProposalEdited(
        title="New", abstract="A", format="lightning", level="beginner", preferred_meetups=[], notes="", edited_by=uuid.uuid4()
    )
    [_, entry] = describe_proposal([submitted, edited], {})
    assert entry.sentence == "Edited the proposal: title, format."
    assert [(c.what, c.before, c.after) for c in entry.changes] == [
        ("title", "“Old”", "“New”"), ("format", "Talk (30 min)", "Lightning talk (5 min)"),
    ]


def test_the_admins_history_button_opens_the_history_from_the_log(client, ann, olivia):
    proposal_id = make_proposal(ann)
    client.force_login(olivia)
    response = client.get(f"/admin/talks/talkproposal/{proposal_id}/history/")
    assert (response.status_code, response["Location"]) == (302, f"/talks/review/{proposal_id}/history/")
