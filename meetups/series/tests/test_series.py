"""A series makes its meetups: the next few at once, the following ones as time passes
(the worker's timer), each a meetup with its own stream; organisers change one
occurrence or all future ones, skip one with a message, end the series."""

from datetime import UTC, date, datetime, time

import pytest
from django.core import mail

from eventstore.errors import CommandRefused
from eventstore.store import event_store
from eventstore.testing import deliver_mail
from eventstore.timers import run_timers
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.meetup import Meetup
from meetups.rsvp.command import rsvp
from meetups.series.command import (
    change_future_occurrences,
    change_occurrence,
    end_series,
    extend_series,
    skip_occurrence,
    start_series,
)
from meetups.series.projection import SeriesListing
from meetups.series.rules import Rule
from meetups.series.series import SeriesPlan, Template
from meetups.streams import meetup_stream, series_stream
from meetups.testing import make_meetup
from membership.testing import make_member

pytestmark = pytest.mark.django_db

TUESDAY = 1
AUG_1 = datetime(2024, 8, 1, 12, 0, tzinfo=UTC)


def pyrva(**changes) -> SeriesPlan:
    values = dict(
        title="PyRVA {month} meetup", description="Talks and *pizza*.", rule=Rule("monthly_weekday", weekday=TUESDAY, nth=3),
        first_date=date(2024, 8, 1),
        template=Template(start_time=time(17, 45), minutes=120, venue_name="Main Library", venue_address="101 E Franklin St",
                          venue_map_url="", capacity=40),
        rsvp_opens_days_before=30, ahead=3,
    ) | changes
    return SeriesPlan(**values)


def local_starts(slugs=None):
    rows = MeetupListing.objects.order_by("starts_at")
    return [(row.slug, row.title, row.starts_at.astimezone(UTC)) for row in rows]


def test_starting_a_series_makes_the_next_three_meetups_each_with_its_own_stream():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    assert local_starts() == [
        ("pyrva-2024-08-20", "PyRVA August meetup", datetime(2024, 8, 20, 21, 45, tzinfo=UTC)),
        ("pyrva-2024-09-17", "PyRVA September meetup", datetime(2024, 9, 17, 21, 45, tzinfo=UTC)),
        ("pyrva-2024-10-15", "PyRVA October meetup", datetime(2024, 10, 15, 21, 45, tzinfo=UTC)),
    ]
    [scheduled] = event_store().load(meetup_stream("pyrva-2024-09-17"))
    assert isinstance(scheduled, e.MeetupScheduled)
    assert (scheduled.capacity, scheduled.venue_name, scheduled.scheduled_by) == (40, "Main Library", "series:pyrva")
    assert scheduled.rsvp_opens_at == datetime(2024, 8, 18, 21, 45, tzinfo=UTC)
    assert scheduled.rsvp_closes_at == scheduled.starts_at
    assert SeriesListing.objects.get().occurrence_count == 3


def test_as_time_passes_the_worker_makes_the_next_one_once_and_across_the_november_change():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    after_august = datetime(2024, 8, 20, 22, 0, tzinfo=UTC)
    assert run_timers(now=after_august) == 1
    assert run_timers(now=after_august) == 0  # a second worker, or the next minute: nothing more
    nov = MeetupListing.objects.get(slug="pyrva-2024-11-19")
    assert nov.starts_at.astimezone(UTC) == datetime(2024, 11, 19, 22, 45, tzinfo=UTC)  # 5:45 PM EST
    assert MeetupListing.objects.count() == 4


def test_two_workers_extending_at_once_make_each_meetup_once():
    start_series(slug="pyrva", plan=pyrva(ahead=1), by=None, now=AUG_1)
    later = datetime(2024, 9, 1, tzinfo=UTC)
    extend_series(slug="pyrva", now=later)
    extend_series(slug="pyrva", now=later)
    history = event_store().load(series_stream("pyrva"))
    assert [ev.date for ev in history if isinstance(ev, e.OccurrenceScheduled)] == ["2024-08-20", "2024-09-17"]


def test_a_meetup_already_at_an_occurrences_address_is_kept_and_the_occurrence_gets_another():
    make_meetup("pyrva-2024-08-20", title="Made by hand")
    start_series(slug="pyrva", plan=pyrva(ahead=1), by=None, now=AUG_1)
    assert MeetupListing.objects.get(slug="pyrva-2024-08-20-2").title == "PyRVA August meetup"
    assert MeetupListing.objects.get(slug="pyrva-2024-08-20").title == "Made by hand"


def test_changing_this_occurrence_only_moves_it_and_tells_the_members_who_rsvped():
    ann = make_member("Ann")
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    rsvp(slug="pyrva-2024-09-17", member_id=ann.member_id, now=datetime(2024, 9, 1, tzinfo=UTC))
    deliver_mail()
    mail.outbox.clear()
    moved = Template(start_time=time(18, 30), minutes=90, venue_name="Hall", venue_address="2 Main St", venue_map_url="", capacity=40)
    change_occurrence(slug="pyrva", day=date(2024, 9, 17), template=moved, by=None, now=datetime(2024, 9, 2, tzinfo=UTC))
    sept = MeetupListing.objects.get(slug="pyrva-2024-09-17")
    assert (sept.starts_at.astimezone(UTC), sept.venue_name) == (datetime(2024, 9, 17, 22, 30, tzinfo=UTC), "Hall")
    assert MeetupListing.objects.get(slug="pyrva-2024-10-15").venue_name == "Main Library"
    deliver_mail()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([ann.email], "PyRVA September meetup has moved to Tuesday 17 September 2024, 06:30 PM"),
        ([ann.email], "PyRVA September meetup has moved to Hall, 2 Main St"),
    ]


def test_changing_this_and_all_future_moves_the_made_ones_and_the_ones_made_later():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    bigger = Template(start_time=time(18, 0), minutes=120, venue_name="Main Library", venue_address="101 E Franklin St",
                      venue_map_url="", capacity=60)
    change_future_occurrences(slug="pyrva", from_date=date(2024, 9, 17), template=bigger, by=None, now=AUG_1)
    run_timers(now=datetime(2024, 8, 21, tzinfo=UTC))
    assert [(r.slug, r.capacity, r.starts_at.astimezone(UTC).hour) for r in MeetupListing.objects.order_by("starts_at")] == [
        ("pyrva-2024-08-20", 40, 21), ("pyrva-2024-09-17", 60, 22), ("pyrva-2024-10-15", 60, 22), ("pyrva-2024-11-19", 60, 23),
    ]


def test_skipping_an_occurrence_cancels_its_meetup_with_the_message_and_the_next_date_takes_its_place():
    ann = make_member("Ann")
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    rsvp(slug="pyrva-2024-10-15", member_id=ann.member_id, now=datetime(2024, 10, 1, tzinfo=UTC))
    deliver_mail()
    mail.outbox.clear()
    skip_occurrence(slug="pyrva", day=date(2024, 10, 15), message="Library closed for repairs.", by=None)
    assert Meetup.fold(event_store().load(meetup_stream("pyrva-2024-10-15"))).cancelled
    extend_series(slug="pyrva", now=AUG_1)
    assert MeetupListing.objects.filter(cancelled=False).count() == 3  # November joins
    deliver_mail()
    assert [(m.to, "Library closed for repairs." in m.body) for m in mail.outbox] == [([ann.email], True)]


def test_skipping_a_date_the_series_does_not_meet_on_is_refused():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    with pytest.raises(CommandRefused, match="does not meet on Wednesday 16 October 2024"):
        skip_occurrence(slug="pyrva", day=date(2024, 10, 16), message="?", by=None)


def test_an_ended_series_makes_no_more_meetups():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    end_series(slug="pyrva", by=None)
    assert run_timers(now=datetime(2024, 12, 1, tzinfo=UTC)) == 0
    assert MeetupListing.objects.count() == 3
    assert SeriesListing.objects.get().ended is True
    with pytest.raises(CommandRefused, match="has ended"):
        end_series(slug="pyrva", by=None)


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "PyRVA {0.__class__}"}, "no other braces"),
    ({"title": "PyRVA\nmeetup"}, "one line"),
    ({"ahead": 0}, "Between 1 and 12"),
    ({"rule": Rule("monthly_day", day_of_month=32)}, "1 to 31"),
    ({"template": Template(start_time=time(18), minutes=0, venue_name="", venue_address="", venue_map_url="", capacity=5)},
     "between 1 minute"),
])
def test_a_series_that_makes_no_sense_is_refused(changes, message):
    with pytest.raises(CommandRefused, match=message):
        start_series(slug="pyrva", plan=pyrva(**changes), by=None, now=AUG_1)
    assert (MeetupListing.objects.count(), SeriesListing.objects.count()) == (0, 0)


def test_a_taken_series_slug_is_refused():
    start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)
    with pytest.raises(CommandRefused, match="already exists"):
        start_series(slug="pyrva", plan=pyrva(), by=None, now=AUG_1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_extending_in_two_threads_at_once_make_each_meetup_once():
    import threading  # only this test runs threads

    from eventstore.tests.support import ThreadConnections, closing_connection  # the store's own thread helpers

    start_series(slug="pyrva", plan=pyrva(ahead=1), by=None, now=AUG_1)
    later = datetime(2024, 10, 1, tzinfo=UTC)  # the next one due is October's (September's has passed)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def worker() -> None:
        with closing_connection():
            start.wait(timeout=10)
            try:
                extend_series(slug="pyrva", now=later)
            except BaseException as error:  # noqa: BLE001 - reported by the assertion below
                failures.append(error)

    with ThreadConnections():
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert failures == []
    history = event_store().load(series_stream("pyrva"))
    assert [ev.date for ev in history if isinstance(ev, e.OccurrenceScheduled)] == ["2024-08-20", "2024-10-15"]
    assert sorted(MeetupListing.objects.values_list("slug", flat=True)) == ["pyrva-2024-08-20", "pyrva-2024-10-15"]
