"""GET /organisers/audit/: every change on the site, newest first, filterable by actor,
kind of event and date, 50 to a page. Read from the log: the audit index
(eventstore/audit.py) finds the events, and each app's describer says them in sentences
with before/after values. Organisers only (403 else)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time, timedelta
from uuid import UUID

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from eventstore.audit import AuditEntry, AuditProjection
from eventstore.history import Entry, describe_stream, described_kinds, mentioned_members
from eventstore.runner import catch_up_page
from eventstore.store import event_store
from meetups.events import MeetupScheduled
from meetups.history import describe as _meetups  # noqa: F401  (registers the meetup describer)
from membership.access import organiser_only
from membership.events import MemberJoined
from membership.history import describe as _members  # noqa: F401  (registers the member describer)
from membership.read_models import member_stream, names_of
from talks.events import ProposalReviewed, ProposalSubmitted
from talks.history import describe as _talks  # noqa: F401  (registers the proposal describer)
from talks.proposal import Proposal

PER_PAGE = 50
CATCH_UP_PAGES = 5  # of eventstore.consumers.PAGE_SIZE events each
SYSTEM, NOT_RECORDED = "system", "not-recorded"


class AuditFilter(forms.Form):
    actor = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False)
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, actors: dict[UUID, str]):
        super().__init__(data)
        self.fields["actor"].choices = [
            ("", "Anyone"), (SYSTEM, "The system"), (NOT_RECORDED, "Not recorded (older events)"),
            *sorted(((str(k), v) for k, v in actors.items()), key=lambda c: c[1].lower()),
        ]
        self.fields["kind"].choices = [("", "Any kind"), *((k, k) for k in described_kinds())]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError("The first day must not be after the last.")
        return data


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def filtered(form: AuditFilter):
    rows = AuditEntry.objects.order_by("-notification_id")
    if not form.is_valid():
        return rows.none()
    data = form.cleaned_data
    if data["actor"] == SYSTEM:
        rows = rows.filter(actor_kind="system")
    elif data["actor"] == NOT_RECORDED:
        rows = rows.filter(actor_kind="", actor_id__isnull=True)
    elif data["actor"]:
        rows = rows.filter(actor_id=UUID(data["actor"]))
    if data["kind"]:
        rows = rows.filter(kind=data["kind"])
    if data["since"]:
        rows = rows.filter(at__gte=_day_start(data["since"]))
    if data["until"]:
        rows = rows.filter(at__lt=_day_start(data["until"] + timedelta(days=1)))
    return rows


def described(rows: list[AuditEntry], *, viewer: UUID) -> list[Entry]:
    """The page's events, each described with its stream's history up to it (one read
    for all the streams on the page). Reviews of a proposal the viewer speaks at are left
    out, as on the review page."""
    wanted: dict[UUID, set[int]] = defaultdict(set)
    for row in rows:
        wanted[row.stream_id].add(row.version)
    histories = event_store().load_many(wanted)
    names = names_of(set().union(*(mentioned_members(h) for h in histories.values())) if histories else set())
    found: dict[tuple[UUID, int], Entry] = {}
    for stream_id, history in histories.items():
        if history and isinstance(history[0], ProposalSubmitted) and viewer in Proposal.fold(history).speakers:
            history = [x for x in history if not isinstance(x, ProposalReviewed)]
        label, url = _stream_label(history, names)
        for entry in describe_stream(history, names):
            if entry.version in wanted[stream_id]:
                entry.stream_label, entry.stream_url = label, url
                found[(stream_id, entry.version)] = entry
    return [found[(r.stream_id, r.version)] for r in rows if (r.stream_id, r.version) in found]


def _stream_label(history, names) -> tuple[str, str]:
    first = history[0] if history else None
    match first:
        case MeetupScheduled():
            return f"meetup {first.title}", reverse("meetup-history", args=[first.slug])
        case ProposalSubmitted():
            return f"proposal {first.title}", reverse("talks-review-history", args=[first.originator_id])
        case MemberJoined():
            name = names.get(first.originator_id, "a former member")
            return f"member {name}", reverse("member-history", args=[first.originator_id])
    return "", ""


def _catch_up_index() -> bool:
    """Bring the audit index up to date before reading it, a few pages at most (the
    worker does the rest after a long pause, say a first deploy on a big log). Returns
    whether it is up to date."""
    for _ in range(CATCH_UP_PAGES):
        if not catch_up_page(AuditProjection()):
            return True
    return False


@organiser_only
def audit(request: HttpRequest) -> HttpResponse:
    up_to_date = _catch_up_index()
    actor_ids = AuditEntry.objects.exclude(actor_id=None).values_list("actor_id", flat=True).distinct()
    # Always bound: no filter is a valid filter (everything); a hostile value is an error.
    form = AuditFilter(request.GET, actors=names_of(actor_ids))
    page = Paginator(filtered(form), PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form, "page": page, "entries": described(list(page.object_list), viewer=member_stream(request.user.pk)),
        "query": (query.urlencode() + "&") if query else "", "up_to_date": up_to_date,
    }
    return render(request, "community/audit/audit.html", context)
