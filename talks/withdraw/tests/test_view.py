"""Withdrawing a proposal: the no-JS POST, the htmx card, the reason, and refusals."""

from datetime import timedelta
from html import unescape

from django.core import mail

from eventstore.store import event_store
from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from talks.agenda.command import schedule_talk
from talks.proposals.projection import TalkProposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_withdrawing_with_a_reason_redirects_with_a_message_and_the_organisers_are_told(
    client, ann, olivia, deliver_mail
):
    proposal_id = make_proposal(ann)
    client.force_login(ann)

    response = client.post(f"/talks/{proposal_id}/withdraw/", {"reason": "I moved to Lisbon."}, follow=True)
    deliver_mail()

    page = text(response)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "“Testing with pytest” is withdrawn; the organisers will be told." in page
    assert '<span class="badge status-withdrawn">Withdrawn</span>' in page
    assert "<blockquote>I moved to Lisbon.</blockquote>" in page
    assert f'action="/talks/{proposal_id}/withdraw/"' not in page
    assert [(m.subject, m.to, "I moved to Lisbon." in m.body) for m in mail.outbox] == [
        ("Withdrawn: “Testing with pytest”", ["olivia@example.com"], True)
    ]


def test_with_htmx_withdrawing_returns_only_the_card(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    page = text(client.post(f"/talks/{proposal_id}/withdraw/", {"reason": ""}, headers={"HX-Request": "true"}))
    assert page.lstrip().startswith(f'<article id="proposal-{proposal_id}"')
    assert "“Testing with pytest” is withdrawn; the organisers will be told." in page


def test_a_scheduled_talk_that_is_withdrawn_leaves_the_agenda(client, ann, olivia):
    make_meetup("december")
    proposal_id = make_proposal(ann, status="confirmed", organiser=olivia)
    start = MeetupListing.objects.get(slug="december").starts_at
    schedule_talk(slug="december", talk_id=proposal_id, starts_at=start, minutes=None, by="olivia")
    client.force_login(ann)

    client.post(f"/talks/{proposal_id}/withdraw/", {"reason": ""})

    proposal = TalkProposal.objects.get()
    assert (proposal.status, proposal.meetup_id, proposal.slot_starts_at) == ("withdrawn", None, None)


def test_a_talk_already_given_cannot_be_withdrawn(client, ann, olivia):
    make_meetup("october", starts_in=timedelta(days=-10))
    proposal_id = make_proposal(ann, status="confirmed", organiser=olivia)
    start = MeetupListing.objects.get(slug="october").starts_at
    schedule_talk(slug="october", talk_id=proposal_id, starts_at=start, minutes=None, by="olivia")
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))
    assert f'action="/talks/{proposal_id}/withdraw/"' not in page
    response = client.post(f"/talks/{proposal_id}/withdraw/", {"reason": ""}, follow=True)

    assert "This talk has already been given, so it cannot be withdrawn." in text(response)
    assert TalkProposal.objects.get().status == "confirmed"


def test_withdrawing_twice_is_refused_with_the_commands_message(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    client.post(f"/talks/{proposal_id}/withdraw/", {"reason": ""})
    response = client.post(f"/talks/{proposal_id}/withdraw/", {"reason": ""}, follow=True)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "This proposal has been withdrawn." in text(response)


def test_too_long_a_reason_is_a_form_error_and_nothing_is_recorded(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(f"/talks/{proposal_id}/withdraw/", {"reason": "r" * 501})
    assert response.status_code == 200
    assert "The reason can have at most 500 characters (it has 501)." in text(response)
    assert event_store().max_notification_id() == before


def test_a_reason_with_a_control_character_is_a_form_error_and_nothing_is_recorded(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(f"/talks/{proposal_id}/withdraw/", {"reason": "I moved\x00 to Lisbon."})
    assert response.status_code == 200
    assert "The reason contains invisible control characters; please retype it." in text(response)
    assert (event_store().max_notification_id(), TalkProposal.objects.get(pk=proposal_id).status) == (before, "submitted")


def test_a_reason_over_several_lines_is_kept_as_typed(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    client.post(f"/talks/{proposal_id}/withdraw/", {"reason": "I moved.\r\nSorry!"})
    assert event_store().load(proposal_id)[-1].reason == "I moved.\nSorry!"
