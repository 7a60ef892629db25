"""Helpers for tests that use the database (this app's and other apps'): meetups made
and changed through the real commands."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from meetups.schedule.command import MeetupPlan, cancel_meetup, revise_meetup, schedule_meetup

__all__ = ["MeetupPlan", "cancel_meetup", "make_meetup", "revise_meetup"]


def make_meetup(slug: str = "december", *, capacity: int = 10, starts_in: timedelta = timedelta(days=7), **changes) -> str:
    now = timezone.now()
    start = now + starts_in
    plan = MeetupPlan(
        title=changes.pop("title", "December talk night"),
        description=changes.pop("description", "Talks and *pizza*."),
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue_name=changes.pop("venue_name", "Main Library"),
        venue_address="101 E Franklin St, Richmond, VA",
        capacity=capacity,
        **changes,
    )
    # A past meetup is recorded as if scheduled two weeks before it took place.
    schedule_meetup(slug=slug, plan=plan, by="test", now=min(now, start - timedelta(days=14)))
    return slug
