"""/: the home page: who the group is, the next meetup with its RSVP panel, the others."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import mark_my_rsvps, next_change, upcoming_meetups
from meetups.rsvp.panel import panel_context
from membership.read_models import member_stream
from web.prepared import anonymous, app_tag, prepared
from web.structured import social_meta


def depends_on() -> list[str]:
    """The meetups (cards, the next one's panel), the members (who acted), the group."""
    return [app_tag("meetups"), app_tag("membership"), app_tag("community")]


# Signed in, the page is one's own (my RSVPs on the cards, the panel): fresh.
@prepared(tags=depends_on, expires=next_change, variant=anonymous)
def home(request: HttpRequest) -> HttpResponse:
    """The next meetup is the soonest one not cancelled; it gets the RSVP panel (one tap to
    RSVP, with htmx in place), the others are cards."""
    meetups = upcoming_meetups()
    me = member_stream(request.user.pk) if request.user.is_authenticated else None
    mark_my_rsvps(me, meetups)
    next_meetup = next((m for m in meetups if not m.cancelled), None)
    context = {"upcoming_meetups": [m for m in meetups if m is not next_meetup], "next_meetup": next_meetup}
    if next_meetup is not None:
        context |= panel_context(request, next_meetup)
    base = settings.SITE_URL
    context["head_meta"] = social_meta(  # Open Graph / Twitter card (issue 11)
        title=settings.SITE_NAME, description=f"{settings.SITE_NAME}: meetups, talks and the archive of past talks.",
        url=f"{base}/", image=f"{base}{settings.STATIC_URL}og-image.png", site_name=settings.SITE_NAME,
    )
    return render(request, "community/home/home.html", context)
