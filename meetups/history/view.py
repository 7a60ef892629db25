"""GET /meetups/<slug>/history/: everything that happened to a meetup, read from its
stream, as sentences with before/after values. Organisers only (403 else)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from eventstore.history import describe_stream, mentioned_members
from eventstore.store import event_store
from meetups.history import describe  # noqa: F401  (registers the meetup describer)
from meetups.streams import meetup_stream
from meetups.undo.decision import undoable_versions
from membership.access import organiser_only
from membership.read_models import member_stream, names_of
from web.history_page import history_page


@organiser_only
def meetup_history(request: HttpRequest, slug: str) -> HttpResponse:
    history = event_store().load(meetup_stream(slug))
    if not history:
        raise Http404("No such meetup.")
    entries = describe_stream(history, names_of(mentioned_members(history)))
    mine = undoable_versions(history, by=member_stream(request.user.pk), now=timezone.now())
    undo_url = reverse("meetup-undo", args=[slug])
    for entry in entries:
        entry.undo_url = undo_url if entry.version in mine else ""
    title = next((x.title for x in reversed(history) if hasattr(x, "title") and hasattr(x, "description")), slug)
    return history_page(request, heading=title, entries=entries, back_url=reverse("meetup-roster", args=[slug]))
