"""The migrations that added the calendar sequence, LAST-MODIFIED and previous starts to
the meetups projection fill them for meetups that existed before, from their events."""

import importlib
from datetime import UTC, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from meetups.listing.projection import MeetupListing
from meetups.schedule.command import MeetupPlan, cancel_meetup, revise_meetup
from meetups.testing import make_meetup

pytestmark = pytest.mark.django_db


def test_existing_meetups_get_their_sequence_and_previous_starts_from_their_events():
    make_meetup("december")
    row = MeetupListing.objects.get()
    later = row.starts_at + timedelta(days=1)
    revise_meetup(slug="december", by="test", now=timezone.now(), plan=MeetupPlan(
        title=row.title, description=row.description, starts_at=later, ends_at=later + timedelta(hours=2),
        venue_name="Hall", venue_address=row.venue_address, capacity=row.capacity, rsvp_closes_at=later))
    cancel_meetup(slug="december", message="Flooded.", by="test")
    expected = MeetupListing.objects.values_list("sequence", "calendar_changed_at", "previous_starts").get()
    MeetupListing.objects.update(sequence=0, calendar_changed_at=None, previous_starts=[])  # as before the migrations

    editor = SimpleNamespace(connection=connection)
    importlib.import_module("meetups.migrations.0003_calendar_sequence").fill_calendar_facts(apps, editor)
    importlib.import_module("meetups.migrations.0005_previous_starts").fill_previous_starts(apps, editor)

    assert MeetupListing.objects.values_list("sequence", "calendar_changed_at", "previous_starts").get() == expected
    assert expected[0] == 3 and expected[2] == [row.starts_at.astimezone(UTC).isoformat()]
