"""/talks/mine/: my proposals with their timelines and actions, my invitations."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from talks.agenda.command import schedule_talk
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.review.command import review_proposal
from talks.testing import make_proposal
from talks.withdraw.command import withdraw_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_my_talks_needs_a_login(client, db):
    response = client.get("/talks/mine/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/talks/mine/")


def test_a_member_without_proposals_is_invited_to_propose_one(client, ann):
    client.force_login(ann)
    page = text(client.get("/talks/mine/"))
    assert "You have not proposed a talk yet." in page
    assert "Invitations to co-present" not in page


def test_my_proposals_as_speaker_and_as_co_speaker_are_listed_with_their_status_but_not_others(client, ann, bob, olivia):
    mine = make_proposal(ann, title="Testing with pytest")
    joined = make_proposal(bob, title="Typing in practice", status="accepted", organiser=olivia)
    invite_co_speaker(proposal_id=joined, by=bob.member_id, member_id=ann.member_id)
    answer_invitation(proposal_id=joined, member_id=ann.member_id, accept=True)
    make_proposal(bob, title="Bob's own talk")
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    assert f'<a href="/talks/{mine}/">Testing with pytest</a>' in page
    assert f'<a href="/talks/{joined}/">Typing in practice</a>' in page
    assert "Bob's own talk" not in page
    assert '<span class="badge status-submitted">Submitted</span>' in page
    assert '<span class="badge status-accepted">Accepted, waiting for the speaker to confirm</span>' in page
    assert f'<a href="/speakers/{bob.member_id}/">Bob</a>, <a href="/speakers/{ann.member_id}/">Ann</a>' in page


def test_each_proposal_offers_what_its_status_allows(client, ann, olivia):
    submitted = make_proposal(ann, title="Undecided")
    accepted = make_proposal(ann, title="Accepted", status="accepted", organiser=olivia)
    declined = make_proposal(ann, title="Declined", status="declined", organiser=olivia)
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    assert f'href="/talks/{submitted}/edit/"' in page and f'href="/talks/{accepted}/edit/"' not in page
    assert f'action="/talks/{accepted}/confirm/"' in page and f'action="/talks/{submitted}/confirm/"' not in page
    assert f'action="/talks/{submitted}/withdraw/"' in page and f'action="/talks/{accepted}/withdraw/"' in page
    assert f'action="/talks/{declined}/withdraw/"' not in page and f'action="/talks/{declined}/invite/"' not in page
    assert f'data-hx-post="/talks/{accepted}/confirm/"' in page and f'data-hx-target="#proposal-{accepted}"' in page


def test_the_timeline_shows_what_happened_with_the_decision_message_but_hides_reviews(client, ann, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)  # decision message "accept: thank you!"
    review_proposal(proposal_id=proposal_id, reviewer_id=olivia.member_id, score=2, comment="Too niche for us")
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    assert "Submitted by Ann." in page
    assert "Accepted by the organisers." in page and "<blockquote>accept: thank you!</blockquote>" in page
    assert "Too niche for us" not in page
    assert "review" not in page.lower() and "score" not in page.lower()


def test_the_timeline_shows_co_speakers_and_a_withdrawal_with_its_reason(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    answer_invitation(proposal_id=proposal_id, member_id=bob.member_id, accept=True)
    withdraw_proposal(proposal_id=proposal_id, by=bob.member_id, reason="We moved to Lisbon.")
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    happenings = ["Submitted by Ann.", "Ann invited Bob to co-present.", "Bob joined as a co-speaker.", "Withdrawn by Bob."]
    positions = [page.index(h) for h in happenings]
    assert positions == sorted(positions)
    assert "<blockquote>We moved to Lisbon.</blockquote>" in page


def test_a_talk_on_an_agenda_shows_its_meetup_and_time(client, ann, olivia):
    make_meetup("december", title="December talk night", starts_in=timedelta(days=7))
    proposal_id = make_proposal(ann, status="confirmed", organiser=olivia)
    starts_at = MeetupListing.objects.get(slug="december").starts_at + timedelta(minutes=30)
    schedule_talk(slug="december", talk_id=proposal_id, starts_at=starts_at, minutes=None, by="olivia")
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    assert 'On the agenda of <a href="/meetups/december/">December talk night</a>' in page
    assert f'<time datetime="{timezone.localtime(starts_at):%Y-%m-%dT%H:%M:%S%z}">' in page


def test_my_pending_invitations_have_accept_and_decline_buttons(client, ann, bob):
    proposal_id = make_proposal(bob, title="Typing in practice")
    invite_co_speaker(proposal_id=proposal_id, by=bob.member_id, member_id=ann.member_id)
    client.force_login(ann)

    page = text(client.get("/talks/mine/"))

    assert "Invitations to co-present" in page
    assert "Typing in practice" in page and "proposed by Bob" in page
    assert f'action="/talks/{proposal_id}/invitation/"' in page
    assert '<button type="submit" name="answer" value="accept">Accept</button>' in page
    assert '<button type="submit" name="answer" value="decline" class="button-secondary">Decline</button>' in page
    assert f'action="/talks/{proposal_id}/withdraw/"' not in page  # not a speaker yet


def test_an_invitation_to_a_withdrawn_proposal_is_no_longer_listed(client, ann, bob):
    proposal_id = make_proposal(bob, title="Typing in practice")
    invite_co_speaker(proposal_id=proposal_id, by=bob.member_id, member_id=ann.member_id)
    withdraw_proposal(proposal_id=proposal_id, by=bob.member_id)
    client.force_login(ann)
    page = text(client.get("/talks/mine/"))
    assert "Invitations to co-present" not in page and "Typing in practice" not in page


def test_the_speaker_sees_who_has_not_answered_yet(client, ann, bob):
    proposal_id = make_proposal(ann)
    invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
    client.force_login(ann)
    assert "waiting for an answer: Bob" in text(client.get("/talks/mine/"))


def test_an_abstract_with_script_handlers_and_javascript_links_is_inert(client, ann):
    make_proposal(ann, abstract='<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(2)) **ok**')
    client.force_login(ann)
    page = client.get("/talks/mine/").content.decode()
    assert "<strong>ok</strong>" in page
    assert 'alert("x")' not in page and "<script>alert" not in page
    assert "onerror" not in page
    assert "javascript:" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_my_talks_takes_the_same_number_of_queries_for_one_or_three_proposals(client, ann, bob, olivia, count, django_assert_num_queries):
    make_meetup("december")
    start = MeetupListing.objects.get(slug="december").starts_at
    for n in range(count):
        proposal_id = make_proposal(ann, title=f"Talk {n}", status="accepted", organiser=olivia)
        invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id)
        schedule_talk(slug="december", talk_id=proposal_id, starts_at=start + timedelta(minutes=30 * n), minutes=None, by="olivia")
        invitation = make_proposal(bob, title=f"Bob's {n}")
        invite_co_speaker(proposal_id=invitation, by=bob.member_id, member_id=ann.member_id)
    client.force_login(ann)
    # session, user; my proposals, my invitations; their events, names and meetups; the group's face
    with django_assert_num_queries(8):
        response = client.get("/talks/mine/")
    assert text(response).count('class="card proposal-card"') == count
