"""/talks/propose/ and /talks/<id>/edit/: the proposal form. A refusal from the command
(the call for proposals closed meanwhile, the proposal decided meanwhile) is shown as
it is, and what the speaker typed stays in the form."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from eventstore.store import event_store
from talks import errors
from talks.proposal import CFP_STREAM, STATUS_LABELS, UNDECIDED, cfp_is_open
from talks.proposals.access import member_id_of, proposal_for_its_speaker
from talks.propose.command import edit_proposal, submit_proposal
from talks.propose.forms import ProposalForm, upcoming_meetups
from web.refusals import attempt

TEMPLATE = "talks/propose/form.html"


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None, meetups=upcoming_meetups())
    if request.method == "POST" and form.is_valid():
        _, refusal = attempt(lambda: submit_proposal(speaker_id=member_id_of(request), content=form.content()))
        if refusal is None:
            messages.success(
                request,
                f"Thank you! “{form.cleaned_data['title']}” is submitted. We'll email you when the organisers decide.",
            )
            return redirect("my-talks")
        form.add_error(None, refusal)
    cfp_open = cfp_is_open(event_store().load(CFP_STREAM))
    closed_message = "" if cfp_open else errors.CallForProposalsClosed().message
    return render(request, TEMPLATE, {"form": form, "editing": None, "closed_message": closed_message})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """Speakers only (403/404 otherwise: talks.proposals.access); an undecided proposal
    only: a decided one sends the speaker back to their talks with the reason."""
    proposal = proposal_for_its_speaker(request, proposal_id)
    if proposal.status not in UNDECIDED:
        messages.warning(request, errors.AlreadyDecided(STATUS_LABELS[proposal.status]).message)
        return redirect("my-talks")
    meetups = upcoming_meetups(keep=proposal.preferred_meetups)
    if request.method == "POST":
        form = ProposalForm(request.POST, meetups=meetups)
        if form.is_valid():
            recorded, refusal = attempt(
                lambda: edit_proposal(proposal_id=proposal_id, by=member_id_of(request), content=form.content())
            )
            if refusal is None:
                messages.success(request, "Your proposal is saved." if recorded else "Nothing to change.")
                return redirect("my-talks")
            form.add_error(None, refusal)
    else:
        form = ProposalForm(initial=ProposalForm.initial_from(proposal), meetups=meetups)
    return render(request, TEMPLATE, {"form": form, "editing": proposal, "closed_message": ""})
