"""The frab / c3voc schedule exports (talks/frab/export.py), public, no login:

    /schedule/export/schedule.xml          the group: upcoming meetups and their agendas
    /schedule/export/schedule.json         the same, c3voc JSON
    /schedule/export/<slug>/schedule.xml   one meetup (past ones too)
    /schedule/export/<slug>/schedule.json
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from meetups.read_models import MeetupListing, get_meetup
from talks.frab.export import Talk, schedule_of, to_xml
from talks.proposals.projection import TalkProposal
from talks.read_models import next_change as next_talks_change
from talks.schedule.agendas import agendas_of
from web.prepared import app_tag, everyone, prepared


def _schedule(request: HttpRequest, meetups: list[MeetupListing], *, title: str, acronym_text: str) -> dict:
    """Three queries whatever the size: agendas (two), abstracts (one)."""
    base_url = settings.SITE_URL
    agendas = agendas_of(m.stream_id for m in meetups)
    talk_ids = [item.talk_id for agenda in agendas.values() for item in agenda]
    abstracts = dict(TalkProposal.objects.filter(proposal_id__in=talk_ids).values_list("proposal_id", "abstract")) if talk_ids else {}
    pairs = [(m, [Talk(item, abstracts.get(item.talk_id, ""), base_url) for item in agendas[m.stream_id]]) for m in meetups]
    return schedule_of(pairs, title=title, acronym_text=acronym_text, base_url=base_url)


def depends_on(**kwargs) -> list[str]:
    return [app_tag("meetups"), app_tag("talks"), app_tag("membership")]


def next_change(now: datetime) -> datetime | None:
    """A talks page's next change, or the group's next midnight: without meetups the
    export says "today"."""
    tomorrow = datetime.combine(timezone.localdate(now) + timedelta(days=1), time(0), tzinfo=timezone.get_current_timezone())
    return min(m for m in (next_talks_change(now), tomorrow) if m is not None)


def _upcoming() -> list[MeetupListing]:
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now()).order_by("starts_at"))


def _group(request):
    return _schedule(request, _upcoming(), title=f"{settings.SITE_NAME} meetups", acronym_text=settings.SITE_NAME)


def _one(request, slug: str):
    meetup = get_meetup(slug)
    return _schedule(request, [meetup], title=meetup.title, acronym_text=meetup.slug)


def _xml(schedule: dict) -> HttpResponse:
    return HttpResponse(to_xml(schedule), content_type="application/xml; charset=utf-8")


def _json(schedule: dict) -> HttpResponse:
    return HttpResponse(json.dumps(schedule, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8")


@prepared(tags=depends_on, expires=next_change, variant=everyone)
def group_xml(request: HttpRequest) -> HttpResponse:
    return _xml(_group(request))


@prepared(tags=depends_on, expires=next_change, variant=everyone)
def group_json(request: HttpRequest) -> HttpResponse:
    return _json(_group(request))


@prepared(tags=depends_on, expires=next_change, variant=everyone)
def meetup_xml(request: HttpRequest, slug: str) -> HttpResponse:
    return _xml(_one(request, slug))


@prepared(tags=depends_on, expires=next_change, variant=everyone)
def meetup_json(request: HttpRequest, slug: str) -> HttpResponse:
    return _json(_one(request, slug))
