"""Organisers build a meetup's agenda: put an accepted talk in at a time, move it to
another meetup, take it out. The agenda lives in the meetup's stream, so conflicts (two
talks at one time, an agenda running past the end) are decided from that one stream;
the talk's own stream says whether it may be scheduled at all."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db import transaction

from eventstore.events import Event
from eventstore.store import Recording, event_store, execute
from meetups import events as me
from meetups.streams import meetup_stream
from talks import errors
from talks.meetup_agenda import MeetupAgenda, Slot, take_out_talk
from talks.proposal import ACCEPTED, CONFIRMED, STATUS_LABELS, Proposal

MAX_MINUTES = 600  # ten hours: more than any meetup


def decide_schedule_talk(
    meetup_history: list[Event], talk_history: list[Event], *, talk_id: UUID, starts_at: datetime,
    minutes: int | None, by: str,
) -> list[Event]:
    """Refused: a talk that is not accepted (or was withdrawn), a cancelled meetup, a talk
    already on this agenda, a slot outside the meetup's time, or one that overlaps
    another talk."""
    meetup = MeetupAgenda.fold(meetup_history)
    talk = Proposal.fold(talk_history)
    if not meetup.scheduled:
        raise errors.AgendaConflict("There is no such meetup.")
    if meetup.cancelled:
        raise errors.AgendaConflict(f"“{meetup.title}” is cancelled.")
    if not talk.exists:
        raise errors.ProposalNotFound
    if talk.status not in (ACCEPTED, CONFIRMED):
        raise errors.AgendaConflict(f"Only accepted talks go on an agenda; this one is {STATUS_LABELS[talk.status]}.")
    agenda = meetup.slots
    if talk_id in agenda:
        raise errors.AgendaConflict("This talk is already on this meetup's agenda.")
    minutes = minutes or talk.minutes
    if not 1 <= minutes <= MAX_MINUTES:
        raise errors.AgendaConflict(f"A talk takes from 1 to {MAX_MINUTES} minutes.")
    # The start is checked first: a far-off start plus the minutes could not be computed.
    if not meetup.starts_at <= starts_at <= meetup.ends_at or Slot(talk_id, starts_at, minutes).ends_at > meetup.ends_at:
        raise errors.AgendaConflict("The talk must fit within the meetup's time: the agenda would run too long.")
    slot = Slot(talk_id, starts_at, minutes)
    for other in agenda.values():
        if slot.starts_at < other.ends_at and other.starts_at < slot.ends_at:
            raise errors.AgendaConflict("Another talk is on the agenda at that time.")
    return [me.TalkScheduled(talk_id=talk_id, title=talk.title, starts_at=slot.starts_at, minutes=slot.minutes, scheduled_by=by)]


def schedule_talk(*, slug: str, talk_id: UUID, starts_at: datetime, minutes: int | None, by: str) -> list[Recording]:
    store = event_store()
    return execute(
        meetup_stream(slug),
        lambda history: decide_schedule_talk(history, store.load(talk_id), talk_id=talk_id, starts_at=starts_at, minutes=minutes, by=by),
    )


def move_talk(*, from_slug: str, to_slug: str, talk_id: UUID, starts_at: datetime, minutes: int | None, by: str) -> list[Recording]:
    """Off one agenda and onto another, in one transaction: both or neither."""
    with transaction.atomic():
        moved_out = take_out_talk(slug=from_slug, talk_id=talk_id, by=by, reason="moved")
        return moved_out + schedule_talk(slug=to_slug, talk_id=talk_id, starts_at=starts_at, minutes=minutes, by=by)
