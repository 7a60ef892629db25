"""A proposal as the decisions see it (folded from its stream), and the call for
proposals (folded from its own stream)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import UUID

from eventstore.events import Event
from talks import events as e

CFP_STREAM = UUID("3c1e6a52-9d7b-4f0a-8e2c-5b4d7f9a1c63")

FORMATS = {
    "lightning": ("Lightning talk (5 min)", 5),
    "short": ("Short talk (15 min)", 15),
    "talk": ("Talk (30 min)", 30),
    "long": ("Long talk (45 min)", 45),
    "workshop": ("Workshop (90 min)", 90),
}
LEVELS = {"beginner": "Beginner", "intermediate": "Intermediate", "advanced": "Advanced"}
# What a talk's resources can be, and what a tag looks like.
KINDS = {"slides": "Slides", "video": "Video", "code": "Code", "article": "Article", "other": "Other"}
TAG_RE = re.compile(r"^[a-z0-9][a-z0-9+#.-]*$")

SUBMITTED, KEPT, ACCEPTED, CONFIRMED, DECLINED, WITHDRAWN = (
    "submitted", "kept_for_later", "accepted", "confirmed", "declined", "withdrawn",
)
UNDECIDED = {SUBMITTED, KEPT}
STATUS_LABELS = {
    SUBMITTED: "submitted",
    KEPT: "kept for later",
    ACCEPTED: "accepted, waiting for the speaker to confirm",
    CONFIRMED: "confirmed",
    DECLINED: "declined",
    WITHDRAWN: "withdrawn",
}

TITLE_MAX, ABSTRACT_MAX, NOTES_MAX = 120, 3000, 1000


def cfp_is_open(history: list[Event]) -> bool:
    """The call is open until an organiser closes it (a rolling call)."""
    is_open = True
    for event in history:
        if isinstance(event, e.CallForProposalsOpened):
            is_open = True
        elif isinstance(event, e.CallForProposalsClosed):
            is_open = False
    return is_open


@dataclass
class Proposal:
    version: int = 0
    exists: bool = False
    speaker_id: UUID | None = None
    co_speakers: list[UUID] = field(default_factory=list)
    invited: list[UUID] = field(default_factory=list)
    title: str = ""
    abstract: str = ""
    format: str = ""
    level: str = ""
    preferred_meetups: list[str] = field(default_factory=list)
    notes: str = ""
    status: str = ""
    reviews: dict[UUID, tuple[int, str]] = field(default_factory=dict)

    @property
    def speakers(self) -> list[UUID]:
        return [self.speaker_id, *self.co_speakers] if self.speaker_id else []

    @property
    def minutes(self) -> int:
        return FORMATS.get(self.format, ("", 30))[1]

    @property
    def content(self) -> tuple:
        return (self.title, self.abstract, self.format, self.level, list(self.preferred_meetups), self.notes)

    @classmethod
    def fold(cls, history: list[Event]) -> Proposal:
        p = cls()
        for event in history:
            p.version += 1
            match event:
                case e.ProposalSubmitted():
                    p.exists, p.speaker_id, p.status = True, event.speaker_id, SUBMITTED
                    p.title, p.abstract, p.format, p.level = event.title, event.abstract, event.format, event.level
                    p.preferred_meetups, p.notes = list(event.preferred_meetups), event.notes
                case e.ProposalEdited():
                    p.title, p.abstract, p.format, p.level = event.title, event.abstract, event.format, event.level
                    p.preferred_meetups, p.notes = list(event.preferred_meetups), event.notes
                case e.CoSpeakerInvited():
                    p.invited.append(event.member_id)
                case e.CoSpeakerAccepted():
                    p.invited.remove(event.member_id)
                    p.co_speakers.append(event.member_id)
                case e.CoSpeakerDeclined():
                    p.invited.remove(event.member_id)
                case e.ProposalReviewed():
                    p.reviews[event.reviewer_id] = (event.score, event.comment)
                case e.ProposalAccepted():
                    p.status = ACCEPTED
                case e.ProposalDeclined():
                    p.status = DECLINED
                case e.ProposalKeptForLater():
                    p.status = KEPT
                case e.TalkConfirmed():
                    p.status = CONFIRMED
                case e.ProposalWithdrawn():
                    p.status = WITHDRAWN
                case e.ProposalDecisionUndone():
                    p.status = event.status
        return p
