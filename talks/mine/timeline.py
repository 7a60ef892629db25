"""What happened to a proposal, as its speakers may see it: read from the proposal's
stream, with only the events listed in SHOWN. Organisers' reviews (scores and comments)
are internal and never listed; an event type that is added later stays hidden until it
is named here, so nothing internal leaks by default."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from eventstore.events import Event
from talks import events as e
from talks.proposal import STATUS_LABELS


@dataclass(frozen=True)
class Happening:
    at: datetime
    text: str
    message: str = ""  # the organisers' decision message, or the reason for a withdrawal


def _name(names: Mapping[UUID, str], member_id: UUID) -> str:
    return names.get(member_id, "a former member")


SHOWN: dict[type, Callable[[Event, Mapping[UUID, str]], Happening]] = {
    e.ProposalSubmitted: lambda ev, n: Happening(ev.timestamp, f"Submitted by {_name(n, ev.speaker_id)}."),
    e.ProposalEdited: lambda ev, n: Happening(ev.timestamp, f"Edited by {_name(n, ev.edited_by)}."),
    e.CoSpeakerInvited: lambda ev, n: Happening(
        ev.timestamp, f"{_name(n, ev.invited_by)} invited {_name(n, ev.member_id)} to co-present."
    ),
    e.CoSpeakerAccepted: lambda ev, n: Happening(ev.timestamp, f"{_name(n, ev.member_id)} joined as a co-speaker."),
    e.CoSpeakerDeclined: lambda ev, n: Happening(ev.timestamp, f"{_name(n, ev.member_id)} declined the invitation."),
    e.ProposalAccepted: lambda ev, n: Happening(ev.timestamp, "Accepted by the organisers.", ev.message),
    e.ProposalDeclined: lambda ev, n: Happening(ev.timestamp, "Declined by the organisers.", ev.message),
    e.ProposalKeptForLater: lambda ev, n: Happening(ev.timestamp, "Kept for later by the organisers.", ev.message),
    e.TalkConfirmed: lambda ev, n: Happening(ev.timestamp, f"Confirmed by {_name(n, ev.confirmed_by)}."),
    e.ProposalWithdrawn: lambda ev, n: Happening(ev.timestamp, f"Withdrawn by {_name(n, ev.withdrawn_by)}.", ev.reason),
    e.ProposalDecisionUndone: lambda ev, n: Happening(
        ev.timestamp, f"The organisers' decision was undone: {STATUS_LABELS.get(ev.status, ev.status)} again."
    ),
}


def people_in(history: list[Event]) -> set[UUID]:
    """The members a timeline names (to look their display names up in one query)."""
    ids: set[UUID] = set()
    for event in history:
        if type(event) in SHOWN:
            for attribute in ("speaker_id", "edited_by", "invited_by", "member_id", "confirmed_by", "withdrawn_by"):
                if isinstance(value := getattr(event, attribute, None), UUID):
                    ids.add(value)
    return ids


def timeline(history: list[Event], names: Mapping[UUID, str]) -> list[Happening]:
    """Oldest first."""
    happenings = [SHOWN[type(event)](event, names) for event in history if type(event) in SHOWN]
    return [replace(h, text=h.text[:1].upper() + h.text[1:]) for h in happenings]
