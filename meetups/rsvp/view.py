"""POST /meetups/<slug>/rsvp/ and /rsvp/cancel/: with htmx the RSVP panel swaps in
place; without JavaScript the same form posts and redirects with a message.
GET /meetups/<slug>/seats/?seen=...: the panel's poll (see panel.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from meetups import events as e
from meetups.read_models import get_meetup
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.rsvp.panel import panel_context, state_of
from membership.read_models import member_stream
from web.htmx import wants_fragment
from web.refusals import Answer, respond

PANEL = "meetups/rsvp/panel.html"


def panel_answer(request: HttpRequest, slug: str) -> Answer:
    def answer(level: int, text: str) -> HttpResponse:
        if wants_fragment(request):
            context = panel_context(request, get_meetup(slug)) | {"panel_message": text, "panel_level": level}
            return render(request, PANEL, context)
        messages.add_message(request, level, text)
        return redirect("meetup-detail", slug=slug)

    return answer


def _rsvp_done(recorded) -> str:
    event = recorded[0].domain_event
    if isinstance(event, e.RsvpWaitlisted):
        return f"The meetup is full: you are #{event.position} on the waitlist. We'll email you if a seat frees up."
    return "You're going! See you there."


@require_POST
@login_required
def rsvp_view(request: HttpRequest, slug: str) -> HttpResponse:
    get_meetup(slug)  # 404 for an unknown meetup
    me = member_stream(request.user.pk)
    return respond(lambda: rsvp(slug=slug, member_id=me, now=timezone.now()), answer=panel_answer(request, slug), done=_rsvp_done)


@require_POST
@login_required
def cancel_rsvp_view(request: HttpRequest, slug: str) -> HttpResponse:
    get_meetup(slug)
    me = member_stream(request.user.pk)
    return respond(
        lambda: cancel_rsvp(slug=slug, member_id=me, now=timezone.now()),
        answer=panel_answer(request, slug),
        done="Your RSVP is cancelled.",
    )


@require_GET
def seats(request: HttpRequest, slug: str) -> HttpResponse:
    """The poll: 204 when nothing the panel shows has changed since `seen`; else the new
    counts (and the button's label, out of band). When the panel's state changed (my RSVP
    from another tab, the meetup cancelled or started), the whole panel: its buttons changed."""
    context = panel_context(request, get_meetup(slug))
    seen = request.GET.get("seen", "")
    if seen == context["seen"]:
        return HttpResponse(status=204)
    if state_of(seen) != state_of(context["seen"]):
        response = render(request, PANEL, context)
        response["HX-Retarget"] = "#rsvp-panel"
        response["HX-Reswap"] = "outerHTML"
        return response
    return render(request, "meetups/rsvp/seats_changed.html", context)
