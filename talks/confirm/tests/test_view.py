"""Confirming an accepted talk: the no-JS POST, the htmx card, and refusals."""

from html import unescape


from talks.proposals.projection import TalkProposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_confirming_an_accepted_talk_redirects_with_thanks(client, ann, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(ann)

    response = client.post(f"/talks/{proposal_id}/confirm/", follow=True)

    page = text(response)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "Thank you for confirming “Testing with pytest”. See you there!" in page
    assert '<span class="badge status-confirmed">Confirmed</span>' in page
    assert "Confirmed by Ann." in page
    assert TalkProposal.objects.get().status == "confirmed"


def test_with_htmx_confirming_returns_only_the_card(client, ann, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(ann)
    page = text(client.post(f"/talks/{proposal_id}/confirm/", headers={"HX-Request": "true"}))
    assert page.lstrip().startswith(f'<article id="proposal-{proposal_id}"')
    assert "<html" not in page
    assert "Thank you for confirming “Testing with pytest”. See you there!" in page
    assert f'action="/talks/{proposal_id}/confirm/"' not in page


def test_confirming_twice_says_it_was_already_confirmed(client, ann, olivia):
    proposal_id = make_proposal(ann, status="confirmed", organiser=olivia)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/confirm/", follow=True)
    assert "“Testing with pytest” was already confirmed." in text(response)


def test_confirming_a_proposal_that_is_not_accepted_is_refused_with_the_commands_message(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/confirm/", follow=True)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "Only an accepted talk can be confirmed; this one is submitted." in text(response)
    assert TalkProposal.objects.get().status == "submitted"


def test_confirming_needs_a_post(client, ann, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(ann)
    assert client.get(f"/talks/{proposal_id}/confirm/").status_code == 405
