"""The public schedule: upcoming meetups with their agendas as a page (/schedule/), as
JSON (/schedule.json) and the changes to it as an Atom feed (/schedule/feed/).

Schedule JSON (GET /schedule.json, no login, `Content-Type: application/json`)::

    {"meetups": [                       upcoming meetups (not ended yet), soonest first
      {"slug", "title",
       "starts_at", "ends_at",          ISO 8601 to the second, with the group's UTC offset
       "venue",                         "name, address"
       "url",                           the meetup page (absolute)
       "cancelled",                     true when the meetup is cancelled
       "agenda": [                      in time order; [] until talks are scheduled
         {"talk_id", "title",
          "starts_at", "minutes",       the slot
          "format", "level",            e.g. "talk" / "beginner" (keys of talks.proposal.FORMATS, LEVELS)
          "speakers": [{"member_id", "name", "url"}],   main speaker first
          "url"}]}]}                    the talk page (absolute)
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from eventstore.store import event_store
from meetups.read_models import MeetupListing
from talks.proposals.projection import TalkProposal
from talks.read_models import next_change
from talks.schedule.agendas import AgendaItem, agendas_of
from talks.schedule.as_of import schedule_as_of
from talks.schedule.changes import (
    FEED_EVENTS,
    MeetupRef,
    ScheduleChange,
    schedule_changes,
)
from web.as_of import BadMoment, parse_as_of, picker_value
from web.prepared import app_tag, by_kind, everyone, prepared
from web.site_url import absolute

FEED_LENGTH = 50


def upcoming_with_agendas() -> list[tuple[MeetupListing, list[AgendaItem]]]:
    meetups = list(MeetupListing.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at"))
    agendas = agendas_of(m.stream_id for m in meetups)
    return [(m, agendas[m.stream_id]) for m in meetups]


def depends_on(**kwargs) -> list[str]:
    """Meetups and their agendas, the talks, the speakers' names, the group."""
    return [app_tag("meetups"), app_tag("talks"), app_tag("membership"), app_tag("community")]


# ?as_of= (organisers) is never prepared: only pages without a query are.
@prepared(tags=depends_on, expires=next_change, variant=by_kind)
def schedule_page(request: HttpRequest) -> HttpResponse:
    """Organisers may ask for `?as_of=<moment>`: the schedule as it was then, folded from
    the events (talks/schedule/as_of.py); anyone else asking is answered 403. A moment
    that is not one is a message above today's schedule (400)."""
    raw = request.GET.get("as_of")
    context: dict = {"as_of": None, "as_of_value": "", "as_of_error": "", "may_look_back": request.user.is_staff}
    if raw is not None and not request.user.is_staff:
        raise PermissionDenied("Only organisers can see the schedule as it was.")
    try:
        as_of = parse_as_of(raw)
    except BadMoment as bad:
        context["as_of_error"] = bad.message
    else:
        if as_of is not None:
            context |= {"as_of": as_of, "as_of_value": picker_value(as_of)}
            return render(request, "talks/schedule/schedule.html", {**context, "schedule": schedule_as_of(as_of)})
    status = 400 if context["as_of_error"] else 200
    return render(request, "talks/schedule/schedule.html", {**context, "schedule": upcoming_with_agendas()}, status=status)


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


@prepared(tags=depends_on, expires=next_change, variant=everyone)
def schedule_json(request: HttpRequest) -> JsonResponse:
    url = absolute  # SITE_URL + path: the same links whichever Host the request named
    meetups = [
        {
            "slug": meetup.slug,
            "title": meetup.title,
            "starts_at": _iso(meetup.starts_at),
            "ends_at": _iso(meetup.ends_at),
            "venue": ", ".join(part for part in (meetup.venue_name, meetup.venue_address) if part),
            "url": url(f"/meetups/{meetup.slug}/"),
            "cancelled": meetup.cancelled,
            "agenda": [
                {
                    "talk_id": str(item.talk_id),
                    "title": item.title,
                    "starts_at": _iso(item.starts_at),
                    "minutes": item.minutes,
                    "format": item.format,
                    "level": item.level,
                    "speakers": [
                        {"member_id": str(s.member_id), "name": s.name, "url": url(s.url)} for s in item.speakers
                    ],
                    "url": url(item.url),
                }
                for item in agenda
            ],
        }
        for meetup, agenda in upcoming_with_agendas()
    ]
    return JsonResponse({"meetups": meetups}, json_dumps_params={"ensure_ascii": False})


class ScheduleFeed(Feed):
    """Atom: talks added to, moved between and taken off agendas, newest first."""

    feed_type = Atom1Feed
    subtitle = "Talks added to, moved between and taken off the meetups' agendas."
    item_guid_is_permalink = False

    def title(self) -> str:
        return f"{settings.SITE_NAME}: schedule changes"

    # Links start with SITE_URL (Django would put the request's Host in front of a path).
    def link(self) -> str:
        return absolute("/schedule/")

    def feed_url(self) -> str:
        return absolute("/schedule/feed/")

    def items(self) -> list[ScheduleChange]:
        latest = event_store().read_latest(types=FEED_EVENTS, limit=FEED_LENGTH)
        talk_ids = {r.domain_event.talk_id for r in latest if hasattr(r.domain_event, "talk_id")}
        meetup_ids = {r.domain_event.originator_id for r in latest if hasattr(r.domain_event, "talk_id")}
        titles = dict(TalkProposal.objects.filter(proposal_id__in=talk_ids).values_list("proposal_id", "title"))
        meetups = {
            stream_id: MeetupRef(title, slug)
            for stream_id, title, slug in MeetupListing.objects.filter(stream_id__in=meetup_ids).values_list("stream_id", "title", "slug")
        }
        return schedule_changes(latest, talk_titles=titles, meetups=meetups)

    def item_title(self, item: ScheduleChange) -> str:
        return item.title  # printable: schedule_changes() drops control characters, which XML cannot hold

    def item_description(self, item: ScheduleChange) -> str:
        return item.summary

    def item_link(self, item: ScheduleChange) -> str:
        return absolute(item.url)

    def item_guid(self, item: ScheduleChange) -> str:
        # Notification ids never change and are never reused: a stable, unique entry id.
        host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
        return f"tag:{host},2026:schedule-change:{item.notification_id}"

    def item_pubdate(self, item: ScheduleChange):
        return item.when

    def item_updateddate(self, item: ScheduleChange):
        return item.when


schedule_feed = prepared(tags=depends_on, expires=next_change, variant=everyone)(ScheduleFeed())
