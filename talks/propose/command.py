"""Members propose talks, and edit them while they are undecided."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID, uuid4

from eventstore.events import Event
from eventstore.store import Recording, event_store, execute
from talks import errors
from talks import events as e
from talks.proposal import (
    ABSTRACT_MAX,
    CFP_STREAM,
    FORMATS,
    LEVELS,
    NOTES_MAX,
    STATUS_LABELS,
    TITLE_MAX,
    UNDECIDED,
    Proposal,
    cfp_is_open,
)
from web.text import text_problem


@dataclass(frozen=True)
class ProposalContent:
    title: str
    abstract: str
    format: str
    level: str
    preferred_meetups: list[str] = field(default_factory=list)
    notes: str = ""

    def checked(self) -> ProposalContent:
        """Refuses blank or too long text, control characters (a line break in the title),
        an unknown format or level."""
        title, abstract, notes = self.title.strip(), self.abstract.strip(), self.notes.strip()
        if not title or len(title) > TITLE_MAX:
            raise errors.InvalidProposal(f"The title needs 1 to {TITLE_MAX} characters.")
        if not abstract or len(abstract) > ABSTRACT_MAX:
            raise errors.InvalidProposal(f"The abstract needs 1 to {ABSTRACT_MAX} characters.")
        if len(notes) > NOTES_MAX:
            raise errors.InvalidProposal(f"Notes to the organisers can have at most {NOTES_MAX} characters.")
        texts = [(title, "The title", False), (abstract, "The abstract", True), (notes, "The notes field", True)]
        for text, what, multiline in texts:
            if problem := text_problem(text, what=what, multiline=multiline):
                raise errors.InvalidProposal(problem)
        if self.format not in FORMATS:
            raise errors.InvalidProposal("Please choose a format.")
        if self.level not in LEVELS:
            raise errors.InvalidProposal("Please choose an audience level.")
        return ProposalContent(title, abstract, self.format, self.level, list(dict.fromkeys(self.preferred_meetups)), notes)


def decide_submit(cfp_history: list[Event], history: list[Event], *, speaker_id: UUID, content: ProposalContent) -> list[Event]:
    """Refused while the call for proposals is closed."""
    if not cfp_is_open(cfp_history):
        raise errors.CallForProposalsClosed
    if history:
        raise errors.InvalidProposal("This proposal already exists.")
    c = content.checked()
    return [
        e.ProposalSubmitted(
            speaker_id=speaker_id, title=c.title, abstract=c.abstract, format=c.format, level=c.level,
            preferred_meetups=c.preferred_meetups, notes=c.notes,
        )
    ]


def decide_edit(history: list[Event], *, by: UUID, content: ProposalContent) -> list[Event]:
    """Only speakers edit, and only while the proposal is undecided (submitted or kept
    for later). Saving unchanged content records nothing."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if by not in p.speakers:
        raise errors.NotASpeaker
    if p.status not in UNDECIDED:
        raise errors.AlreadyDecided(STATUS_LABELS[p.status])
    c = content.checked()
    if (c.title, c.abstract, c.format, c.level, c.preferred_meetups, c.notes) == p.content:
        return []
    return [
        e.ProposalEdited(
            title=c.title, abstract=c.abstract, format=c.format, level=c.level,
            preferred_meetups=c.preferred_meetups, notes=c.notes, edited_by=by,
        )
    ]


def submit_proposal(*, speaker_id: UUID, content: ProposalContent) -> UUID:
    """Returns the new proposal's id."""
    proposal_id = uuid4()
    execute(
        proposal_id,
        lambda history: decide_submit(event_store().load(CFP_STREAM), history, speaker_id=speaker_id, content=content),
    )
    return proposal_id


def edit_proposal(*, proposal_id: UUID, by: UUID, content: ProposalContent) -> list[Recording]:
    return execute(proposal_id, lambda history: decide_edit(history, by=by, content=content))
