"""Helpers for meetup tests that use the database: members and meetups made through
the real commands."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from community.meetups.schedule.command import MeetupPlan, schedule_meetup
from membership.join.command import sign_up
from membership.organisers.command import appoint_organiser
from membership.streams import member_stream


def make_member(name: str, *, organiser: bool = False):
    user = sign_up(email=f"{name.lower()}@example.com", password=f"pw-{name}-12345", display_name=name)
    if organiser:
        appoint_organiser(user_id=user.pk, by="test")
        user.refresh_from_db()
    user.member_id = member_stream(user.pk)
    return user


def make_meetup(slug: str = "december", *, capacity: int = 10, starts_in: timedelta = timedelta(days=7), **changes) -> str:
    now = timezone.now()
    start = now + starts_in
    plan = MeetupPlan(
        title=changes.pop("title", "December talk night"),
        description=changes.pop("description", "Talks and *pizza*."),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name="Main Library",
        venue_address="101 E Franklin St, Richmond, VA",
        capacity=capacity,
        **changes,
    )
    # A past meetup is recorded as if scheduled two weeks before it took place.
    schedule_meetup(slug=slug, plan=plan, by="test", now=min(now, start - timedelta(days=14)))
    return slug
