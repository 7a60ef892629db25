"""POST /talks/review/<id>/history/undo/ (version=<n>): an organiser undoes their own
recent decision on a proposal, from its History page; a refusal is a message there.
Organisers only."""

from __future__ import annotations

import re
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from membership.access import organiser_only
from membership.read_models import member_stream
from talks.proposals.access import get_proposal
from talks.undo.command import undo_decision
from web.refusals import redirect_with_message, respond


@require_POST
@organiser_only
def undo_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    get_proposal(proposal_id)
    raw = request.POST.get("version", "")
    version = int(raw) if re.fullmatch(r"[0-9]{1,9}", raw) else 0  # ASCII digits only
    return respond(
        lambda: undo_decision(proposal_id=proposal_id, version=version, by=member_stream(request.user.pk), now=timezone.now()),
        answer=redirect_with_message(request, reverse("talks-review-history", args=[proposal_id])),
        done="Decision undone: the speakers will be sent a correction. The history shows both.",
    )
