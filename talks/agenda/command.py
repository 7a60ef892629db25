"""Organisers build a meetup's agenda: put an accepted talk in at a time, move it to
another meetup, take it out. The agenda lives in the meetup's stream, so conflicts (two
talks at one time, an agenda running past the end) are decided from that one stream;
the talk's own stream says whether it may be scheduled at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction

from community.eventstore.events import Event
from community.eventstore.store import Recorded, event_store, execute
from community.meetups.meetup import Meetup, meetup_stream
from talks import errors
from talks import events as e
from talks.proposal import ACCEPTED, CONFIRMED, STATUS_LABELS, Proposal


@dataclass(frozen=True)
class Slot:
    talk_id: UUID
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


def agenda_of(meetup_history: list[Event]) -> dict[UUID, Slot]:
    slots: dict[UUID, Slot] = {}
    for event in meetup_history:
        if isinstance(event, e.TalkScheduled):
            slots[event.talk_id] = Slot(event.talk_id, event.starts_at, event.minutes)
        elif isinstance(event, e.TalkUnscheduled):
            slots.pop(event.talk_id, None)
    return slots


def decide_schedule_talk(
    meetup_history: list[Event], talk_history: list[Event], *, talk_id: UUID, starts_at: datetime,
    minutes: int | None, by: str,
) -> list[Event]:
    """Refused: a talk that is not accepted (or was withdrawn), a cancelled meetup, a talk
    already on this agenda, a slot outside the meetup's time, or one that overlaps
    another talk."""
    meetup = Meetup.fold(meetup_history)
    talk = Proposal.fold(talk_history)
    if not meetup.scheduled:
        raise errors.AgendaConflict("There is no such meetup.")
    if meetup.cancelled:
        raise errors.AgendaConflict(f"“{meetup.title}” is cancelled.")
    if not talk.exists:
        raise errors.ProposalNotFound
    if talk.status not in (ACCEPTED, CONFIRMED):
        raise errors.AgendaConflict(f"Only accepted talks go on an agenda; this one is {STATUS_LABELS[talk.status]}.")
    agenda = agenda_of(meetup_history)
    if talk_id in agenda:
        raise errors.AgendaConflict("This talk is already on this meetup's agenda.")
    slot = Slot(talk_id, starts_at, minutes or talk.minutes)
    if slot.minutes < 1:
        raise errors.AgendaConflict("A talk needs at least one minute.")
    if slot.starts_at < meetup.starts_at or slot.ends_at > meetup.ends_at:
        raise errors.AgendaConflict("The talk must fit within the meetup's time: the agenda would run too long.")
    for other in agenda.values():
        if slot.starts_at < other.ends_at and other.starts_at < slot.ends_at:
            raise errors.AgendaConflict("Another talk is on the agenda at that time.")
    return [e.TalkScheduled(talk_id=talk_id, title=talk.title, starts_at=slot.starts_at, minutes=slot.minutes, scheduled_by=by)]


def decide_unschedule_talk(meetup_history: list[Event], *, talk_id: UUID, reason: str, by: str) -> list[Event]:
    if talk_id not in agenda_of(meetup_history):
        raise errors.AgendaConflict("This talk is not on that meetup's agenda.")
    return [e.TalkUnscheduled(talk_id=talk_id, reason=reason, unscheduled_by=by)]


def schedule_talk(*, slug: str, talk_id: UUID, starts_at: datetime, minutes: int | None, by: str) -> list[Recorded]:
    store = event_store()
    return execute(
        meetup_stream(slug),
        lambda history: decide_schedule_talk(history, store.load(talk_id), talk_id=talk_id, starts_at=starts_at, minutes=minutes, by=by),
    )


def take_out_talk(*, slug: str, talk_id: UUID, by: str, reason: str = "taken_out") -> list[Recorded]:
    return execute(meetup_stream(slug), lambda history: decide_unschedule_talk(history, talk_id=talk_id, reason=reason, by=by))


def move_talk(*, from_slug: str, to_slug: str, talk_id: UUID, starts_at: datetime, minutes: int | None, by: str) -> list[Recorded]:
    """Off one agenda and onto another, in one transaction: both or neither."""
    with transaction.atomic():
        moved_out = take_out_talk(slug=from_slug, talk_id=talk_id, by=by, reason="moved")
        return moved_out + schedule_talk(slug=to_slug, talk_id=talk_id, starts_at=starts_at, minutes=minutes, by=by)
