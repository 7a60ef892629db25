"""POST /talks/<id>/withdraw/: a speaker withdraws their proposal (a scheduled talk
leaves its meetup's agenda too). Who may: see talks.proposals.access; a refusal of the
command comes back as a message."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from community.meetups.listing.projection import MeetupListing
from talks.mine.page import respond
from talks.proposals.access import member_id_of, proposal_for_its_speaker
from talks.withdraw.command import withdraw_proposal
from talks.withdraw.forms import WithdrawForm


@require_POST
@login_required
def withdraw(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = proposal_for_its_speaker(request, proposal_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return respond(request, proposal_id, messages.WARNING, "", bound={"withdraw": form})
    scheduled_at = None
    if proposal.meetup_id:
        scheduled_at = MeetupListing.objects.filter(stream_id=proposal.meetup_id).values_list("slug", flat=True).first()
    try:
        withdraw_proposal(proposal_id=proposal_id, by=member_id_of(request), reason=form.cleaned_data["reason"], scheduled_at=scheduled_at)
    except CommandRefused as refusal:
        return respond(request, proposal_id, messages.WARNING, refusal.message)
    return respond(request, proposal_id, messages.SUCCESS, f"“{proposal.title}” is withdrawn; the organisers are told.")
