"""Meetup lists and the iCalendar feeds."""

from datetime import timedelta
from html import unescape

import icalendar
import pytest

from eventstore.store import event_store
from eventstore.testing import control_characters_old_releases_stored
from meetups import events as e
from meetups.schedule.command import cancel_meetup
from meetups.streams import meetup_stream
from meetups.testing import make_meetup


def test_home_lists_upcoming_meetups_with_seats_left(client, db):
    make_meetup("december", capacity=40, title="December talk night")
    make_meetup("january", capacity=30, title="January talk night", starts_in=timedelta(days=40))
    page = unescape(client.get("/").content.decode())
    assert page.index("December talk night") < page.index("January talk night")
    assert "40 of 40 seats left" in page
    assert "No meetups are scheduled yet." not in page


def test_the_meetups_page_splits_upcoming_and_past(client, db):
    make_meetup("december")
    make_meetup("october", title="October talk night", starts_in=timedelta(days=-30))
    page = unescape(client.get("/meetups/").content.decode())
    assert page.index("Upcoming") < page.index("December talk night") < page.index("Past") < page.index("October talk night")


def test_a_cancelled_meetup_says_so_and_offers_no_rsvp(client, db):
    make_meetup("december")
    cancel_meetup(slug="december", message="The venue flooded.", by="test")
    page = unescape(client.get("/meetups/december/").content.decode())
    assert "This meetup is cancelled." in page and "The venue flooded." in page
    assert "RSVP</button>" not in page


def test_the_description_is_rendered_sanitised(client, db):
    make_meetup("december", description='Talks <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror="alert(1)">')
    page = client.get("/meetups/december/").content.decode()
    assert "<script>alert" not in page and "javascript:" not in page and "onerror" not in page


def test_one_meetup_as_icalendar(client, db):
    make_meetup("december", title="December talk night, with pizza; and more")
    response = client.get("/meetups/december.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "December talk night, with pizza; and more"
    assert str(event["LOCATION"]) == "Main Library, 101 E Franklin St, Richmond, VA"
    assert event["DTEND"].dt - event["DTSTART"].dt == timedelta(hours=2)
    assert str(event["URL"]) == "http://testserver/meetups/december/"


def test_the_calendar_feed_has_all_upcoming_meetups_and_not_old_ones(client, db):
    make_meetup("december")
    make_meetup("january", starts_in=timedelta(days=40))
    make_meetup("october", starts_in=timedelta(days=-60))  # the last 30 days stay (test_calendar_sequence.py)
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics").content)
    assert len(calendar.walk("VEVENT")) == 2


def test_the_meetup_page_links_to_add_to_calendar(client, db):
    make_meetup("december")
    assert 'href="/meetups/december.ics">Add to calendar</a>' in client.get("/meetups/december/").content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_the_home_page_makes_a_fixed_number_of_queries(client, db, django_assert_num_queries, n, settings):
    settings.PREPARED_PAGES = False  # the fresh render's queries (a prepared page's: web/tests/test_prepared.py)
    for i in range(n):
        make_meetup(f"m{i}", starts_in=timedelta(days=i + 1))
    with django_assert_num_queries(2):  # an anonymous visitor: the group's face, the meetups; nothing per meetup
        client.get("/")


@pytest.mark.parametrize("n", [1, 3])
def test_the_home_page_makes_a_fixed_number_of_queries_for_a_member(client, ann, django_assert_num_queries, n):
    for i in range(n):
        make_meetup(f"m{i}", starts_in=timedelta(days=i + 1))
    client.force_login(ann)
    client.get("/")
    with django_assert_num_queries(6):  # session, user, group, meetups, my RSVPs on the cards, my RSVP in the panel
        client.get("/")


@pytest.mark.parametrize("n", [1, 3])
def test_the_meetups_page_makes_a_fixed_number_of_queries(client, db, django_assert_num_queries, n, settings):
    settings.PREPARED_PAGES = False  # the fresh render's queries (a prepared page's: web/tests/test_prepared.py)
    for i in range(n):
        make_meetup(f"up{i}", starts_in=timedelta(days=i + 1))
        make_meetup(f"past{i}", starts_in=timedelta(days=-30 - i))
    with django_assert_num_queries(4):  # the group's face, past meetups counted then one page of them, upcoming
        page = client.get("/meetups/").content.decode()
    assert page.count('<li class="card') == 2 * n


def test_control_characters_in_an_old_meetup_are_dropped_from_the_calendars(client, db):
    make_meetup("december")
    stream = meetup_stream("december")
    bad = control_characters_old_releases_stored()  # recorded before they were refused, bypassing the decisions
    version = event_store().load(stream)[-1].originator_version
    event_store().append(stream, [
        e.MeetupDetailsChanged(title=f"December{bad} talk night", description=f"Talks{bad} and pizza.", changed_by="old"),
        e.VenueChanged(venue_name=f"Main{bad} Library", venue_address="101 E Franklin St\x7f", venue_map_url="", changed_by="old"),
    ], after_version=version)
    for path in ("/meetups/december.ics", "/calendar.ics"):
        response = client.get(path)
        assert response.status_code == 200
        [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert (str(event["SUMMARY"]), str(event["LOCATION"]), str(event["DESCRIPTION"])) == (
            "December talk night", "Main Library, 101 E Franklin St", "Talks and pizza.\n\nhttp://testserver/meetups/december/",
        )
