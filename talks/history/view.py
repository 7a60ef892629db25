"""GET /talks/review/<id>/history/: everything that happened to a proposal, read from
its stream, as sentences with before/after values, and the proposal's state (status,
title, speakers, format, level, reviews) now or, with `?as_of=<moment>`, as it was then,
folded from the events up to that moment. Organisers only (403 else). An organiser who
is one of the proposal's speakers sees no reviews of it, here as on the review page."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import mean, median
from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from eventstore.history import describe_stream, mentioned_members
from eventstore.store import event_store
from membership.access import organiser_only
from membership.read_models import member_stream, names_of
from talks import events as e
from talks.history import describe  # noqa: F401  (registers the proposal describer)
from talks.proposal import FORMATS, LEVELS, STATUS_LABELS, Proposal
from talks.undo.agenda import is_on_an_agenda
from talks.undo.decision import undoable_versions
from web.as_of import BadMoment, parse_as_of, picker_value
from web.history_page import history_page

TEMPLATE = "talks/history/proposal.html"


@dataclass(frozen=True)
class ProposalState:
    title: str
    status_label: str
    speakers: list[str]
    format_label: str
    level_label: str
    review_count: int | None  # None: hidden from this viewer (their own proposal)
    score_mean: float | None
    score_median: float | None


def state_of(proposal: Proposal, names: dict[UUID, str], *, show_reviews: bool) -> ProposalState:
    scores = [score for score, _ in proposal.reviews.values()]
    return ProposalState(
        title=proposal.title,
        status_label=STATUS_LABELS.get(proposal.status, proposal.status),
        speakers=[names.get(m, "a former member") for m in proposal.speakers],
        format_label=FORMATS.get(proposal.format, (proposal.format, 0))[0],
        level_label=LEVELS.get(proposal.level, proposal.level),
        review_count=len(scores) if show_reviews else None,
        score_mean=mean(scores) if scores and show_reviews else None,
        score_median=median(scores) if scores and show_reviews else None,
    )


@organiser_only
def proposal_history(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    history = event_store().load(proposal_id)
    if not history or not isinstance(history[0], e.ProposalSubmitted):
        raise Http404("No such proposal.")
    try:
        as_of, error = parse_as_of(request.GET.get("as_of")), ""
    except BadMoment as bad:
        as_of, error = None, bad.message
    shown = [x for x in history if as_of is None or x.timestamp <= as_of]
    own = member_stream(request.user.pk) in Proposal.fold(history).speakers
    if own:
        shown = [x for x in shown if not isinstance(x, e.ProposalReviewed)]
    names = names_of(mentioned_members(history))
    entries = describe_stream(shown, names)
    if as_of is None:
        me = member_stream(request.user.pk)
        mine = undoable_versions(history, by=me, now=timezone.now(), on_agenda=is_on_an_agenda(proposal_id))
        for entry in entries:
            entry.undo_url = reverse("talks-review-undo", args=[proposal_id]) if entry.version in mine else ""
    title = next(x.title for x in reversed(history) if isinstance(x, e.ProposalSubmitted | e.ProposalEdited))
    extra = {
        "as_of": as_of, "as_of_value": picker_value(as_of), "as_of_error": error,
        "state": state_of(Proposal.fold(shown), names, show_reviews=not own) if shown else None,
    }
    return history_page(
        request, heading=title, entries=entries, back_url=reverse("talks-review-detail", args=[proposal_id]),
        template=TEMPLATE, extra=extra, status=400 if error else 200,
    )
