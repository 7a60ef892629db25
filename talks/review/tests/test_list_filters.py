"""The review list on a busy group: given talks left out by default, search by title or
speaker, pages."""

from datetime import timedelta
from html import unescape

import pytest

from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.review import view
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def given_and_upcoming(olivia, ann):
    make_meetup("past", starts_in=timedelta(days=-20), title="Past talk night")
    given = make_proposal(ann, title="A talk given last month", status="confirmed", organiser=olivia)
    start = MeetupListing.objects.get(slug="past").starts_at
    schedule_talk(slug="past", talk_id=given, starts_at=start, minutes=30, by="t")
    make_proposal(make_member("Grace"), title="Fresh ideas on typing", organiser=olivia)
    return given


def test_by_default_the_list_leaves_out_talks_already_given(client, olivia, given_and_upcoming):
    client.force_login(olivia)
    page = text(client.get("/talks/review/"))
    assert "Fresh ideas on typing" in page and "A talk given last month" not in page
    page = text(client.get("/talks/review/?when=all"))
    assert "Fresh ideas on typing" in page and "A talk given last month" in page


def test_the_search_finds_a_title_or_a_speaker(client, olivia, given_and_upcoming):
    client.force_login(olivia)
    assert "Fresh ideas on typing" in text(client.get("/talks/review/?q=TYPING"))
    by_speaker = text(client.get("/talks/review/?q=grace"))
    assert "Fresh ideas on typing" in by_speaker and "All (1)" in by_speaker
    nothing = text(client.get("/talks/review/?q=perl"))
    assert "Fresh ideas on typing" not in nothing and "All (0)" in nothing


def test_hostile_search_input_is_no_500(client, olivia, given_and_upcoming):
    client.force_login(olivia)
    for q in ("\x00\x1f", "x" * 10_000, "٣", "%", "' or 1=1 --"):
        assert client.get("/talks/review/", {"q": q}).status_code == 200


def test_the_list_is_paged_and_a_page_past_the_end_is_404(client, olivia, ann, monkeypatch):
    monkeypatch.setattr(view, "PER_PAGE", 2)
    for i in range(3):
        make_proposal(ann, title=f"Talk number {i}", organiser=olivia)
    client.force_login(olivia)
    first = text(client.get("/talks/review/"))
    assert "Page 1 of 2" in first and first.count("Talk number") == 2
    assert 'rel="next" href="?order=newest&page=2"' in first
    second = text(client.get("/talks/review/?page=2"))
    assert second.count("Talk number") == 1
    for page in ("3", "0", "x", "٢"):
        assert client.get(f"/talks/review/?page={page}").status_code == 404
