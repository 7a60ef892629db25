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
from membership.read_models import Member

VENUE = ("Main Library, Gellman Room", "101 E Franklin St, Richmond, VA 23219", "https://www.openstreetmap.org/search?query=101%20E%20Franklin%20St%20Richmond")
DESCRIPTION = """PyRVA's monthly talk night: two talks, lightning talks, and time to chat.

- Doors open 15 minutes early
- Pizza and drinks thanks to our sponsors
- Everyone is welcome: read our [code of conduct](https://www.python.org/psf/conduct/)
"""


HOLIDAYS = {(12, 24), (12, 25), (12, 31), (1, 1), (7, 4)}  # (month, day): no group meets then


def _evening(days_from_now: int) -> datetime:
    day = timezone.localdate() + timedelta(days=days_from_now)
    while (day.month, day.day) in HOLIDAYS:  # a believable calendar: the next ordinary evening
        day += timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(18, 30)))


# slug, title, days from today, capacity, how many RSVP, how many of them attend
MEETUPS = [
    ("python-and-pandas", "Python and pandas in practice", -63, 30, 18, 14),
    ("testing-with-pytest", "Testing with pytest", -35, 25, 20, 17),
    ("async-all-the-way", "Async all the way down", -7, 20, 12, 9),
    ("djangonauts-night", "Djangonauts night", 10, 40, 6, 0),
    ("lightning-talks", "Lightning talks", 24, 8, 12, 0),
    ("packaging-in-2027", "Packaging Python in 2027", 45, 50, 0, 0),
]


def seed_meetups(out) -> None:
    organiser = Member.objects.filter(is_organiser=True).order_by("joined_at").first()
    by = str(organiser.member_id) if organiser else "seed_demo"
    members = list(Member.objects.filter(is_organiser=False).order_by("joined_at").values_list("member_id", flat=True))
    created = 0
    for slug, title, days, capacity, rsvps, attending in MEETUPS:
        if event_store().load(meetup_stream(slug)):
            continue
        starts = _evening(days)
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
