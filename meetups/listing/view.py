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
from meetups.read_models import (
    calendar_meetups,
    get_meetup,
    mark_my_rsvps,
    meetup_stream,
    next_change,
    past_meetups,
    upcoming_meetups,
)
from membership.read_models import member_stream
from web.prepared import anonymous, app_tag, everyone, prepared, stream_tag

PAST_PER_PAGE = 12


def all_meetups(**kwargs) -> list[str]:
    return [app_tag("meetups"), app_tag("membership"), app_tag("community")]


def one_meetup(slug: str) -> list[str]:
    return [stream_tag(meetup_stream(slug))]


# Signed in, the cards say "You're going": the page is one's own (fresh).
@prepared(tags=all_meetups, expires=next_change, variant=anonymous, query=("page",))
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


@prepared(tags=one_meetup, expires=next_change, variant=everyone)
def meetup_ics(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    return _ics(request, [meetup], f"{meetup.slug}.ics")


@prepared(tags=all_meetups, expires=next_change, variant=everyone)
def calendar_ics(request: HttpRequest) -> HttpResponse:
    return _ics(request, calendar_meetups(), "calendar.ics")


def _ics(request: HttpRequest, meetups: list[MeetupListing], filename: str) -> HttpResponse:
    body = to_ical(meetups, base_url=settings.SITE_URL)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
