"""/members/me/export/: everything the site holds about me, as one JSON download.

- profile: my member row (name, bio, links, primary address, public or not);
- email_addresses: my addresses as the account pages hold them;
- meetups: my RSVPs and what became of them (attendance);
- proposals: each proposal I speak on, with its events, except the organisers' reviews
  (speakers never see those: talks.events.ProposalReviewed) unless I wrote them;
- events: every event of the log about me: my own stream, and every event naming my
  member id in any field (RSVPs, check-ins, co-speaker invitations, reviews I wrote...).

Read from the log (the whole of it, a page at a time) and the projections; nothing is
written. The format is documented by `EXPORT_FORMAT` (a version, should it change)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any
from uuid import UUID

from django.core.serializers.json import DjangoJSONEncoder

from eventstore.events import Event
from eventstore.store import event_store
from meetups.history.history import rsvp_history
from membership.read_models import Member
from talks import events as te

EXPORT_FORMAT = 1
PROPOSAL_STARTS = (te.ProposalSubmitted, te.CoSpeakerInvited, te.CoSpeakerAccepted)


def _fields(event: Event) -> dict[str, Any]:
    return {f.name: getattr(event, f.name) for f in dataclasses.fields(event) if f.name != "originator_id"}


def _names(value: Any, member_id: UUID) -> bool:
    if value == member_id or value == str(member_id):
        return True
    if isinstance(value, (list, tuple, set)):
        return any(_names(v, member_id) for v in value)
    return False


def _about(event: Event, member_id: UUID) -> bool:
    return event.originator_id == member_id or any(_names(v, member_id) for v in _fields(event).values())


def _log() -> Iterator[Event]:
    store = event_store()
    after = 0
    while page := store.read(after=after, limit=1000):
        for recording in page:
            yield recording.domain_event
        after = page[-1].notification.id


def _event(event: Event) -> dict[str, Any]:
    return {
        "type": type(event).__name__, "stream": event.originator_id, "version": event.originator_version,
        "at": event.timestamp, **{k: v for k, v in _fields(event).items() if k not in ("originator_version", "timestamp")},
    }


def export_member(member: Member, email_addresses: list[dict[str, Any]]) -> dict[str, Any]:
    member_id = member.member_id
    about_me: list[Event] = []
    proposals: dict[UUID, list[Event]] = {}
    mine: set[UUID] = set()
    for event in _log():
        if isinstance(event, te.ProposalSubmitted) and event.speaker_id == member_id:
            mine.add(event.originator_id)
        if isinstance(event, te.CoSpeakerAccepted) and event.member_id == member_id:
            mine.add(event.originator_id)
        if isinstance(event, (*PROPOSAL_STARTS, *_proposal_event_types())):
            proposals.setdefault(event.originator_id, []).append(event)
        if _about(event, member_id):
            about_me.append(event)
    visible = {
        stream: [
            _event(e) for e in history
            if not isinstance(e, te.ProposalReviewed) or e.reviewer_id == member_id
        ]
        for stream, history in proposals.items() if stream in mine
    }
    return {
        "format": EXPORT_FORMAT,
        "member_id": member_id,
        "profile": {
            "display_name": member.display_name, "bio": member.bio, "links": member.links, "email": member.email,
            "public": member.is_public, "public_id": member.public_id, "organiser": member.is_organiser,
            "joined_at": member.joined_at,
        },
        "email_addresses": email_addresses,
        "meetups": [
            {"meetup": a.meetup.slug, "title": a.meetup.title, "starts_at": a.meetup.starts_at, "outcome": a.outcome}
            for a in rsvp_history(member_id)
        ],
        "proposals": [{"proposal_id": stream, "events": events} for stream, events in visible.items()],
        "events": [_event(e) for e in about_me],
    }


def _proposal_event_types() -> tuple[type[Event], ...]:
    return tuple(
        cls for cls in vars(te).values()
        if isinstance(cls, type) and issubclass(cls, Event) and cls is not Event and cls.__module__ == te.__name__
        and cls not in (te.CallForProposalsOpened, te.CallForProposalsClosed)
    )


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
