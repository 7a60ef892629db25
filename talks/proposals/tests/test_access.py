"""Who may act on a proposal (talks.proposals.access): only its speakers. A member who
may know the proposal exists (a public talk, an organiser, an invited member) is
answered 403; anyone else 404, as if it did not exist. Nothing is ever recorded for
them, and no page shows another member's notes or the organisers' reviews."""

from html import unescape

import pytest

from eventstore.store import event_store
from talks.cospeakers.command import invite_co_speaker
from talks.review.command import review_proposal
from talks.testing import make_proposal

FORM = {"title": "Mine now", "abstract": "Taken.", "format": "talk", "level": "beginner", "notes": ""}
ACTIONS = [
    ("get", "edit/", {}),
    ("post", "edit/", FORM),
    ("post", "withdraw/", {"reason": "Not mine anyway"}),
    ("post", "invite/", {"email": "olivia@example.com"}),
    ("post", "confirm/", {}),
]
IDS = ["view the edit form", "edit", "withdraw", "invite", "confirm"]


def _try(client, proposal_id, method, action, data):
    before = event_store().max_notification_id()
    response = getattr(client, method)(f"/talks/{proposal_id}/{action}", data)
    assert event_store().max_notification_id() == before
    return response.status_code


@pytest.mark.parametrize(("method", "action", "data"), ACTIONS, ids=IDS)
def test_another_member_gets_not_found_for_a_private_proposal(client, ann, bob, method, action, data):
    proposal_id = make_proposal(ann)
    client.force_login(bob)
    assert _try(client, proposal_id, method, action, data) == 404


@pytest.mark.parametrize(("method", "action", "data"), ACTIONS, ids=IDS)
def test_another_member_is_forbidden_on_a_public_talk(client, ann, bob, olivia, method, action, data):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(bob)
    assert _try(client, proposal_id, method, action, data) == 403


@pytest.mark.parametrize(("method", "action", "data"), ACTIONS, ids=IDS)
def test_an_organiser_is_forbidden_to_act_as_the_speaker(client, ann, olivia, method, action, data):
    proposal_id = make_proposal(ann)
    client.force_login(olivia)
    assert _try(client, proposal_id, method, action, data) == 403


@pytest.mark.parametrize(("method", "action", "data"), ACTIONS, ids=IDS)
def test_an_invited_member_is_forbidden_until_they_accept(client, ann, bob, method, action, data):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    client.force_login(bob)
    assert _try(client, proposal_id, method, action, data) == 403


@pytest.mark.parametrize(("method", "action", "data"), ACTIONS, ids=IDS)
def test_a_visitor_is_asked_to_log_in(client, ann, method, action, data):
    proposal_id = make_proposal(ann)
    assert _try(client, proposal_id, method, action, data) == 302


def test_a_member_never_invited_cannot_answer_for_a_private_proposal(client, ann, bob):
    proposal_id = make_proposal(ann)
    client.force_login(bob)
    assert _try(client, proposal_id, "post", "invitation/", {"answer": "accept"}) == 404


def test_another_member_never_sees_the_notes_or_the_reviews_anywhere(client, ann, bob, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia, notes="My phone is 555-0100")
    review_proposal(proposal_id=proposal_id, reviewer_id=olivia.member_id, score=2, comment="Too niche for us")
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)  # so Bob sees it on his page
    client.force_login(bob)
    for url in ("/talks/mine/", f"/talks/{proposal_id}/", f"/speakers/{ann.member_id}/"):
        page = unescape(client.get(url).content.decode())
        assert "Testing with pytest" in page, url
        assert "555-0100" not in page and "Too niche for us" not in page, url


def test_the_speakers_see_their_notes_only_in_their_edit_form_and_never_the_reviews(client, ann, olivia):
    proposal_id = make_proposal(ann, notes="My phone is 555-0100")
    review_proposal(proposal_id=proposal_id, reviewer_id=olivia.member_id, score=2, comment="Too niche for us")
    client.force_login(ann)
    for url in ("/talks/mine/", f"/talks/{proposal_id}/", f"/speakers/{ann.member_id}/"):
        page = unescape(client.get(url).content.decode())
        assert "555-0100" not in page and "Too niche for us" not in page, url
    edit_form = unescape(client.get(f"/talks/{proposal_id}/edit/").content.decode())
    assert "My phone is 555-0100</textarea>" in edit_form and "Too niche for us" not in edit_form
