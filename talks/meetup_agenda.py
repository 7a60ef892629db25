"""What talks decisions know of a meetup: folded by talks itself from the meetup's own
events (meetups.events, the published facts) rather than by importing the meetups app's
aggregate, so each decision names exactly the facts it reads (a dynamic consistency
boundary). The agenda is part of the meetup's stream; its rules are decided here and in
talks/agenda/command.py.

Taking a talk off an agenda is shared by three use cases (the organisers' agenda, a
withdrawal, declining an accepted talk): the rule and its command are here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from meetups import events as me
from meetups.streams import meetup_stream
from talks import errors


@dataclass(frozen=True)
class Slot:
    talk_id: UUID
    starts_at: datetime
    minutes: int

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)


@dataclass
class MeetupAgenda:
    scheduled: bool = False
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    cancelled: bool = False
    slots: dict[UUID, Slot] = field(default_factory=dict)

    @classmethod
    def fold(cls, meetup_history: list[Event]) -> MeetupAgenda:
        m = cls()
        for event in meetup_history:
            match event:
                case me.MeetupScheduled():
                    m.scheduled, m.title, m.starts_at, m.ends_at = True, event.title, event.starts_at, event.ends_at
                case me.MeetupDetailsChanged():
                    m.title = event.title
                case me.MeetupRescheduled():
                    m.starts_at, m.ends_at = event.starts_at, event.ends_at
                case me.MeetupCancelled():
                    m.cancelled = True
                case me.MeetupReinstated():
                    m.cancelled = False
                case me.TalkScheduled():
                    m.slots[event.talk_id] = Slot(event.talk_id, event.starts_at, event.minutes)
                case me.TalkUnscheduled():
                    m.slots.pop(event.talk_id, None)
        return m


def agenda_of(meetup_history: list[Event]) -> dict[UUID, Slot]:
    return MeetupAgenda.fold(meetup_history).slots


def decide_unschedule_talk(meetup_history: list[Event], *, talk_id: UUID, reason: str, by: str) -> list[Event]:
    """Refuses a talk that is not on this agenda."""
    if talk_id not in agenda_of(meetup_history):
        raise errors.AgendaConflict("This talk is not on that meetup's agenda.")
    return [me.TalkUnscheduled(talk_id=talk_id, reason=reason, unscheduled_by=by)]


def take_out_talk(*, slug: str, talk_id: UUID, by: str, reason: str = "taken_out") -> list[Recording]:
    return execute(meetup_stream(slug), lambda history: decide_unschedule_talk(history, talk_id=talk_id, reason=reason, by=by))
