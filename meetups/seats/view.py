"""POST /meetups/<slug>/roster/promote/ and /remove/: organisers give a waitlisted member
a seat by hand, or remove an RSVP with a reason, from the roster page. Organisers only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from meetups.roster.actions import roster_action
from meetups.seats.command import promote_by_hand, remove_rsvp
from membership.access import organiser_only


@require_POST
@organiser_only
def promote_view(request: HttpRequest, slug: str) -> HttpResponse:
    return roster_action(
        request, slug,
        lambda member_id, by: promote_by_hand(slug=slug, member_id=member_id, by=by),
        "Promoted: they have a seat now and will be emailed.",
    )


@require_POST
@organiser_only
def remove_view(request: HttpRequest, slug: str) -> HttpResponse:
    reason = request.POST.get("reason", "")[:300]
    return roster_action(
        request, slug,
        lambda member_id, by: remove_rsvp(slug=slug, member_id=member_id, reason=reason, by=by),
        "RSVP removed.",
    )
