"""GET /talks/review/<id>/history/: everything that happened to a proposal, read from
its stream, as sentences with before/after values. Organisers only (403 else)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from eventstore.history import describe_stream, mentioned_members
from eventstore.store import event_store
from membership.access import organiser_only
from membership.read_models import names_of
from talks import events as e
from talks.history import describe  # noqa: F401  (registers the proposal describer)
from web.history_page import history_page


@organiser_only
def proposal_history(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    history = event_store().load(proposal_id)
    if not history or not isinstance(history[0], e.ProposalSubmitted):
        raise Http404("No such proposal.")
    entries = describe_stream(history, names_of(mentioned_members(history)))
    title = next(x.title for x in reversed(history) if isinstance(x, e.ProposalSubmitted | e.ProposalEdited))
    return history_page(request, heading=title, entries=entries, back_url=reverse("talks-review-detail", args=[proposal_id]))
