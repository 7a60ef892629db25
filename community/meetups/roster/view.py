"""Organisers' roster: who is going (in RSVP order) and the waitlist; check-in at the
door from a phone; promote or remove by hand; CSV export. Organiser-only (403 else)."""

from __future__ import annotations

import csv
from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from community.eventstore.errors import CommandRefused
from community.meetups.checkin.command import check_in
from community.meetups.listing.projection import MeetupListing
from community.meetups.listing.view import get_meetup
from community.meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from community.meetups.seats.command import promote_by_hand, remove_rsvp
from membership.members.projection import Member
from membership.organisers.access import organiser_only
from membership.streams import member_stream

TEMPLATE = "community/roster.html"


def roster_rows(meetup: MeetupListing) -> tuple[list[RosterEntry], list[RosterEntry]]:
    entries = list(
        RosterEntry.objects.filter(meetup_id=meetup.stream_id, status__in=[GOING, WAITLISTED]).order_by("rsvp_number")
    )
    members = Member.objects.in_bulk([x.member_id for x in entries])
    for entry in entries:
        entry.member = members.get(entry.member_id)
    going = [x for x in entries if x.status == GOING]
    waitlist = sorted((x for x in entries if x.status == WAITLISTED), key=lambda x: x.waitlist_position)
    return going, waitlist


def _actor(request: HttpRequest) -> str:
    return str(member_stream(request.user.pk))


@organiser_only
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    going, waitlist = roster_rows(meetup)
    return render(request, TEMPLATE, {"meetup": meetup, "going": going, "waitlist": waitlist})


@organiser_only
def roster_csv(request: HttpRequest, slug: str) -> HttpResponse:
    meetup = get_meetup(slug)
    going, waitlist = roster_rows(meetup)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meetup.slug}-roster.csv"'
    writer = csv.writer(response)
    writer.writerow(["status", "position", "name", "email", "rsvped_at", "attended", "note"])
    for number, entry in enumerate(going, start=1):
        writer.writerow(_csv_row(entry, number))
    for entry in waitlist:
        writer.writerow(_csv_row(entry, entry.waitlist_position))
    return response


def _csv_row(entry: RosterEntry, position: int) -> list:
    member = entry.member
    name = member.display_name if member else str(entry.member_id)
    # Guard spreadsheet formula injection: a cell must not start with = + - @.
    safe = [("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for v in (name, member.email if member else "")]
    return [entry.status, position, *safe, timezone.localtime(entry.rsvped_at).isoformat(), "yes" if entry.attended else "no", entry.note]


def _after_action(request: HttpRequest, slug: str, member_id: UUID, level: int, text: str) -> HttpResponse:
    if request.htmx:
        meetup = get_meetup(slug)
        going, waitlist = roster_rows(meetup)
        context = {
            "meetup": meetup, "going": going, "waitlist": waitlist, "roster_message": text,
            "roster_message_class": "message-success" if level == messages.SUCCESS else "message-warning",
        }
        return render(request, TEMPLATE + "#roster-lists", context)
    messages.add_message(request, level, text)
    return redirect("meetup-roster", slug=slug)


def _member_id(request: HttpRequest) -> UUID | None:
    try:
        return UUID(request.POST.get("member_id", ""))
    except ValueError:
        return None


def _roster_action(request: HttpRequest, slug: str, command, done: str) -> HttpResponse:
    """Run `command(member_id)` for the member named in the POST; a refusal is a message."""
    get_meetup(slug)
    member_id = _member_id(request)
    if member_id is None:
        return HttpResponse("Missing or malformed member_id.", status=400)
    try:
        command(member_id)
    except CommandRefused as refusal:
        return _after_action(request, slug, member_id, messages.WARNING, refusal.message)
    return _after_action(request, slug, member_id, messages.SUCCESS, done)


@require_POST
@organiser_only
def check_in_view(request: HttpRequest, slug: str) -> HttpResponse:
    attended = request.POST.get("attended") == "yes"
    return _roster_action(
        request, slug,
        lambda member_id: check_in(slug=slug, member_id=member_id, attended=attended, by=_actor(request), now=timezone.now()),
        "Checked in." if attended else "Check-in undone.",
    )


@require_POST
@organiser_only
def promote_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _roster_action(
        request, slug,
        lambda member_id: promote_by_hand(slug=slug, member_id=member_id, by=_actor(request)),
        "Promoted: they have a seat now and have been emailed.",
    )


@require_POST
@organiser_only
def remove_view(request: HttpRequest, slug: str) -> HttpResponse:
    reason = request.POST.get("reason", "")[:300]
    return _roster_action(
        request, slug,
        lambda member_id: remove_rsvp(slug=slug, member_id=member_id, reason=reason, by=_actor(request)),
        "RSVP removed.",
    )
