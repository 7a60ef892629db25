"""A meetup's History page: read from its stream, sentences with before/after values and
who did it; organisers only."""

import re
from html import unescape

import pytest
from django.utils import timezone

from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.testing import make_meetup
from membership.testing import make_member

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's main text, tags taken out, white space collapsed."""
    main = response.content.decode().split("<main", 1)[-1].split("</main>")[0]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


@pytest.fixture
def busy(db):
    make_meetup(capacity=1)
    ann, bob = make_member("Ann"), make_member("Bob")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    return ann, bob


def test_members_get_403_and_visitors_are_sent_to_log_in(client, busy):
    ann, _ = busy
    assert client.get("/meetups/december/history/").status_code == 302
    client.force_login(ann)
    assert client.get("/meetups/december/history/").status_code == 403


def test_an_unknown_meetup_is_404(client, olivia):
    client.force_login(olivia)
    assert client.get("/meetups/nope/history/").status_code == 404


def test_the_history_says_who_did_what_with_before_and_after(client, olivia, busy):
    ann, bob = busy
    client.force_login(olivia)
    # Olivia raises the capacity through the admin's list (a request: her name is recorded).
    client.post(
        "/admin/community/meetuplisting/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-stream_id": _stream(), "form-0-capacity": "3",
            "_save": "Save",
        },
    )
    cancel_rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    page = text_of(client.get("/meetups/december/history/"))
    assert "Raised the capacity to 3 seats." in page
    assert "capacity 1 3" in page  # the changes table: what, before, after
    assert "Olivia (organiser)" in page
    assert "Ann RSVPed and got a seat (1 of 1)." in page
    assert "Bob RSVPed and joined the waitlist at #1." in page
    assert "Bob got a seat from the waitlist: the capacity was raised" in page
    assert "the system (capacity raised, event " in page
    assert "Ann cancelled their RSVP and gave up a seat." in page
    assert "{" not in page and "member_id" not in page  # never raw JSON
    # Newest first.
    assert page.index("Ann cancelled") < page.index("Raised the capacity") < page.index("Ann RSVPed")


def test_an_event_stored_before_actors_were_recorded_names_its_older_field(client, olivia):
    make_meetup(capacity=5)  # scheduled with by="test" and no request: the system, cause unknown
    client.force_login(olivia)
    page = text_of(client.get("/meetups/december/history/"))
    assert "Scheduled “December talk night” for" in page
    assert "the system" in page


def test_a_page_number_that_is_not_one_shows_a_page(client, olivia, busy):
    client.force_login(olivia)
    for hostile in ("abc", "0", "99999999999999999999", "１", "\x00"):
        assert client.get("/meetups/december/history/", {"page": hostile}).status_code == 200


def _stream() -> str:
    from meetups.streams import meetup_stream  # helper only for the admin form's hidden pk

    return str(meetup_stream("december"))


def test_the_admins_history_button_opens_the_history_from_the_log(client, olivia, busy):
    client.force_login(olivia)
    response = client.get(f"/admin/community/meetuplisting/{_stream()}/history/")
    assert (response.status_code, response["Location"]) == (302, "/meetups/december/history/")
