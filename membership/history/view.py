"""GET /members/<id>/history/: everything that happened to a member's own stream
(joining, profile, organiser rights), as sentences with before/after values. Organisers
only (403 else)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse

from eventstore.history import describe_stream, mentioned_members
from eventstore.store import event_store
from membership import events as e
from membership.access import organiser_only
from membership.history import describe  # noqa: F401  (registers the member describer)
from membership.read_models import names_of
from web.history_page import history_page


@organiser_only
def member_history(request: HttpRequest, member_id: UUID) -> HttpResponse:
    history = event_store().load(member_id)
    if not history or not isinstance(history[0], e.MemberJoined):
        raise Http404("No such member.")
    names = names_of(mentioned_members(history) | {member_id})
    entries = describe_stream(history, names)
    return history_page(request, heading=names.get(member_id, "a former member"), entries=entries)
