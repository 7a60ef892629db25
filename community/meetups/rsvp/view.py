"""POST /meetups/<slug>/rsvp/ and /rsvp/cancel/: with htmx the RSVP panel swaps in
place; without JavaScript the same form posts and redirects with a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from community.meetups import events as e
from community.meetups.listing.view import DETAIL, get_meetup, panel_context
from community.meetups.rsvp.command import cancel_rsvp, rsvp
from membership.streams import member_stream


def _respond(request: HttpRequest, slug: str, level: int, text: str) -> HttpResponse:
    if request.htmx:
        meetup = get_meetup(slug)
        context = panel_context(request, meetup) | {"panel_message": text, "panel_level": level}
        return render(request, DETAIL + "#rsvp-panel", context)
    messages.add_message(request, level, text)
    return redirect("meetup-detail", slug=slug)


@require_POST
@login_required
def rsvp_view(request: HttpRequest, slug: str) -> HttpResponse:
    get_meetup(slug)  # 404 for an unknown meetup
    try:
        recorded = rsvp(slug=slug, member_id=member_stream(request.user.pk), now=timezone.now())
    except CommandRefused as refusal:
        return _respond(request, slug, messages.WARNING, refusal.message)
    event = recorded[0].event
    if isinstance(event, e.RsvpWaitlisted):
        text = f"The meetup is full: you are #{event.position} on the waitlist. We'll email you if a seat frees up."
    else:
        text = "You're going! See you there."
    return _respond(request, slug, messages.SUCCESS, text)


@require_POST
@login_required
def cancel_rsvp_view(request: HttpRequest, slug: str) -> HttpResponse:
    get_meetup(slug)
    try:
        cancel_rsvp(slug=slug, member_id=member_stream(request.user.pk), now=timezone.now())
    except CommandRefused as refusal:
        return _respond(request, slug, messages.WARNING, refusal.message)
    return _respond(request, slug, messages.SUCCESS, "Your RSVP is cancelled.")
