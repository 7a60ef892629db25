"""Who may see and act on a proposal on the member pages: one rule for every view.

- A proposal's speakers (the member who proposed it and the co-speakers who accepted)
  act on it: edit, withdraw, invite co-speakers, confirm.
- Someone who may know that the proposal exists, but is not one of its speakers, is
  answered 403 Forbidden: anyone, for an accepted or confirmed talk (it has a public
  page); organisers; and members with an open invitation to it.
- Anyone else is answered 404 Not Found, exactly as for an id that does not exist, so a
  private proposal never reveals that it exists.

Notes to the organisers and reviews are shown on none of the member pages, whoever asks.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from membership.read_models import member_stream
from talks.proposals.projection import TalkProposal


def member_id_of(request: HttpRequest) -> UUID | None:
    return member_stream(request.user.pk) if request.user.is_authenticated else None


def is_speaker(proposal: TalkProposal, member_id: UUID | None) -> bool:
    return member_id is not None and str(member_id) in proposal.speaker_ids


def is_invited(proposal: TalkProposal, member_id: UUID | None) -> bool:
    return member_id is not None and str(member_id) in proposal.invited_ids


def may_know_of(proposal: TalkProposal, request: HttpRequest) -> bool:
    member_id = member_id_of(request)
    return (
        proposal.is_public
        or is_speaker(proposal, member_id)
        or is_invited(proposal, member_id)
        or (request.user.is_authenticated and request.user.is_staff)
    )


def get_proposal(proposal_id: UUID) -> TalkProposal:
    try:
        return TalkProposal.objects.get(proposal_id=proposal_id)
    except TalkProposal.DoesNotExist:
        raise Http404("No such proposal.") from None


def proposal_for_its_speaker(request: HttpRequest, proposal_id: UUID) -> TalkProposal:
    """The proposal when the signed-in member is one of its speakers; otherwise 403 or
    404 as the module docstring says."""
    proposal = get_proposal(proposal_id)
    if is_speaker(proposal, member_id_of(request)):
        return proposal
    if may_know_of(proposal, request):
        raise PermissionDenied("Only the proposal's speakers can do that.")
    raise Http404("No such proposal.")
