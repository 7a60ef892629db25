"""/speakers/<member id>/: a speaker's public talks and name; the bio when their profile is public."""

from datetime import timedelta
from html import unescape
from uuid import uuid4

import pytest

from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from membership.testing import UpdateProfile, make_member, update_profile
from talks.agenda.command import schedule_talk
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_speaker_page_shows_the_name_bio_and_public_talks_only(client, olivia, db):
    ann = make_member("Ann", public=True)
    update_profile(user_id=ann.pk, command=UpdateProfile(display_name="Ann Lee", bio="Tests things.", links=[]))
    accepted = make_proposal(ann, title="Accepted talk", status="accepted", organiser=olivia)
    confirmed = make_proposal(ann, title="Confirmed talk", status="confirmed", organiser=olivia, format="lightning")
    make_proposal(ann, title="Submitted idea")
    make_proposal(ann, title="Declined idea", status="declined", organiser=olivia)

    page = text(client.get(f"/speakers/{ann.member_id}/"))

    assert '<h1 id="speaker-heading">Ann Lee</h1>' in page
    assert '<div class="bio prose"><p>Tests things.</p></div>' in page
    assert f'<a href="/talks/{accepted}/">Accepted talk</a>' in page
    assert f'<a href="/talks/{confirmed}/">Confirmed talk</a>' in page and "Lightning talk (5 min)" in page
    assert "Submitted idea" not in page and "Declined idea" not in page


def test_a_co_speakers_page_lists_the_talks_they_joined(client, ann, olivia):
    bob = make_member("Bob")
    talk_id = make_proposal(ann, status="accepted", organiser=olivia)
    invite_co_speaker(proposal_id=talk_id, by=ann.member_id, member_id=bob.member_id)
    answer_invitation(proposal_id=talk_id, member_id=bob.member_id, accept=True)
    assert f'<a href="/talks/{talk_id}/">Testing with pytest</a>' in text(client.get(f"/speakers/{bob.member_id}/"))


def test_a_public_member_without_public_talks_has_an_empty_page(client, db):
    ann = make_member("Ann", public=True)
    make_proposal(ann, title="Submitted idea")
    page = text(client.get(f"/speakers/{ann.member_id}/"))
    assert "No public talks yet." in page and "Submitted idea" not in page


def test_a_private_member_without_public_talks_is_not_found(client, ann):
    make_proposal(ann, title="Submitted idea")
    assert client.get(f"/speakers/{ann.member_id}/").status_code == 404


def test_a_private_speakers_page_shows_name_and_talks_but_not_the_bio(client, ann, olivia):
    update_profile(user_id=ann.pk, command=UpdateProfile(display_name="Ann Lee", bio="Tests things.", links=[]))
    talk = make_proposal(ann, title="Accepted talk", status="accepted", organiser=olivia)
    page = text(client.get(f"/speakers/{ann.member_id}/"))
    assert '<h1 id="speaker-heading">Ann Lee</h1>' in page and f'<a href="/talks/{talk}/">Accepted talk</a>' in page
    assert "Tests things." not in page and "Member profile" not in page


def test_an_unknown_member_is_not_found(client, db):
    assert client.get(f"/speakers/{uuid4()}/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_a_speaker_page_takes_the_same_number_of_queries_for_one_or_three_talks(client, ann, olivia, count, django_assert_num_queries, settings):
    settings.PREPARED_PAGES = False  # the fresh render's queries (a prepared page's: web/tests/test_prepared.py)
    make_meetup("december")
    start = MeetupListing.objects.get(slug="december").starts_at
    for n in range(count):
        talk_id = make_proposal(ann, title=f"Talk {n}", status="accepted", organiser=olivia)
        schedule_talk(slug="december", talk_id=talk_id, starts_at=start + timedelta(minutes=30 * n), minutes=None, by="olivia")
    with django_assert_num_queries(4):  # the group's face, the member, the talks, their meetups
        response = client.get(f"/speakers/{ann.member_id}/")
    main = text(response).partition("<main")[2].partition("</main>")[0]
    assert main.count('<a href="/talks/') == count
