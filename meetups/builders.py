"""Builders for given/when/then tests of meetup rules."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid5

from meetups import events as e

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
START = NOW + timedelta(days=7)
END = START + timedelta(hours=2)
_NS = UUID("00000000-0000-0000-0000-00000000abcd")


def member(name: str) -> UUID:
    return uuid5(_NS, name)


def scheduled(capacity: int = 10, *, opens=NOW - timedelta(days=1), closes=START, start=START, end=END) -> e.MeetupScheduled:
    return e.MeetupScheduled(
        slug="december",
        title="December talk night",
        description="Talks.",
        starts_at=start,
        ends_at=end,
        venue_name="Library",
        venue_address="1 Main St",
        venue_map_url="",
        capacity=capacity,
        rsvp_opens_at=opens,
        rsvp_closes_at=closes,
        scheduled_by="olivia",
    )


def confirmed(name: str) -> e.RsvpConfirmed:
    return e.RsvpConfirmed(member_id=member(name))


def waitlisted(name: str, position: int) -> e.RsvpWaitlisted:
    return e.RsvpWaitlisted(member_id=member(name), position=position)


def cancelled_rsvp(name: str, was_going: bool = True) -> e.RsvpCancelled:
    return e.RsvpCancelled(member_id=member(name), was_going=was_going)


def promoted(name: str, cause: str, version: int, by: str = "") -> e.WaitlistPromoted:
    return e.WaitlistPromoted(member_id=member(name), cause=cause, caused_by_version=version, promoted_by=by)


def capacity_changed(capacity: int, by: str = "olivia") -> e.CapacityChanged:
    return e.CapacityChanged(capacity=capacity, changed_by=by)


def meetup_cancelled(message: str = "Snow storm") -> e.MeetupCancelled:
    return e.MeetupCancelled(message=message, cancelled_by="olivia")


def attended(name: str) -> e.AttendanceMarked:
    return e.AttendanceMarked(member_id=member(name), marked_by="olivia")
