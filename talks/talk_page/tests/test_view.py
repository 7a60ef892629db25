"""/talks/<id>/: public for accepted and confirmed talks; otherwise only for its
speakers and the organisers; never the notes or the reviews."""

from html import unescape
from uuid import uuid4

import pytest
from django.utils import timezone

from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.review.command import review_proposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_an_accepted_talk_has_a_public_page_with_speakers_format_level_abstract_and_its_slot(client, ann, olivia):
    make_meetup("december", title="December talk night")
    talk_id = make_proposal(ann, status="confirmed", organiser=olivia, format="long", level="intermediate", notes="I need HDMI.")
    starts_at = MeetupListing.objects.get(slug="december").starts_at
    schedule_talk(slug="december", talk_id=talk_id, starts_at=starts_at, minutes=None, by="olivia")

    response = client.get(f"/talks/{talk_id}/")

    page = text(response)
    assert response.status_code == 200
    assert '<h1 id="talk-heading">Testing with pytest</h1>' in page
    assert f'<dt>Speaker</dt>\n    <dd><a href="/speakers/{ann.member_id}/">Ann</a></dd>' in page
    assert "<dd>Long talk (45 min)</dd>" in page and "<dd>Intermediate</dd>" in page
    assert "<p>We test <strong>everything</strong>.</p>" in page and "<li>fixtures</li>" in page
    assert '<a href="/meetups/december/">December talk night</a>' in page
    assert f'<time datetime="{timezone.localtime(starts_at):%Y-%m-%dT%H:%M:%S%z}">' in page
    assert "I need HDMI." not in page
    assert "This proposal is not public" not in page


def test_a_proposal_that_is_not_accepted_is_not_found_for_visitors_and_other_members(client, ann, db):
    talk_id = make_proposal(ann)
    assert client.get(f"/talks/{talk_id}/").status_code == 404
    client.force_login(make_member("Bob"))
    assert client.get(f"/talks/{talk_id}/").status_code == 404


@pytest.mark.parametrize("status", ["declined", "kept_for_later"])
def test_a_declined_or_kept_proposal_is_not_public_either(client, ann, olivia, status):
    talk_id = make_proposal(ann, status=status, organiser=olivia)
    assert client.get(f"/talks/{talk_id}/").status_code == 404


def test_its_speaker_sees_a_proposal_that_is_not_public_with_a_note_but_without_the_notes(client, ann):
    talk_id = make_proposal(ann, notes="I need HDMI.")
    client.force_login(ann)
    page = text(client.get(f"/talks/{talk_id}/"))
    assert "This proposal is not public: it is submitted. Only its speakers and the organisers see this page." in page
    assert "I need HDMI." not in page


def test_an_organiser_sees_a_proposal_that_is_not_public_but_neither_notes_nor_reviews(client, ann, olivia):
    talk_id = make_proposal(ann, notes="I need HDMI.")
    review_proposal(proposal_id=talk_id, reviewer_id=olivia.member_id, score=2, comment="Too niche for us")
    client.force_login(olivia)
    page = text(client.get(f"/talks/{talk_id}/"))
    assert "This proposal is not public: it is submitted." in page
    assert "I need HDMI." not in page and "Too niche for us" not in page


def test_an_unknown_talk_is_not_found(client, db):
    assert client.get(f"/talks/{uuid4()}/").status_code == 404


def test_an_abstract_with_script_handlers_and_javascript_links_is_inert(client, ann, olivia):
    talk_id = make_proposal(
        ann, status="accepted", organiser=olivia, title="<script>alert('t')</script>",
        abstract='<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>\n\n[click](javascript:alert(2)) **ok**\n\n'
        '<a href="javascript:alert(3)" onclick="alert(4)">raw</a>',
    )
    page = client.get(f"/talks/{talk_id}/").content.decode()
    assert "<strong>ok</strong>" in page
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;" in page  # the title, escaped
    assert 'alert("x")' not in page and "<script>alert" not in page
    assert "onerror" not in page and "onclick" not in page
    assert "javascript:" not in page
