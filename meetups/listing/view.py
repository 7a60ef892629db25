"""/meetups/ (upcoming and past meetups) and the iCalendar feeds (/calendar.ics, one
meetup's .ics). The meetup page itself composes several apps: community/meetup_page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from meetups.listing.calendar import to_ical
from meetups.listing.projection import MeetupListing
from meetups.read_models import calendar_meetups, get_meetup, mark_my_rsvps, past_meetups, upcoming_meetups
from membership.read_models import member_stream

PAST_PER_PAGE = 12


def meetup_list(request: HttpRequest) -> HttpResponse:
    """Upcoming meetups (all, on the first page), then past ones by year, newest first, a
    page of PAST_PER_PAGE at a time (?page=N; past the last page or not a number: 404)."""
    paginator = Paginator(past_meetups(), PAST_PER_PAGE, allow_empty_first_page=True)
    number = request.GET.get("page", "1")
    if not number.isascii() or not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404("No such page.")
    page = paginator.page(int(number))
    upcoming = upcoming_meetups() if page.number == 1 else []
    past = list(page.object_list)
    me = member_stream(request.user.pk) if request.user.is_authenticated else None
    mark_my_rsvps(me, upcoming + past)
    years: dict[int, list[MeetupListing]] = {}
    for meetup in past:  # by the year in the group's time zone, not UTC's
        years.setdefault(timezone.localtime(meetup.starts_at).year, []).append(meetup)
    return render(
        request, "meetups/listing/meetup_list.html",
        {"upcoming_meetups": upcoming, "past_years": list(years.items()), "page": page},
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
