"""Demo meetups through the real commands: past ones with attendance, upcoming ones with
seats left, and one full meetup with a waitlist. Idempotent: a meetup whose slug exists
is left alone.

Past meetups are decided with a clock set to when those things would have happened
(two weeks before, then at the door); the events' own timestamps are the real time of
seeding."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from eventstore.store import event_store
from meetups.checkin.command import check_in
from meetups.meetup import meetup_stream
from meetups.rsvp.command import rsvp
from meetups.schedule.command import MeetupPlan, schedule_meetup
from meetups.series.rules import nth_weekday
from membership.read_models import Member

VENUE = ("Main Library, Gellman Room", "101 E Franklin St, Richmond, VA 23219", "https://www.openstreetmap.org/search?query=101%20E%20Franklin%20St%20Richmond")
DESCRIPTION = """PyRVA's monthly talk night: two talks, lightning talks, and time to chat.

- Doors open 15 minutes early
- Pizza and drinks thanks to our sponsors
- Everyone is welcome: read our [code of conduct](https://www.python.org/psf/conduct/)
"""


# The demo group meets as PyRVA does: the third Tuesday of every month, 5:45 PM (a third
# Tuesday is the 15th to the 21st: never a holiday the group would skip).
TUESDAY, THIRD = 1, 3
MEETS_AT = time(17, 45)


def talk_night(months_from_now: int) -> datetime:
    """The third Tuesday, 5:45 PM, of the month `months_from_now` away; counted from the
    next one that has not started (0 is the next meetup, -1 the last one before it)."""
    today = timezone.localdate()
    this_month = timezone.make_aware(datetime.combine(nth_weekday(today.year, today.month, TUESDAY, THIRD), MEETS_AT))
    index = today.year * 12 + today.month - 1 + months_from_now + (1 if this_month <= timezone.now() else 0)
    year, month = divmod(index, 12)
    return timezone.make_aware(datetime.combine(nth_weekday(year, month + 1, TUESDAY, THIRD), MEETS_AT))


# slug, title, month (0: the next talk night), capacity, how many RSVP, how many of them attend
MEETUPS = [
    ("python-and-pandas", "Python and pandas in practice", -3, 30, 18, 14),
    ("testing-with-pytest", "Testing with pytest", -2, 25, 20, 17),
    ("async-all-the-way", "Async all the way down", -1, 20, 12, 9),
    ("djangonauts-night", "Djangonauts night", 0, 40, 6, 0),
    ("lightning-talks", "Lightning talks", 1, 8, 12, 0),
    ("packaging-in-2027", "Packaging Python in 2027", 2, 50, 0, 0),
]


def seed_meetups(out) -> None:
    organiser = Member.objects.filter(is_organiser=True).order_by("joined_at").first()
    by = str(organiser.member_id) if organiser else "seed_demo"
    members = list(Member.objects.filter(is_organiser=False).order_by("joined_at").values_list("member_id", flat=True))
    created = 0
    for slug, title, months, capacity, rsvps, attending in MEETUPS:
        if event_store().load(meetup_stream(slug)):
            continue
        starts = talk_night(months)
        now = timezone.now()
        past = starts < now
        schedule_meetup(
            slug=slug,
            plan=MeetupPlan(
                title=title, description=DESCRIPTION, starts_at=starts, ends_at=starts + timedelta(hours=2, minutes=30),
                venue_name=VENUE[0], venue_address=VENUE[1], venue_map_url=VENUE[2], capacity=capacity,
            ),
            by=by,
            now=starts - timedelta(days=21) if past else now,
        )
        for member_id in members[:rsvps]:
            rsvp(slug=slug, member_id=member_id, now=starts - timedelta(days=7) if past else now)
        for member_id in members[:attending]:
            check_in(slug=slug, member_id=member_id, attended=True, by=by, now=starts)
        created += 1
    out(f"Demo meetups: {created} new, {len(MEETUPS)} in the demo set.")
