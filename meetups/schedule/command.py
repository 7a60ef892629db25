"""Organisers schedule a meetup, then revise it (details, venue, times, capacity) or
cancel it. Every change is an event; the admin only sends these commands. The decisions
are in meetups/schedule/decisions.py."""

from __future__ import annotations

from datetime import datetime

from eventstore.store import Recording, execute
from meetups.meetup import meetup_stream
from meetups.schedule.decisions import (
    MeetupPlan,
    agenda_moves,
    decide_cancel,
    decide_change_capacity,
    decide_revise,
    decide_schedule,
)

__all__ = [
    "MeetupPlan", "agenda_moves", "cancel_meetup", "change_capacity", "decide_cancel", "decide_change_capacity",
    "decide_revise", "decide_schedule", "revise_meetup", "schedule_meetup",
]


# -- commands ------------------------------------------------------------------------------
def schedule_meetup(*, slug: str, plan: MeetupPlan, by: str, now: datetime) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_schedule(h, slug=slug, plan=plan, by=by, now=now))


def revise_meetup(*, slug: str, plan: MeetupPlan, by: str, now: datetime) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_revise(h, plan=plan, by=by, now=now))


def change_capacity(*, slug: str, capacity: int, by: str) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_change_capacity(h, capacity=capacity, by=by))


def cancel_meetup(*, slug: str, message: str, by: str) -> list[Recording]:
    return execute(meetup_stream(slug), lambda h: decide_cancel(h, message=message, by=by))
