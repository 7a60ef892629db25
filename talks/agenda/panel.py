"""The context of the review page's scheduling panel: the meetups one can schedule on
(upcoming, not cancelled), the chosen one's agenda, and the defaults (the meetup's start
or right after its last talk; the format's length)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from meetups.read_models import MeetupListing, schedulable_meetups
from talks.proposal import ACCEPTED, CONFIRMED, FORMATS
from talks.proposals.projection import TalkProposal

LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # <input type="datetime-local">


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
