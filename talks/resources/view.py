"""Resources (slides, video, code, article, other) on a talk, and its tags. Speakers and
organisers manage resources; organisers tag. Every change is a command; a refusal (a
non-http link, a control character in a title, someone else's talk) is a message, never
a 500: the commands' rules check the text as it was typed (cut to a sane length)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from membership.read_models import member_stream
from talks.proposals.projection import TalkProposal
from talks.resources.command import ResourceInput, attach_resource, change_resource, remove_resource, tag_talk
from web.refusals import respond
from web.text import text_problem


def _talk(talk_id: UUID) -> TalkProposal:
    talk = TalkProposal.objects.filter(proposal_id=talk_id).first()
    if talk is None:
        raise Http404("No such talk.")
    return talk


def _answer(request: HttpRequest, talk_id: UUID):
    """Back to the talk's resources, with the message (a refusal as an error)."""

    def answer(level: int, text: str) -> HttpResponse:
        messages.add_message(request, messages.SUCCESS if level == messages.SUCCESS else messages.ERROR, text)
        return redirect(f"/talks/{talk_id}/#resources")

    return answer


def _resource(request: HttpRequest) -> ResourceInput:
    post = request.POST
    return ResourceInput(post.get("title", "")[:500], post.get("url", "")[:1000], post.get("kind", ""))


@require_POST
@login_required
def attach(request: HttpRequest, talk_id: UUID) -> HttpResponse:
    _talk(talk_id)
    return respond(
        lambda: attach_resource(
            talk_id=talk_id, resource=_resource(request), by=member_stream(request.user.pk), is_organiser=request.user.is_staff
        ),
        answer=_answer(request, talk_id),
        done="Resource added.",
    )


@require_POST
@login_required
def change(request: HttpRequest, talk_id: UUID, resource_id: UUID) -> HttpResponse:
    _talk(talk_id)
    return respond(
        lambda: change_resource(
            talk_id=talk_id, resource_id=resource_id, resource=_resource(request), by=member_stream(request.user.pk),
            is_organiser=request.user.is_staff,
        ),
        answer=_answer(request, talk_id),
        done="Resource saved.",
    )


@require_POST
@login_required
def remove(request: HttpRequest, talk_id: UUID, resource_id: UUID) -> HttpResponse:
    _talk(talk_id)
    return respond(
        lambda: remove_resource(
            talk_id=talk_id, resource_id=resource_id, by=member_stream(request.user.pk), is_organiser=request.user.is_staff
        ),
        answer=_answer(request, talk_id),
        done="Resource removed.",
    )


@require_POST
@login_required
def tags(request: HttpRequest, talk_id: UUID) -> HttpResponse:
    _talk(talk_id)
    if not request.user.is_staff:
        raise PermissionDenied("Only organisers tag talks.")
    typed = request.POST.get("tags", "")[:1000]
    # Checked before splitting, which would take a tab or a line break for a separator.
    if problem := text_problem(typed, what="The tag list", multiline=False):
        return _answer(request, talk_id)(messages.ERROR, problem)
    raw = typed.replace(",", " ").split()
    return respond(
        lambda: tag_talk(talk_id=talk_id, tags=raw, by=member_stream(request.user.pk)),
        answer=_answer(request, talk_id),
        done="Tags saved.",
    )
