"""POST /meetups/<slug>/roster/check-in/: at the door, an organiser checks a member in
(attended=yes) or undoes it, from the roster page on a phone. Organisers only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetups.checkin.command import check_in
from meetups.roster.actions import roster_action
from membership.access import organiser_only


@require_POST
@organiser_only
def check_in_view(request: HttpRequest, slug: str) -> HttpResponse:
    attended = request.POST.get("attended") == "yes"
    return roster_action(
        request, slug,
        lambda member_id, by: check_in(slug=slug, member_id=member_id, attended=attended, by=by, now=timezone.now()),
        "Checked in." if attended else "Check-in undone.",
    )
