"""Resources (slides, video, code, article, other) on a talk, and its tags. Speakers and
organisers manage resources; organisers tag. Every change is a command; a refusal (a
non-http link, someone else's talk) is a message, never a 500."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from membership.streams import member_stream
from talks.proposals.projection import TalkProposal
from talks.resources.command import ResourceInput, attach_resource, change_resource, remove_resource, tag_talk


def _talk(talk_id: UUID) -> TalkProposal:
    talk = TalkProposal.objects.filter(proposal_id=talk_id).first()
    if talk is None:
        raise Http404("No such talk.")
    return talk


def _done(request: HttpRequest, talk_id: UUID, text: str, ok: bool = True) -> HttpResponse:
    messages.add_message(request, messages.SUCCESS if ok else messages.ERROR, text)
    return redirect(f"/talks/{talk_id}/#resources")


def _resource(request: HttpRequest) -> ResourceInput:
    post = request.POST
    return ResourceInput(post.get("title", "")[:500], post.get("url", "")[:1000], post.get("kind", ""))


@require_POST
@login_required
def attach(request: HttpRequest, talk_id: UUID) -> HttpResponse:
    _talk(talk_id)
    try:
        attach_resource(talk_id=talk_id, resource=_resource(request), by=member_stream(request.user.pk), is_organiser=request.user.is_staff)
    except CommandRefused as refusal:
        return _done(request, talk_id, refusal.message, ok=False)
    return _done(request, talk_id, "Resource added.")


@require_POST
@login_required
def change(request: HttpRequest, talk_id: UUID, resource_id: UUID) -> HttpResponse:
    _talk(talk_id)
    try:
        change_resource(
            talk_id=talk_id, resource_id=resource_id, resource=_resource(request), by=member_stream(request.user.pk),
            is_organiser=request.user.is_staff,
        )
    except CommandRefused as refusal:
        return _done(request, talk_id, refusal.message, ok=False)
    return _done(request, talk_id, "Resource saved.")


@require_POST
@login_required
def remove(request: HttpRequest, talk_id: UUID, resource_id: UUID) -> HttpResponse:
    _talk(talk_id)
    try:
        remove_resource(talk_id=talk_id, resource_id=resource_id, by=member_stream(request.user.pk), is_organiser=request.user.is_staff)
    except CommandRefused as refusal:
        return _done(request, talk_id, refusal.message, ok=False)
    return _done(request, talk_id, "Resource removed.")


@require_POST
@login_required
def tags(request: HttpRequest, talk_id: UUID) -> HttpResponse:
    _talk(talk_id)
    if not request.user.is_staff:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("Only organisers tag talks.")
    raw = request.POST.get("tags", "")[:1000].replace(",", " ").split()
    try:
        tag_talk(talk_id=talk_id, tags=raw, by=member_stream(request.user.pk))
    except CommandRefused as refusal:
        return _done(request, talk_id, refusal.message, ok=False)
    return _done(request, talk_id, "Tags saved.")
