"""Scheduling from the review page: put an accepted talk on a meetup's agenda, move it
to another meetup (or another time: out of one agenda and into one, both or neither),
or take it out. The agenda's rules (overlaps, the meetup's time, a cancelled meetup)
are the command's; a refusal comes back as its message.

`agenda_panel` is the context of the review page's scheduling panel: the meetups one
can schedule on (upcoming, not cancelled), the chosen one's agenda, and the defaults
(the meetup's start or right after its last talk; the format's length)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from community.meetups.listing.projection import MeetupListing
from membership.organisers.access import organiser_only
from membership.streams import member_stream
from talks.agenda.command import move_talk, schedule_talk, take_out_talk
from talks.proposal import ACCEPTED, CONFIRMED, FORMATS
from talks.proposals.projection import TalkProposal

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">


def schedulable_meetups() -> list[MeetupListing]:
    return list(MeetupListing.objects.filter(ends_at__gt=timezone.now(), cancelled=False).order_by("starts_at"))


def first_free_time(meetup: MeetupListing, slots: list[TalkProposal]) -> datetime:
    """The meetup's start, or the end of the talk that ends last on its agenda."""
    ends = [s.slot_starts_at + timedelta(minutes=s.slot_minutes) for s in slots]
    return max([meetup.starts_at, *ends])


def to_input(moment: datetime) -> str:
    """The value of a datetime-local input (whole minutes), rounded up so that a default
    never falls before the time it stands for (a meetup's start, another talk's end)."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local.strftime(LOCAL_INPUT)


def agenda_panel(proposal: TalkProposal, *, chosen_slug: str | None = None) -> dict:
    current = MeetupListing.objects.filter(stream_id=proposal.meetup_id).first() if proposal.meetup_id else None
    if proposal.status not in (ACCEPTED, CONFIRMED):
        return {"current_meetup": current, "can_schedule": False}
    meetups = schedulable_meetups()
    by_slug = {m.slug: m for m in meetups}
    others = [m for m in meetups if current is None or m.stream_id != current.stream_id]
    preferred = [by_slug[slug] for slug in proposal.preferred_meetups if slug in by_slug and by_slug[slug] in others]
    chosen = by_slug.get(chosen_slug or "") or next(iter(preferred + others + meetups), None)
    slots, start = [], None
    if chosen is not None:
        slots = list(
            TalkProposal.objects.filter(meetup_id=chosen.stream_id)
            .only("proposal_id", "title", "slot_starts_at", "slot_minutes")
            .order_by("slot_starts_at")
        )
        if current is not None and chosen.stream_id == current.stream_id:
            start = proposal.slot_starts_at  # re-timing on the same meetup: start from where it is
        else:
            start = first_free_time(chosen, [s for s in slots if s.proposal_id != proposal.proposal_id])
    return {
        "current_meetup": current,
        "can_schedule": True,
        "meetups": meetups,
        "chosen_meetup": chosen,
        "chosen_agenda": slots,
        "default_start": to_input(start) if start else "",
        "default_minutes": proposal.slot_minutes if current is not None and chosen == current else FORMATS[proposal.format][1],
        "time_zone": timezone.get_current_timezone_name(),
    }


def parse_local(value: str) -> datetime | None:
    """A datetime-local value, in the group's time zone."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _get(proposal_id: UUID) -> TalkProposal:
    try:
        return TalkProposal.objects.get(proposal_id=proposal_id)
    except TalkProposal.DoesNotExist:
        raise Http404("No such proposal.") from None


def _back(proposal_id: UUID, slug: str | None = None) -> HttpResponse:
    url = reverse("talks-review-detail", kwargs={"proposal_id": proposal_id})
    return redirect(f"{url}?meetup={slug}#scheduling" if slug else f"{url}#scheduling")


@require_POST
@organiser_only
def schedule_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    """Not on an agenda yet: schedule it. On one already: move it (to another meetup,
    or to another time on the same one)."""
    proposal = _get(proposal_id)
    slug = request.POST.get("meetup", "")
    starts_at = parse_local(request.POST.get("starts_at", ""))
    minutes_text = request.POST.get("minutes", "").strip()
    if starts_at is None:
        messages.warning(request, "Please give a start time.")
        return _back(proposal_id, slug)
    if minutes_text and not minutes_text.isdigit():
        messages.warning(request, "Minutes are a whole number.")
        return _back(proposal_id, slug)
    minutes = int(minutes_text) if minutes_text else None
    by = str(member_stream(request.user.pk))
    current = MeetupListing.objects.filter(stream_id=proposal.meetup_id).first() if proposal.meetup_id else None
    try:
        if current is None:
            schedule_talk(slug=slug, talk_id=proposal_id, starts_at=starts_at, minutes=minutes, by=by)
        else:
            move_talk(from_slug=current.slug, to_slug=slug, talk_id=proposal_id, starts_at=starts_at, minutes=minutes, by=by)
    except CommandRefused as refusal:
        messages.warning(request, refusal.message)
        return _back(proposal_id, slug)
    meetup = MeetupListing.objects.get(slug=slug)
    when = dateformat.format(timezone.localtime(starts_at), "g:i A")
    verb = "is on" if current is None else "moved to"
    messages.success(request, f"“{proposal.title}” {verb} the agenda of {meetup.title} at {when}.")
    return _back(proposal_id)


@require_POST
@organiser_only
def unschedule_view(request: HttpRequest, proposal_id: UUID) -> HttpResponse:
    proposal = _get(proposal_id)
    current = MeetupListing.objects.filter(stream_id=proposal.meetup_id).first() if proposal.meetup_id else None
    if current is None:
        messages.warning(request, "This talk is not on an agenda.")
        return _back(proposal_id)
    try:
        take_out_talk(slug=current.slug, talk_id=proposal_id, by=str(member_stream(request.user.pk)))
    except CommandRefused as refusal:
        messages.warning(request, refusal.message)
    else:
        messages.success(request, f"“{proposal.title}” is off the agenda of {current.title}.")
    return _back(proposal_id)
