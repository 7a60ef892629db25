"""POST /talks/<id>/withdraw/: a speaker withdraws their proposal (a scheduled talk
leaves its meetup's agenda too). Who may: see talks.proposals.access; a refusal of the
command comes back as a message."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from meetups.read_models import slug_of
from talks.mine.cards import card_answer
from talks.mine.cards import respond as card
from talks.proposals.access import member_id_of, proposal_for_its_speaker
from talks.withdraw.command import withdraw_proposal
from talks.withdraw.forms import WithdrawForm
from web.refusals import respond


@require_POST
@login_required
def withdraw(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = proposal_for_its_speaker(request, proposal_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return card(request, proposal_id, messages.WARNING, "", bound={"withdraw": form})
    return respond(
        lambda: withdraw_proposal(
            proposal_id=proposal_id, by=member_id_of(request), reason=form.cleaned_data["reason"],
            scheduled_at=slug_of(proposal.meetup_id),
        ),
        answer=card_answer(request, proposal_id),
        done=f"“{proposal.title}” is withdrawn; the organisers will be told.",
    )
