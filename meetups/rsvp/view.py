"""POST /meetups/<slug>/rsvp/ and /rsvp/cancel/: with htmx the RSVP panel swaps in
place; without JavaScript the same form posts and redirects with a message.
GET /meetups/<slug>/seats/?seen=...: the panel's poll (see panel.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meetups import events as e
from meetups.read_models import get_meetup
from meetups.rsvp.command import cancel_rsvp, rsvp, show_on_going_list
from meetups.rsvp.panel import panel_context, state_of
from membership.read_models import member_stream
from web.htmx import wants_fragment
from web.refusals import Answer, redirect_with_message, respond

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
    shown = request.POST.get("off_going_list") != "yes"
    return respond(
        lambda: rsvp(slug=slug, member_id=me, now=timezone.now(), on_going_list=shown),
        answer=panel_answer(request, slug), done=_rsvp_done,
    )


@require_POST
@login_required
def going_list_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Show or hide me on the who's-going list (shown=yes|no)."""
    get_meetup(slug)
    me = member_stream(request.user.pk)
    shown = request.POST.get("shown") == "yes"
    return respond(
        lambda: show_on_going_list(slug=slug, member_id=me, shown=shown),
        answer=redirect_with_message(request, reverse("meetup-detail", args=[slug]) + "#whos-going"),
        done="Your name is on the list." if shown else "Your name is off the list; you still have your place.",
    )


@require_http_methods(["GET", "POST"])
@login_required
def cancel_rsvp_view(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the confirm step (without JavaScript), saying what is lost; POST: cancel."""
    meetup = get_meetup(slug)
    me = member_stream(request.user.pk)
    if request.method == "GET":
        context = panel_context(request, meetup)
        if context["entry"] is None:
            messages.info(request, "You have no RSVP to cancel.")
            return redirect("meetup-detail", slug=slug)
        return render(request, "meetups/rsvp/confirm_cancel.html", context)
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
