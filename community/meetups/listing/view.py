"""Meetup pages: the lists, one meetup (with its RSVP panel), and iCalendar feeds."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from community.meetups.listing.calendar import to_ical
from community.meetups.listing.projection import MeetupListing
from community.meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from membership.streams import member_stream
from talks.schedule.agendas import agendas_of  # the agenda section: talks on this meetup's agenda

DETAIL = "community/meetup_detail.html"


def upcoming() -> list[MeetupListing]:
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at"))


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "community/home.html", {"upcoming_meetups": upcoming()})


def meetup_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    past = MeetupListing.objects.filter(ends_at__lte=now).order_by("-starts_at")
    return render(request, "community/meetup_list.html", {"upcoming_meetups": upcoming(), "past_meetups": past})


def get_meetup(slug: str) -> MeetupListing:
    try:
        return MeetupListing.objects.get(slug=slug)
    except MeetupListing.DoesNotExist:
        raise Http404("No such meetup.") from None


def my_entry(request: HttpRequest, meetup: MeetupListing) -> RosterEntry | None:
    if not request.user.is_authenticated:
        return None
    return RosterEntry.objects.filter(
        meetup_id=meetup.stream_id, member_id=member_stream(request.user.pk), status__in=[GOING, WAITLISTED]
    ).first()


def panel_context(request: HttpRequest, meetup: MeetupListing) -> dict:
    return {"meetup": meetup, "entry": my_entry(request, meetup), "now": timezone.now()}


def meetup_detail(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    if request.htmx:
        return render(request, DETAIL + "#rsvp-panel", panel_context(request, meetup))
    agenda = agendas_of([meetup.stream_id])[meetup.stream_id]
    return render(request, DETAIL, panel_context(request, meetup) | {"agenda": agenda})


def meetup_ics(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    return _ics(request, [meetup], f"{meetup.slug}.ics")


def calendar_ics(request: HttpRequest) -> HttpResponse:
    return _ics(request, upcoming(), "calendar.ics")


def _ics(request: HttpRequest, meetups: list[MeetupListing], filename: str) -> HttpResponse:
    body = to_ical(meetups, base_url=request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
