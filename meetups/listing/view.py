"""/meetups/ (upcoming and past meetups) and the iCalendar feeds (/calendar.ics, one
meetup's .ics). The meetup page itself composes several apps: community/meetup_page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.listing.calendar import to_ical
from meetups.listing.projection import MeetupListing
from meetups.read_models import (
    calendar_meetups,
    get_meetup,
    past_meetups,
    upcoming_meetups,
)


def meetup_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "meetups/listing/meetup_list.html", {"upcoming_meetups": upcoming_meetups(), "past_meetups": past_meetups()}
    )


def meetup_ics(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    return _ics(request, [meetup], f"{meetup.slug}.ics")


def calendar_ics(request: HttpRequest) -> HttpResponse:
    return _ics(request, calendar_meetups(), "calendar.ics")


def _ics(request: HttpRequest, meetups: list[MeetupListing], filename: str) -> HttpResponse:
    body = to_ical(meetups, base_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
