"""The calendar entry of a meetup: SEQUENCE rises only on significant changes (time,
end, venue, cancellation), never on RSVPs or a new title; LAST-MODIFIED follows what the
entry shows; a cancelled meetup stays in the feed as STATUS:CANCELLED; the feed tells
calendars how often to fetch it again."""

from datetime import timedelta

import icalendar
import pytest
from django.utils import timezone

from eventstore.consumers import get
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from meetups.listing.projection import MeetupListing
from meetups.meetup import Meetup
from meetups.rsvp.command import rsvp
from meetups.schedule.command import MeetupPlan, cancel_meetup, revise_meetup
from meetups.streams import meetup_stream
from meetups.testing import make_meetup
from membership.testing import make_member

pytestmark = pytest.mark.django_db


def plan_of(slug, **changes) -> MeetupPlan:
    row = MeetupListing.objects.get(slug=slug)
    fields = ["title", "description", "starts_at", "ends_at", "venue_name", "venue_address", "venue_map_url", "capacity",
              "rsvp_opens_at", "rsvp_closes_at"]
    return MeetupPlan(**({f: getattr(row, f) for f in fields} | changes))


def entry(client, path="/meetups/december.ics"):
    [event] = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
    return event


def test_rsvps_capacity_and_a_new_title_leave_the_sequence_alone(client):
    make_meetup("december", capacity=2)
    for name in ("Ann", "Bob", "Cy"):
        rsvp(slug="december", member_id=make_member(name).member_id, now=timezone.now())
    revise_meetup(slug="december", plan=plan_of("december", title="December lightning talks", capacity=5), by="test",
                  now=timezone.now())
    event = entry(client)
    assert (event["SEQUENCE"], str(event["SUMMARY"])) == (0, "December lightning talks")
    assert MeetupListing.objects.get().version == 7  # the stream moved on; the calendar entry did not


def test_each_new_time_venue_and_the_cancellation_raise_it_by_one_in_the_feed_and_the_fold_alike(client):
    make_meetup("december")
    starts = MeetupListing.objects.get().starts_at
    revise_meetup(slug="december", plan=plan_of("december", starts_at=starts + timedelta(hours=1), ends_at=starts + timedelta(hours=3)),
                  by="test", now=timezone.now())
    assert entry(client)["SEQUENCE"] == 1
    revise_meetup(slug="december", plan=plan_of("december", venue_name="Hall"), by="test", now=timezone.now())
    assert entry(client)["SEQUENCE"] == 2
    revise_meetup(slug="december", plan=plan_of("december"), by="test", now=timezone.now())  # saved untouched
    assert entry(client)["SEQUENCE"] == 2
    cancel_meetup(slug="december", message="Flooded.", by="test")
    event = entry(client, "/calendar.ics")
    assert (event["SEQUENCE"], str(event["STATUS"])) == (3, "CANCELLED")
    assert Meetup.fold(event_store().load(meetup_stream("december"))).sequence == 3


def test_last_modified_is_the_last_change_the_entry_shows_not_the_last_rsvp(client):
    make_meetup("december")
    revise_meetup(slug="december", plan=plan_of("december", venue_name="Hall"), by="test", now=timezone.now())
    changed = MeetupListing.objects.get().updated_at
    rsvp(slug="december", member_id=make_member("Ann").member_id, now=timezone.now())
    event = entry(client)
    assert event["LAST-MODIFIED"].dt == changed.replace(microsecond=0)
    assert MeetupListing.objects.get().updated_at > changed


def test_the_feed_keeps_cancelled_and_recent_meetups_and_asks_to_be_fetched_hourly(client):
    make_meetup("december")
    make_meetup("october", starts_in=timedelta(days=-10))
    make_meetup("june", starts_in=timedelta(days=-200))
    cancel_meetup(slug="december", message="Flooded.", by="test")
    calendar = icalendar.Calendar.from_ical(client.get("/calendar.ics").content)
    assert sorted(str(e["URL"]).split("/")[-2] for e in calendar.walk("VEVENT")) == ["december", "october"]
    assert (str(calendar["REFRESH-INTERVAL"].to_ical().decode()), str(calendar["X-PUBLISHED-TTL"])) == ("PT1H", "PT1H")


def test_the_pages_offer_the_feed_as_webcal(client):
    make_meetup("december")
    assert 'href="webcal://testserver/calendar.ics"' in client.get("/").content.decode()
    assert 'href="webcal://testserver/calendar.ics"' in client.get("/meetups/").content.decode()
    assert 'href="webcal://testserver/meetups/december.ics"' in client.get("/meetups/december/").content.decode()


def test_a_rebuild_gives_the_same_sequence_as_the_commands_did():
    make_meetup("december")
    starts = MeetupListing.objects.get().starts_at
    revise_meetup(slug="december", plan=plan_of("december", starts_at=starts + timedelta(hours=1), ends_at=starts + timedelta(hours=3)),
                  by="test", now=timezone.now())
    before = MeetupListing.objects.values_list("sequence", "calendar_changed_at").get()
    rebuild(get(Projection, "meetups"))
    assert MeetupListing.objects.values_list("sequence", "calendar_changed_at").get() == before == (1, before[1])
