"""The public schedule as it was at a past moment (`/schedule/?as_of=`, organisers only),
folded from the events up to then: the meetups that had not ended by that moment, as they
were scheduled then (title, time, venue, cancelled), with the accepted or confirmed talks
on their agendas then (slot, title, format, level, speakers). The same shapes as today's
page (`upcoming_with_agendas`), so the same template shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eventstore.events import Event
from eventstore.store import event_store
from meetups import events as me
from meetups.read_models import MeetupListing
from talks.proposal import ACCEPTED, CONFIRMED, Proposal
from talks.schedule.agendas import AgendaItem, Speaker, speaker_names

MEETUP_FACTS = (
    me.MeetupScheduled, me.MeetupDetailsChanged, me.MeetupRescheduled, me.VenueChanged, me.MeetupCancelled,
    me.MeetupReinstated, me.TalkScheduled, me.TalkUnscheduled,
)


@dataclass
class MeetupThen:
    stream_id: UUID
    slug: str = ""
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue_name: str = ""
    cancelled: bool = False


def _meetup_then(stream_id: UUID, history: list[Event]) -> MeetupThen | None:
    """The meetups app's facts, folded here (a talks page does not import its aggregate)."""
    m = MeetupThen(stream_id)
    for event in history:
        match event:
            case me.MeetupScheduled():
                m.slug, m.title, m.starts_at, m.ends_at = event.slug, event.title, event.starts_at, event.ends_at
                m.venue_name = event.venue_name
            case me.MeetupDetailsChanged():
                m.title = event.title
            case me.MeetupRescheduled():
                m.starts_at, m.ends_at = event.starts_at, event.ends_at
            case me.VenueChanged():
                m.venue_name = event.venue_name
            case me.MeetupCancelled():
                m.cancelled = True
            case me.MeetupReinstated():
                m.cancelled = False
    return m if m.slug else None


def schedule_as_of(moment: datetime) -> list[tuple[MeetupThen, list[AgendaItem]]]:
    """A fixed number of queries: the meetup streams' schedule facts, the talks' streams,
    the speakers' names."""
    store = event_store()
    ids = list(MeetupListing.objects.values_list("stream_id", flat=True))
    histories = {
        stream_id: [x for x in history if x.timestamp <= moment]
        for stream_id, history in store.load_many(ids, types=MEETUP_FACTS).items()
    }
    meetups = {
        stream_id: m
        for stream_id, history in histories.items()
        if (m := _meetup_then(stream_id, history)) is not None and m.ends_at > moment
    }
    # Where each talk was then: the last slot given, unless it was taken off that meetup.
    slots: dict[UUID, me.TalkScheduled] = {}
    moves = sorted(
        (x for h in histories.values() for x in h if isinstance(x, me.TalkScheduled | me.TalkUnscheduled)),
        key=lambda x: x.timestamp,
    )
    for event in moves:
        if isinstance(event, me.TalkScheduled):
            slots[event.talk_id] = event
        elif (slot := slots.get(event.talk_id)) is not None and slot.originator_id == event.originator_id:
            del slots[event.talk_id]
    talks = {
        talk_id: Proposal.fold([x for x in history if x.timestamp <= moment])
        for talk_id, history in store.load_many([t for t, s in slots.items() if s.originator_id in meetups]).items()
    }
    talks = {t: p for t, p in talks.items() if p.status in (ACCEPTED, CONFIRMED)}
    names = speaker_names(m for p in talks.values() for m in p.speakers)
    agendas: dict[UUID, list[AgendaItem]] = {stream_id: [] for stream_id in meetups}
    for talk_id, proposal in talks.items():
        slot = slots[talk_id]
        agendas[slot.originator_id].append(
            AgendaItem(
                talk_id=talk_id, title=proposal.title, format=proposal.format, level=proposal.level,
                starts_at=slot.starts_at, minutes=slot.minutes,
                speakers=tuple(Speaker(m, names.get(m, "A member")) for m in proposal.speakers),
            )
        )
    for agenda in agendas.values():
        agenda.sort(key=lambda item: (item.starts_at, item.title))
    return [(m, agendas[m.stream_id]) for m in sorted(meetups.values(), key=lambda m: m.starts_at)]
