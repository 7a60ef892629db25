"""The organisers' review pages: every proposal by status with its review statistics,
one proposal with everything about it (notes to the organisers, all reviews), and the
forms that send the review, decision and call-for-proposals commands. Organisers only
(403 for members, log in for visitors). A refused command comes back as a message.

Reviews are never shown to a proposal's own speakers, even when a speaker is an
organiser: their own proposals show no scores here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlencode
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from eventstore.store import event_store
from meetups.read_models import MeetupListing, slug_of
from membership.access import organiser_only
from membership.read_models import Member, member_stream
from talks.agenda.panel import agenda_panel
from talks.proposal import ACCEPTED, CFP_STREAM, CONFIRMED, DECLINED, KEPT, SUBMITTED, WITHDRAWN, cfp_is_open
from talks.proposals.access import get_proposal
from talks.proposals.projection import TalkProposal
from talks.review.command import ALLOWED_FROM, decide_on_proposal, review_proposal, set_call_for_proposals
from web.htmx import wants_fragment
from web.refusals import redirect_with_message, respond
from web.text import with_line_feeds

DETAIL = "talks/review/detail.html"
GROUPS = {
    SUBMITTED: "Submitted",
    KEPT: "Kept for later",
    ACCEPTED: "Accepted, waiting for the speakers to confirm",
    CONFIRMED: "Confirmed",
    DECLINED: "Declined",
    WITHDRAWN: "Withdrawn",
}
DECISION_LABELS = {"accept": "Accept", "keep": "Keep for later", "decline": "Decline"}
DECIDED = {
    "accept": "Accepted. The speakers will be emailed your message.",
    "keep": "Kept for later. The speakers will be emailed your message.",
    "decline": "Declined. The speakers will be emailed your message.",
}
LIST_FIELDS = [
    "proposal_id", "title", "format", "level", "status", "speaker_ids", "reviews", "review_count", "score_mean",
    "score_median", "submitted_at",
]
ORDERS = {"newest": ["-submitted_at"], "score": ["-score_mean", "-submitted_at"]}


def member_names(member_ids: Iterable[str | UUID]) -> dict[str, str]:
    ids = {UUID(str(m)) for m in member_ids}
    if not ids:
        return {}
    return {str(k): v for k, v in Member.objects.filter(member_id__in=ids).values_list("member_id", "display_name")}


def _me(request: HttpRequest) -> UUID:
    return member_stream(request.user.pk)


PER_PAGE = 25
WHEN = {"upcoming": "Not given yet", "all": "All, given talks too"}


@organiser_only
def review_list(request: HttpRequest) -> HttpResponse:
    """?when=upcoming (the default) leaves out talks already given (their slot started);
    ?q= keeps proposals whose title or a speaker's name holds every word; ?status= one
    group; ?order=; ?page=N, PER_PAGE at a time (past the last page: 404)."""
    status = request.GET.get("status", "")
    status = status if status in GROUPS else ""
    order = request.GET.get("order", "newest")
    order = order if order in ORDERS else "newest"
    when = request.GET.get("when", "upcoming")
    when = when if when in WHEN else "upcoming"
    q = " ".join(request.GET.get("q", "")[:100].split())
    rows = list(TalkProposal.objects.only(*LIST_FIELDS, "slot_starts_at").order_by(*ORDERS[order]))
    names = member_names(m for row in rows for m in row.speaker_ids)
    now = timezone.now()
    if when == "upcoming":
        rows = [r for r in rows if r.slot_starts_at is None or r.slot_starts_at > now]
    for row in rows:
        row.speakers = [(m, names.get(m, "A member")) for m in row.speaker_ids]
    if words := q.casefold().split():
        rows = [r for r in rows if all(w in " ".join([r.title, *(n for _, n in r.speakers)]).casefold() for w in words)]
    counts = Counter(r.status for r in rows)
    if status:
        rows = [r for r in rows if r.status == status]
    paginator = Paginator(rows, PER_PAGE, allow_empty_first_page=True)
    number = request.GET.get("page", "1")
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("No such page.")
    page = paginator.page(int(number))
    me = str(_me(request))
    for row in page.object_list:
        row.is_mine = me in row.speaker_ids
        row.my_score = None if row.is_mine else (row.reviews.get(me) or [None])[0]
    groups = [
        {"status": key, "heading": heading, "proposals": [r for r in page.object_list if r.status == key]}
        for key, heading in GROUPS.items()
        if not status or key == status
    ]
    keep = {k: v for k, v in (("q", q), ("when", when if when != "upcoming" else ""), ("order", order)) if v}
    return render(request, "talks/review/list.html", {
        "groups": groups,
        "filters": [(key, heading, counts.get(key, 0)) for key, heading in GROUPS.items()],
        "total": sum(counts.values()),
        "status": status,
        "order": order,
        "when": when,
        "whens": WHEN,
        "q": q,
        "page": page,
        "keep": urlencode(keep),
        "keep_status": urlencode(keep | ({"status": status} if status else {})),
        "cfp_open": cfp_is_open(event_store().load(CFP_STREAM)),
    })


@require_http_methods(["GET", "POST"])
@organiser_only
def call_for_proposals_view(request: HttpRequest) -> HttpResponse:
    """GET: the confirm step before closing the call (what closing means); POST: open or
    close it."""
    if request.method == "GET":
        submitted = TalkProposal.objects.filter(status=SUBMITTED).count()
        return render(request, "talks/review/confirm_close.html", {
            "cfp_open": cfp_is_open(event_store().load(CFP_STREAM)), "submitted": submitted,
        })
    open_it = request.POST.get("state") == "open"
    return respond(
        lambda: set_call_for_proposals(open_it=open_it, by=str(_me(request))),
        answer=redirect_with_message(request, "talks-review"),
        done="The call for proposals is open." if open_it else "The call for proposals is closed.",
    )


def detail_context(request: HttpRequest, proposal: TalkProposal) -> dict:
    me = str(_me(request))
    names = member_names([*proposal.speaker_ids, *proposal.invited_ids, *proposal.reviews])
    is_mine = me in proposal.speaker_ids
    reviews = [] if is_mine else sorted(
        ({"name": names.get(k, "An organiser"), "score": s, "comment": c, "mine": k == me} for k, (s, c) in proposal.reviews.items()),
        key=lambda r: (not r["mine"], r["name"]),
    )
    my_review = None if is_mine else proposal.reviews.get(me)
    preferred = {m.slug: m for m in MeetupListing.objects.filter(slug__in=proposal.preferred_meetups)}
    return {
        "proposal": proposal,
        "speakers": [(m, names.get(m, "A member")) for m in proposal.speaker_ids],
        "invited": [(m, names.get(m, "A member")) for m in proposal.invited_ids],
        "preferred": [preferred.get(slug) or slug for slug in proposal.preferred_meetups],
        "is_mine": is_mine,
        "reviews": reviews,
        "my_score": my_review[0] if my_review else None,
        "my_comment": my_review[1] if my_review else "",
        "can_review": not is_mine and proposal.status != WITHDRAWN,
        "decisions": [(key, label) for key, label in DECISION_LABELS.items() if proposal.status in ALLOWED_FROM[key]],
        "scores": range(1, 6),
    }


@organiser_only
def review_detail(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """With htmx and `?meetup=<slug>`: only the scheduling panel, with that meetup's
    agenda and the first free time on it (the select of the scheduling form asks)."""
    proposal = get_proposal(proposal_id)
    panel = agenda_panel(proposal, chosen_slug=request.GET.get("meetup"))
    if wants_fragment(request):
        return render(request, DETAIL + "#agenda-panel", {"proposal": proposal, **panel})
    return render(request, DETAIL, detail_context(request, proposal) | panel)


@require_POST
@organiser_only
def score_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """The score is taken as the form sends it, in ASCII digits; int() would also take
    "٣" (an Arabic-Indic 3) or "1_0". Anything else is sent as 0, and the decision
    explains the range. The comment is cut at the textarea's length; a
    control character in it (a NUL, which PostgreSQL's jsonb cannot store) is refused by
    the decision with a message, like any refusal."""
    get_proposal(proposal_id)
    raw_score = request.POST.get("score", "").strip()
    score = int(raw_score) if re.fullmatch(r"[0-9]{1,2}", raw_score) else 0
    comment = with_line_feeds(request.POST.get("comment", ""))[:2000]
    return respond(
        lambda: review_proposal(proposal_id=proposal_id, reviewer_id=_me(request), score=score, comment=comment),
        answer=redirect_with_message(request, reverse("talks-review-detail", kwargs={"proposal_id": proposal_id})),
        done=lambda recorded: "Your review is saved." if recorded else "Your review is unchanged.",
    )


@require_POST
@organiser_only
def decide_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = get_proposal(proposal_id)
    decision = request.POST.get("decision", "")
    message = with_line_feeds(request.POST.get("message", ""))[:5000]  # the decision refuses control characters
    return respond(
        lambda: decide_on_proposal(
            proposal_id=proposal_id, decision=decision, message=message, by=_me(request), scheduled_at=slug_of(proposal.meetup_id)
        ),
        answer=redirect_with_message(request, reverse("talks-review-detail", kwargs={"proposal_id": proposal_id})),
        done=lambda _: DECIDED[decision],
    )
