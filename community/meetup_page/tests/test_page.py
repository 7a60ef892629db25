"""The meetup page: the meetup, its RSVP panel and its agenda, composed."""

from datetime import timedelta
from html import unescape

from django.utils import timezone

from meetups.rsvp.command import rsvp
from meetups.testing import cancel_meetup, make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_cancelled_meetup_says_so_everywhere_on_the_page(client, ann):
    """Ann was going; the meetup is then cancelled: no "You're going.", no calendar
    link, no promise of an agenda."""
    make_meetup("december")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    cancel_meetup(slug="december", message="The venue flooded.", by="test")
    client.force_login(ann)
    page = text(client.get("/meetups/december/"))
    assert "This meetup is cancelled." in page and "The venue flooded." in page
    assert "You're going." not in page
    assert "Add to calendar" not in page
    assert "The agenda will be announced soon." not in page
    assert "Cancel my RSVP" not in page and "RSVP</button>" not in page


def test_a_cancelled_meetup_keeps_showing_the_agenda_it_had(client, ann):
    olivia = make_member("Olivia", organiser=True)
    make_meetup("december")
    talk = make_proposal(ann, title="Fixtures all the way down", status="confirmed", organiser=olivia)
    start = timezone.now() + timedelta(days=7)
    schedule_talk(slug="december", talk_id=talk, starts_at=start + timedelta(minutes=1), minutes=30, by="test")
    cancel_meetup(slug="december", message="Snow.", by="test")
    page = text(client.get("/meetups/december/"))
    assert "Fixtures all the way down" in page
    assert "Add to calendar" not in page


def test_an_upcoming_meetup_offers_the_calendar_and_announces_its_agenda(client, ann):
    make_meetup("december")
    page = text(client.get("/meetups/december/"))
    assert "Add to calendar" in page and "The agenda will be announced soon." in page


def test_a_history_restore_gets_the_whole_page(client, ann):
    """htmx asks for the page with HX-Request when it lost its cached copy: that must be
    the whole page, not the panel fragment an htmx request otherwise gets."""
    make_meetup("december")
    restored = text(client.get("/meetups/december/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}))
    assert restored.lstrip().startswith("<!DOCTYPE html>") and "<h1 id=\"meetup-heading\">" in restored
    fragment = text(client.get("/meetups/december/", headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith('<section id="rsvp-panel"')
