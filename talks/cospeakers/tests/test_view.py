"""Inviting a co-speaker by email and answering an invitation: the no-JS POST that
redirects with a message, the htmx card, form errors and the commands' refusals."""

from html import unescape

import pytest
from django.core import mail

from eventstore.store import event_store
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.proposals.projection import TalkProposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_speaker_invites_a_member_by_email_who_is_emailed(client, ann, bob, deliver_mail):
    proposal_id = make_proposal(ann)
    client.force_login(ann)

    response = client.post(f"/talks/{proposal_id}/invite/", {"email": "  BOB@example.com "}, follow=True)
    deliver_mail()

    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "Bob is invited to co-present “Testing with pytest”; we'll email them." in text(response)
    assert TalkProposal.objects.get().invited_ids == [str(bob.member_id)]
    assert [(m.subject, m.to) for m in mail.outbox] == [("Ann invites you to co-present “Testing with pytest”", ["bob@example.com"])]


def test_an_unknown_email_is_a_form_error_and_nothing_is_recorded(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    before = event_store().max_notification_id()

    response = client.post(f"/talks/{proposal_id}/invite/", {"email": "nobody@example.com"})

    page = text(response)
    assert response.status_code == 200
    assert '<ul class="errorlist" id="id_email_error"><li>No member with that email; ask them to sign up first.</li></ul>' in page
    assert 'value="nobody@example.com"' in page and "<details open>" in page
    assert event_store().max_notification_id() == before


@pytest.mark.parametrize("email", ['"bob\x0b"@example.com', "bob@example.com\x00"], ids=["quoted-U+000B", "NUL"])
def test_an_email_with_control_characters_is_a_form_error_and_nothing_is_recorded(client, ann, email):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    before = event_store().max_notification_id()
    page = text(client.post(f"/talks/{proposal_id}/invite/", {"email": email}))
    assert '<ul class="errorlist" id="id_email_error"><li>The email contains invisible control characters; please retype it.</li></ul>' in page
    assert event_store().max_notification_id() == before


def test_a_huge_email_is_a_form_error(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    page = text(client.post(f"/talks/{proposal_id}/invite/", {"email": "x" * 100_000 + "@example.com"}))
    assert "<li>Ensure this value has at most 254 characters (it has 100012).</li>" in page


def test_with_htmx_the_invitation_returns_only_the_proposal_card(client, ann, bob):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    page = text(client.post(f"/talks/{proposal_id}/invite/", {"email": "bob@example.com"}, headers={"HX-Request": "true"}))
    assert page.lstrip().startswith(f'<article id="proposal-{proposal_id}"')
    assert "<html" not in page
    assert "Bob is invited to co-present “Testing with pytest”; we'll email them." in page
    assert "waiting for an answer: Bob" in page


def test_with_htmx_an_unknown_email_shows_the_error_in_the_card(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    page = text(client.post(f"/talks/{proposal_id}/invite/", {"email": "nobody@example.com"}, headers={"HX-Request": "true"}))
    assert page.lstrip().startswith(f'<article id="proposal-{proposal_id}"')
    assert "No member with that email; ask them to sign up first." in page


def test_inviting_yourself_is_refused_with_the_commands_message(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/invite/", {"email": "ann@example.com"}, follow=True)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "That member is already a speaker on this proposal." in text(response)


def test_inviting_the_same_member_twice_is_refused_with_the_commands_message(client, ann, bob):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    client.post(f"/talks/{proposal_id}/invite/", {"email": "bob@example.com"})
    response = client.post(f"/talks/{proposal_id}/invite/", {"email": "bob@example.com"}, follow=True)
    assert "That member has already been invited." in text(response)


def test_accepting_makes_the_member_a_co_speaker_who_then_sees_the_proposal_as_theirs(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    client.force_login(bob)

    response = client.post(f"/talks/{proposal_id}/invitation/", {"answer": "accept"}, follow=True)

    page = text(response)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "You are now a co-speaker on “Testing with pytest”." in page
    assert "Invitations to co-present" not in page
    assert f'href="/talks/{proposal_id}/edit/"' in page
    assert TalkProposal.objects.get().speaker_ids == [str(ann.member_id), str(bob.member_id)]


def test_declining_leaves_the_proposal_to_its_speakers(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    client.force_login(bob)

    response = client.post(f"/talks/{proposal_id}/invitation/", {"answer": "decline"}, follow=True)

    assert "You declined the invitation to co-present “Testing with pytest”." in text(response)
    proposal = TalkProposal.objects.get()
    assert (proposal.speaker_ids, proposal.invited_ids) == ([str(ann.member_id)], [])


def test_answering_twice_is_refused_with_the_commands_message(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    answer_invitation(proposal_id=proposal_id, member_id=bob.member_id, accept=False)
    client.force_login(bob)
    response = client.post(f"/talks/{proposal_id}/invitation/", {"answer": "decline"}, follow=True)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "You have no open invitation to this proposal." in text(response)


def test_an_answer_that_is_neither_accept_nor_decline_is_refused(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    client.force_login(bob)
    response = client.post(f"/talks/{proposal_id}/invitation/", {"answer": "maybe"}, follow=True)
    assert "Please choose Accept or Decline." in text(response)
    assert TalkProposal.objects.get().invited_ids == [str(bob.member_id)]
