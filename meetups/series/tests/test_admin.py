"""Organisers start, change, skip and end series in the admin; every change is a
command, and a refusal is a form error."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.utils import timezone

from eventstore.store import event_store
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.series.command import group_zone
from meetups.series.projection import SeriesListing
from meetups.series.rules import Rule, upcoming
from meetups.streams import series_stream

pytestmark = pytest.mark.django_db
ADD = "/admin/community/serieslisting/add/"


def start_data(**overrides):
    return {
        "slug": "pyrva", "title": "PyRVA {month} meetup", "description": "Talks.", "frequency": "monthly_weekday",
        "interval": "1", "weekday": "1", "nth": "3", "day_of_month": "1", "first_date": timezone.localdate().isoformat(),
        "start_time": "17:45", "minutes": "120", "venue_name": "Main Library", "venue_address": "101 E Franklin St",
        "venue_map_url": "", "capacity": "40", "rsvp_opens_days_before": "30", "ahead": "3",
    } | overrides


def third_tuesdays(n):
    from datetime import time  # only this helper needs it

    return upcoming(Rule("monthly_weekday", weekday=1, nth=3), first=timezone.localdate(), at=time(17, 45), zone=group_zone(),
                    after=timezone.now(), count=n)


def test_adding_a_series_starts_it_and_makes_the_next_three_meetups(client, olivia):
    client.force_login(olivia)
    response = client.post(ADD, start_data())
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    started = event_store().load(series_stream("pyrva"))[0]
    assert isinstance(started, e.SeriesStarted) and started.by == olivia.member_id
    assert list(MeetupListing.objects.order_by("starts_at").values_list("slug", flat=True)) == [
        f"pyrva-{d.isoformat()}" for d in third_tuesdays(3)
    ]


@pytest.mark.parametrize(("overrides", "message"), [
    ({"nth": "5"}, "Select a valid choice"),
    ({"title": "PyRVA {x}"}, "no other braces"),
    ({"title": "PyRVA\u0007"}, "control characters"),
    ({"ahead": "99"}, "Between 1 and 12"),
    ({"minutes": "0"}, "between 1 minute"),
    ({"first_date": "2025-02-30"}, "Enter a valid date"),
    ({"capacity": "٣"}, ""),  # unicode digits: Django reads them as 3 (no 500 either way)
    ({"title": "x" * 5000}, "at most 200 characters"),
])
def test_bad_series_input_is_a_form_error_not_a_500(client, olivia, overrides, message):
    client.force_login(olivia)
    response = client.post(ADD, start_data(**overrides))
    if not message:
        assert response.status_code in (200, 302)
        return
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert SeriesListing.objects.count() == 0


def test_a_double_submit_of_the_add_form_starts_one_series(client, olivia):
    client.force_login(olivia)
    client.post(ADD, start_data())
    second = client.post(ADD, start_data())
    assert "already exists" in unescape(second.content.decode())
    assert MeetupListing.objects.count() == 3


def change_url():
    return f"/admin/community/serieslisting/{series_stream('pyrva')}/change/"


def change_data(day: date, **overrides):
    return {
        "occurrence": day.isoformat(), "apply_to": "only", "start_time": "17:45", "minutes": "120",
        "venue_name": "Main Library", "venue_address": "101 E Franklin St", "venue_map_url": "", "capacity": "40",
        "skip_with_message": "",
    } | overrides


def test_the_change_form_moves_this_and_all_future_occurrences(client, olivia):
    client.force_login(olivia)
    client.post(ADD, start_data())
    days = third_tuesdays(3)
    response = client.post(change_url(), change_data(days[1], apply_to="future", capacity="60", venue_name="Hall"))
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    rows = MeetupListing.objects.order_by("starts_at")
    assert [(r.capacity, r.venue_name) for r in rows] == [(40, "Main Library"), (60, "Hall"), (60, "Hall")]
    assert SeriesListing.objects.get().capacity == 60


def test_the_change_form_skips_one_with_a_message_and_ends_the_series(client, olivia):
    client.force_login(olivia)
    client.post(ADD, start_data())
    first = third_tuesdays(1)[0]
    assert client.post(change_url(), change_data(first, skip_with_message="Holiday.")).status_code == 302
    assert MeetupListing.objects.get(slug=f"pyrva-{first.isoformat()}").cancel_message == "Holiday."
    assert client.post(change_url(), change_data(first, end_series="on")).status_code == 302
    assert SeriesListing.objects.get().ended is True


def test_an_occurrence_that_is_not_one_of_the_series_is_a_form_error(client, olivia):
    client.force_login(olivia)
    client.post(ADD, start_data())
    response = client.post(change_url(), change_data(third_tuesdays(1)[0] + timedelta(days=1)))
    assert response.status_code == 200
    assert "Select a valid choice" in unescape(response.content.decode())


def test_the_change_form_moves_this_occurrence_only(client, olivia):
    client.force_login(olivia)
    client.post(ADD, start_data())
    days = third_tuesdays(3)
    response = client.post(change_url(), change_data(days[0], start_time="18:30", venue_name="Hall"))
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    rows = MeetupListing.objects.order_by("starts_at")
    assert [(timezone.localtime(r.starts_at).strftime("%H:%M"), r.venue_name) for r in rows] == [
        ("18:30", "Hall"), ("17:45", "Main Library"), ("17:45", "Main Library"),
    ]
    assert SeriesListing.objects.get().venue_name == "Main Library"  # the series' template is unchanged


@pytest.mark.parametrize(("overrides", "message"), [
    ({"venue_name": "Hall\x1b"}, "control characters"),
    ({"venue_name": "H" * 5000}, "at most 200 characters"),
    ({"capacity": "0"}, "at least 1"),
    ({"skip_with_message": "Closed\x00"}, "Null characters are not allowed"),
    ({"skip_with_message": "Closed\x07"}, "control characters"),
    ({"start_time": "25:00"}, "Enter a valid time"),
])
def test_bad_change_input_is_a_form_error(client, olivia, overrides, message):
    client.force_login(olivia)
    client.post(ADD, start_data())
    before = list(MeetupListing.objects.values_list("version", flat=True))
    response = client.post(change_url(), change_data(third_tuesdays(1)[0], **overrides))
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    assert list(MeetupListing.objects.values_list("version", flat=True)) == before
