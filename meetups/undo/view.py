"""POST /meetups/<slug>/history/undo/ (version=<n>): an organiser undoes their own recent
change, from the meetup's History page; a refusal is a message there. Organisers only."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from meetups.read_models import get_meetup
from meetups.undo.command import undo_change
from meetups.undo.decision import WHAT
from membership.access import organiser_only
from membership.read_models import member_stream
from web.refusals import redirect_with_message, respond


@require_POST
@organiser_only
def undo_view(request: HttpRequest, slug: str) -> HttpResponse:
    get_meetup(slug)
    raw = request.POST.get("version", "")
    # ASCII digits only (int() would take "٣" or "1_0"); anything else names no change.
    version = int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else 0

    def done(recorded) -> str:
        kind = WHAT.get(recorded[0].domain_event.undone_kind, "change") if recorded else "change"
        return f"Undone: the {kind} (#{version}). The history shows both."

    return respond(
        lambda: undo_change(slug=slug, version=version, by=member_stream(request.user.pk), now=timezone.now()),
        answer=redirect_with_message(request, reverse("meetup-history", args=[slug])),
        done=done,
    )
