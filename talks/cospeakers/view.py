"""POST /talks/<id>/invite/ (a speaker invites a member by email) and POST
/talks/<id>/invitation/ (the invited member accepts or declines). Who may: see
talks.proposals.access; refusals of the commands come back as messages."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from eventstore.store import event_store
from talks import events as e
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.cospeakers.forms import InviteForm
from talks.mine.cards import card_answer
from talks.mine.cards import respond as card
from talks.proposals.access import get_proposal, may_know_of, member_id_of, proposal_for_its_speaker
from web.refusals import redirect_with_message, respond


@require_POST
@login_required
def invite(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = proposal_for_its_speaker(request, proposal_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return card(request, proposal_id, messages.WARNING, "", bound={"invite": form})
    invitee = form.cleaned_data["email"]
    return respond(
        lambda: invite_co_speaker(proposal_id=proposal_id, by=member_id_of(request), member_id=invitee.member_id),
        answer=card_answer(request, proposal_id),
        done=f"{invitee.display_name} is invited to co-present “{proposal.title}”; we'll email them.",
    )


def _was_invited(proposal_id: UUID, member_id: UUID) -> bool:
    return any(isinstance(ev, e.CoSpeakerInvited) and ev.member_id == member_id for ev in event_store().load(proposal_id))


@require_POST
@login_required
def answer(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """`answer` is "accept" or "decline". Members who were never invited to a proposal
    they cannot otherwise know of get 404; anyone else gets the command's answer (a
    second click on Decline says there is no open invitation any more)."""
    proposal = get_proposal(proposal_id)
    me = member_id_of(request)
    if not may_know_of(proposal, request) and not _was_invited(proposal_id, me):
        raise Http404("No such proposal.")
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        messages.warning(request, "Please choose Accept or Decline.")
        return redirect("my-talks")
    return respond(
        lambda: answer_invitation(proposal_id=proposal_id, member_id=me, accept=choice == "accept"),
        answer=redirect_with_message(request, "my-talks"),
        done=(
            f"You are now a co-speaker on “{proposal.title}”."
            if choice == "accept"
            else f"You declined the invitation to co-present “{proposal.title}”."
        ),
    )
