""""Why?" on the roster, read from the meetup's stream: for each member who got their
seat from the waitlist, the event that freed it (who cancelled, which capacity change, or
the organiser who gave it by hand, and when); for each waitlisted member, who is ahead
of them and since when."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from eventstore.events import Event
from eventstore.history import actor_label, mentioned_members
from eventstore.store import event_store
from meetups import events as e
from meetups.meetup import Meetup
from membership.read_models import names_of
from web.history import when


@dataclass(frozen=True)
class Ahead:
    name: str
    since: str


@dataclass(frozen=True)
class Why:
    seat: str = ""  # how a promoted member got their seat
    since: str = ""  # when a waitlisted member joined the waitlist
    ahead: tuple[Ahead, ...] = ()


def explain(history: list[Event], names: dict[UUID, str] | None = None) -> dict[UUID, Why]:
    """Why each member going or waiting is where they are (members who RSVPed straight
    into a seat need no explaining and are left out)."""
    if names is None:
        names = names_of(mentioned_members(history))
    meetup = Meetup.fold(history)
    joined: dict[UUID, Event] = {}
    promoted: dict[UUID, e.WaitlistPromoted] = {}
    for event in history:
        match event:
            case e.RsvpWaitlisted() | e.RsvpConfirmed():
                joined[event.member_id] = event
                promoted.pop(event.member_id, None)
            case e.WaitlistPromoted():
                promoted[event.member_id] = event
    why: dict[UUID, Why] = {}
    for member_id in meetup.going:
        if member_id in promoted:
            why[member_id] = Why(seat=_seat(promoted[member_id], history, names))
    for place, member_id in enumerate(meetup.waitlist):
        ahead = tuple(
            Ahead(names.get(other, "a former member"), when(joined[other].timestamp)) for other in meetup.waitlist[:place]
        )
        why[member_id] = Why(since=when(joined[member_id].timestamp), ahead=ahead)
    return why


def _seat(promotion: e.WaitlistPromoted, history: list[Event], names: dict[UUID, str]) -> str:
    at = when(promotion.timestamp)
    cause = history[promotion.caused_by_version - 1] if 0 < promotion.caused_by_version <= len(history) else None
    match cause:
        case _ if promotion.cause == "by_hand":
            return f"Given a seat by {actor_label(promotion, names)} on {at}."
        case e.RsvpCancelled():
            who = names.get(cause.member_id, "a former member")
            return f"Got the seat {who} gave up when they cancelled on {when(cause.timestamp)}."
        case e.RsvpRemoved():
            return (
                f"Got the seat freed when {actor_label(cause, names)} removed "
                f"{names.get(cause.member_id, 'a former member')}'s RSVP on {when(cause.timestamp)}."
            )
        case e.CapacityChanged():
            before = Meetup.fold(history[: promotion.caused_by_version - 1]).capacity
            return (
                f"Got a seat when {actor_label(cause, names)} raised the capacity from {before} to "
                f"{cause.capacity} on {when(cause.timestamp)}."
            )
    return f"Got a seat from the waitlist on {at}."


def attach_why(stream_id: UUID, *entry_lists: list) -> None:
    """Give each roster entry its `.why` (None when there is nothing to explain)."""
    why = explain(event_store().load(stream_id))
    for entries in entry_lists:
        for entry in entries:
            entry.why = why.get(entry.member_id)
