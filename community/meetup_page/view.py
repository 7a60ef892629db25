"""/meetups/<slug>/: the meetup page, composed of the meetup and its RSVP panel (the
meetups app), who's going (members only), and its agenda (the talks app)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetups.listing.structured import meetup_event
from meetups.read_models import (
    GOING,
    WAITLISTED,
    RosterEntry,
    get_meetup,
    google_calendar_url,
    meetup_stream,
    outlook_calendar_url,
    whos_going,
)
from meetups.rsvp.panel import panel_context
from membership.read_models import member_stream
from talks.read_models import agendas_of, next_change
from web.htmx import wants_fragment
from web.prepared import app_tag, prepared, stream_tag
from web.structured import head, ld_json, social_meta, summary


def depends_on(slug: str) -> list[str]:
    """The meetup's stream (its facts, RSVPs, agenda), the talks (titles, speakers), the
    members (names in who's going and on the agenda), the group (the footer)."""
    return [stream_tag(meetup_stream(slug)), app_tag("talks"), app_tag("membership"), app_tag("community")]


def my_rsvp_state(request: HttpRequest, kwargs: dict) -> str:
    """Which version of the page this visitor sees: the page is the same for everyone
    with the same RSVP state (going, shown on who's going or not, came; waitlisted at
    position N; not going), signed-in member or organiser. Nothing in it names who asks."""
    user = request.user
    if not user.is_authenticated:
        return "anon"
    kind = "staff" if user.is_staff else "member"
    entry = (
        RosterEntry.objects.filter(
            meetup_id=meetup_stream(kwargs["slug"]), member_id=member_stream(user.pk), status__in=[GOING, WAITLISTED]
        )
        .values_list("status", "waitlist_position", "on_going_list", "attended")
        .first()
    )
    return f"{kind}:" + (":".join(str(part) for part in entry) if entry else "none")


@prepared(tags=depends_on, expires=next_change, variant=my_rsvp_state)
def meetup_page(request: HttpRequest, slug: str) -> HttpResponse:
    """With htmx, only the RSVP panel (pages opened before the panel polled its own
    seats/ address still ask the page for it); a history restore gets the whole page.
    Who's going is for members only (names are not public), and only for a meetup one
    can still go to (not cancelled, not over)."""
    meetup = get_meetup(slug)
    context = panel_context(request, meetup)
    if wants_fragment(request):
        return render(request, "meetups/rsvp/panel.html", context)
    agenda = agendas_of([meetup.stream_id])[meetup.stream_id]
    page_url = settings.SITE_URL + request.path
    going = whos_going(meetup) if request.user.is_authenticated and not meetup.cancelled and not meetup.is_past else None
    return render(request, "community/meetup_page/page.html", context | {
        "agenda": agenda,
        "page_url": page_url,
        "google_calendar_url": google_calendar_url(meetup, page_url=page_url),
        "outlook_calendar_url": outlook_calendar_url(meetup, page_url=page_url),
        "whos_going": going,
        "head_meta": _head(meetup, agenda),
    })


def _head(meetup, agenda) -> str:
    """schema.org Event JSON-LD and the Open Graph / Twitter card tags (issue 11)."""
    base = settings.SITE_URL
    performers = [(s.name, base + s.url) for item in agenda for s in item.speakers]
    when = timezone.localtime(meetup.starts_at).strftime("%d %b %Y")
    return head(
        ld_json(meetup_event(meetup, base_url=base, performers=performers)),
        social_meta(title=meetup.title, description=f"{when}: {summary(meetup.description_html)}",
                    url=f"{base}/meetups/{meetup.slug}/", image=f"{base}{settings.STATIC_URL}og-image.png", kind="website",
                    site_name=settings.SITE_NAME),
    )
