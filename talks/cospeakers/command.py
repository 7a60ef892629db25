"""Co-speakers: a speaker invites another member; they accept or decline. Accepted
co-speakers edit, confirm and withdraw like the speaker."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.store import Recording, execute
from talks import errors
from talks import events as e
from talks.proposal import DECLINED, WITHDRAWN, Proposal


def decide_invite(history: list[Event], *, by: UUID, member_id: UUID) -> list[Event]:
    """Refused: not a speaker, inviting yourself or someone already on it, and proposals
    that are declined or withdrawn."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if by not in p.speakers:
        raise errors.NotASpeaker
    if p.status in (DECLINED, WITHDRAWN):
        raise errors.WrongStatus(f"This proposal is {p.status}: no co-speakers can join it.")
    if member_id in p.speakers:
        raise errors.InvitationRefused("That member is already a speaker on this proposal.")
    if member_id in p.invited:
        raise errors.InvitationRefused("That member has already been invited.")
    return [e.CoSpeakerInvited(member_id=member_id, invited_by=by)]


def decide_answer(history: list[Event], *, member_id: UUID, accept: bool) -> list[Event]:
    """Only an open invitation; not on a withdrawn proposal; and, as for invitations,
    no one joins a declined proposal (declining the invitation is still fine)."""
    p = Proposal.fold(history)
    if not p.exists:
        raise errors.ProposalNotFound
    if member_id not in p.invited:
        raise errors.InvitationRefused("You have no open invitation to this proposal.")
    if p.status == WITHDRAWN:
        raise errors.ProposalWithdrawn
    if accept and p.status == DECLINED:
        raise errors.WrongStatus(f"This proposal is {p.status}: no co-speakers can join it.")
    return [e.CoSpeakerAccepted(member_id=member_id) if accept else e.CoSpeakerDeclined(member_id=member_id)]


def invite_co_speaker(*, proposal_id: UUID, by: UUID, member_id: UUID) -> list[Recording]:
    return execute(proposal_id, lambda h: decide_invite(h, by=by, member_id=member_id))


def answer_invitation(*, proposal_id: UUID, member_id: UUID, accept: bool) -> list[Recording]:
    return execute(proposal_id, lambda h: decide_answer(h, member_id=member_id, accept=accept))
