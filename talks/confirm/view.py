"""POST /talks/<id>/confirm/: a speaker confirms their accepted talk. Who may: see
talks.proposals.access; a refusal of the command comes back as a message."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from talks.confirm.command import confirm_talk
from talks.mine.page import respond
from talks.proposals.access import member_id_of, proposal_for_its_speaker


@require_POST
@login_required
def confirm(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = proposal_for_its_speaker(request, proposal_id)
    try:
        recorded = confirm_talk(proposal_id=proposal_id, by=member_id_of(request))
    except CommandRefused as refusal:
        return respond(request, proposal_id, messages.WARNING, refusal.message)
    if not recorded:
        return respond(request, proposal_id, messages.INFO, f"“{proposal.title}” was already confirmed.")
    return respond(request, proposal_id, messages.SUCCESS, f"Thank you for confirming “{proposal.title}”. See you there!")
