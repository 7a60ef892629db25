"""Scheduling from the review page: put an accepted talk on a meetup's agenda, move it
to another meetup (or another time: out of one agenda and into one, both or neither),
or take it out. The agenda's rules (overlaps, the meetup's time, a cancelled meetup)
are the command's; a refusal comes back as its message.
The review page's scheduling panel: talks/agenda/panel.py."""

from __future__ import annotations

import re
from datetime import datetime
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_http_methods, require_POST

from meetups.read_models import MeetupListing
from membership.access import organiser_only
from membership.read_models import member_stream
from talks.agenda.command import MAX_MINUTES, move_talk, schedule_talk
from talks.meetup_agenda import take_out_talk
from talks.proposals.access import get_proposal
from web.refusals import respond

BAD_START = "The start must be a date and time between the years 1900 and 2999."


def parse_local(value: str) -> datetime | None:
    """A datetime-local value, in the group's time zone (None if it is not one, or is
    not between the years 1900 and 2999: no meetup is, and a far date would overflow)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not 1900 <= moment.year <= 2999:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _back(proposal_id: UUID, slug: str | None = None) -> HttpResponse:
    url = reverse("talks-review-detail", kwargs={"proposal_id": proposal_id})
    return redirect(f"{url}?meetup={slug}#scheduling" if slug else f"{url}#scheduling")


@require_POST
@organiser_only
def schedule_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """Not on an agenda yet: schedule it. On one already: move it (to another meetup,
    or to another time on the same one)."""
    proposal = get_proposal(proposal_id)
    slug = request.POST.get("meetup", "")[:80]
    starts_text = request.POST.get("starts_at", "")[:40]
    starts_at = parse_local(starts_text)
    minutes_text = request.POST.get("minutes", "").strip()
    if starts_at is None:
        messages.warning(request, BAD_START if starts_text.strip() else "Please give a start time.")
        return _back(proposal_id, slug)
    if minutes_text and not (re.fullmatch(r"[0-9]{1,4}", minutes_text) and 1 <= int(minutes_text) <= MAX_MINUTES):
        messages.warning(request, f"Minutes are a whole number from 1 to {MAX_MINUTES}.")
        return _back(proposal_id, slug)
    minutes = int(minutes_text) if minutes_text else None
    by = str(member_stream(request.user.pk))
    current = MeetupListing.objects.filter(stream_id=proposal.meetup_id).first() if proposal.meetup_id else None

    def command():
        if current is None:
            return schedule_talk(slug=slug, talk_id=proposal_id, starts_at=starts_at, minutes=minutes, by=by)
        return move_talk(from_slug=current.slug, to_slug=slug, talk_id=proposal_id, starts_at=starts_at, minutes=minutes, by=by)

    def answer(level: int, text: str) -> HttpResponse:
        messages.add_message(request, level, text)
        return _back(proposal_id) if level == messages.SUCCESS else _back(proposal_id, slug)

    def done(_) -> str:
        meetup = MeetupListing.objects.get(slug=slug)
        when = dateformat.format(timezone.localtime(starts_at), "g:i A")
        verb = "is on" if current is None else "moved to"
        return f"“{proposal.title}” {verb} the agenda of {meetup.title} at {when}."

    return respond(command, answer=answer, done=done)


@require_http_methods(["GET", "POST"])
@organiser_only
def unschedule_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """GET: the confirm step (what taking it out means); POST: take it out."""
    proposal = get_proposal(proposal_id)
    current = MeetupListing.objects.filter(stream_id=proposal.meetup_id).first() if proposal.meetup_id else None
    if current is None:
        messages.warning(request, "This talk is not on an agenda.")
        return _back(proposal_id)
    if request.method == "GET":
        return render(request, "talks/agenda/confirm_unschedule.html", {"proposal": proposal, "meetup": current})
    by = str(member_stream(request.user.pk))
    return respond(
        lambda: take_out_talk(slug=current.slug, talk_id=proposal_id, by=by),
        answer=lambda level, text: (messages.add_message(request, level, text), _back(proposal_id))[1],
        done=f"“{proposal.title}” is off the agenda of {current.title}.",
    )
