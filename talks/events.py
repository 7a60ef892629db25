"""Events of the talks app. Leaves: no imports from views or projections. Released
classes never move or change meaning.

Streams:
- one per proposal (its id is the talk's id once accepted): submission, edits,
  co-speakers, reviews, the organisers' decision, confirmation, withdrawal;
- the call for proposals (one stream, CFP_STREAM): opened and closed;
- the talks on a meetup's agenda are facts of the meetup's stream: their events
  (TalkScheduled, TalkUnscheduled) belong to the meetups app (meetups.events), so the
  conflict rules are decided from one stream and the apps depend one way only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from eventstore.events import Event
from eventstore.personal import PersonalData

# What a member wrote is sealed with the writer's key (eventstore/personal.py): the
# abstract and notes with the speaker's (or the co-speaker's who edited them), a review's
# comment and a decision's message with the organiser's. Titles stay in the clear: they are
# the meetup's public agenda (TalkScheduled carries them too) and a talk stays in the
# archive after its speaker is erased (docs/decisions/0013-crypto-shredding.md).

# -- call for proposals ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class CallForProposalsOpened(Event):
    opened_by: str


@dataclass(frozen=True, kw_only=True)
class CallForProposalsClosed(Event):
    closed_by: str


# -- a proposal --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ProposalSubmitted(Event):
    personal_data: ClassVar = PersonalData(subject="speaker_id", fields={"abstract": "", "notes": ""})

    speaker_id: UUID
    title: str
    abstract: str  # Markdown, rendered sanitised
    format: str  # lightning | short | talk | long | workshop
    level: str  # beginner | intermediate | advanced
    preferred_meetups: list[str] = field(default_factory=list)  # meetup slugs
    notes: str = ""  # to the organisers, never shown publicly


@dataclass(frozen=True, kw_only=True)
class ProposalEdited(Event):
    personal_data: ClassVar = PersonalData(subject="edited_by", fields={"abstract": "", "notes": ""})

    title: str
    abstract: str
    format: str
    level: str
    preferred_meetups: list[str]
    notes: str
    edited_by: UUID


@dataclass(frozen=True, kw_only=True)
class CoSpeakerInvited(Event):
    member_id: UUID
    invited_by: UUID


@dataclass(frozen=True, kw_only=True)
class CoSpeakerAccepted(Event):
    member_id: UUID


@dataclass(frozen=True, kw_only=True)
class CoSpeakerDeclined(Event):
    member_id: UUID


@dataclass(frozen=True, kw_only=True)
class ProposalReviewed(Event):
    """An organiser's score (1-5) and comment; a later review by the same organiser
    replaces theirs. Never shown to speakers."""

    personal_data: ClassVar = PersonalData(subject="reviewer_id", fields={"comment": ""})

    reviewer_id: UUID
    score: int
    comment: str


@dataclass(frozen=True, kw_only=True)
class ProposalAccepted(Event):
    personal_data: ClassVar = PersonalData(subject="decided_by", fields={"message": ""})

    message: str  # emailed to the speakers
    decided_by: UUID


@dataclass(frozen=True, kw_only=True)
class ProposalDeclined(Event):
    personal_data: ClassVar = PersonalData(subject="decided_by", fields={"message": ""})

    message: str
    decided_by: UUID


@dataclass(frozen=True, kw_only=True)
class ProposalKeptForLater(Event):
    personal_data: ClassVar = PersonalData(subject="decided_by", fields={"message": ""})

    message: str
    decided_by: UUID


@dataclass(frozen=True, kw_only=True)
class ProposalDecisionUndone(Event):
    """An organiser undid their decision (the event at `undone_version`: accepted,
    declined or kept for later); the proposal is `status` again, as it was before it. The
    speakers are sent a correction."""

    undone_version: int
    status: str  # submitted | kept_for_later | ...: talks.proposal's status names
    by: UUID


@dataclass(frozen=True, kw_only=True)
class TalkConfirmed(Event):
    confirmed_by: UUID


@dataclass(frozen=True, kw_only=True)
class ProposalWithdrawn(Event):
    personal_data: ClassVar = PersonalData(subject="withdrawn_by", fields={"reason": ""})

    withdrawn_by: UUID
    reason: str = ""


# -- a talk's resources and tags (appended to the proposal's stream) ---------------------------


@dataclass(frozen=True, kw_only=True)
class ResourceAttached(Event):
    resource_id: UUID
    title: str
    url: str  # http(s) only
    kind: str  # slides | video | code | article | other
    added_by: UUID


@dataclass(frozen=True, kw_only=True)
class ResourceChanged(Event):
    resource_id: UUID
    title: str
    url: str
    kind: str
    changed_by: UUID


@dataclass(frozen=True, kw_only=True)
class ResourceRemoved(Event):
    resource_id: UUID
    removed_by: UUID


@dataclass(frozen=True, kw_only=True)
class TalkTagged(Event):
    """The talk's whole set of tags as an organiser left it."""

    tags: list[str]
    tagged_by: UUID
