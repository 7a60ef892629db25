"""/meetups/<slug>/: the meetup page, composed of the meetup and its RSVP panel (the
meetups app) and its agenda (the talks app)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import get_meetup
from meetups.rsvp.panel import panel_context
from talks.read_models import agendas_of
from web.htmx import wants_fragment


def meetup_page(request: HttpRequest, slug: str) -> HttpResponse:
    """With htmx, only the RSVP panel (pages opened before the panel polled its own
    seats/ address still ask the page for it); a history restore gets the whole page."""
    meetup = get_meetup(slug)
    context = panel_context(request, meetup)
    if wants_fragment(request):
        return render(request, "meetups/rsvp/panel.html", context)
    agenda = agendas_of([meetup.stream_id])[meetup.stream_id]
    return render(request, "community/meetup_page/page.html", context | {"agenda": agenda})
