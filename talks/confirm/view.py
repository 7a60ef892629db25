"""POST /talks/<id>/confirm/: a speaker confirms their accepted talk. Who may: see
talks.proposals.access; a refusal of the command comes back as a message."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from talks.confirm.command import confirm_talk
from talks.mine.cards import card_answer
from talks.proposals.access import member_id_of, proposal_for_its_speaker
from web.refusals import respond


@require_POST
@login_required
def confirm(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = proposal_for_its_speaker(request, proposal_id)
    return respond(
        lambda: confirm_talk(proposal_id=proposal_id, by=member_id_of(request)),
        answer=card_answer(request, proposal_id),
        done=lambda recorded: (
            f"Thank you for confirming “{proposal.title}”. See you there!"
            if recorded
            else (messages.INFO, f"“{proposal.title}” was already confirmed.")
        ),
    )
