"""Organisers' roster: who is going (in RSVP order) and the waitlist, with the check-in
and seat actions (their views: meetups/checkin, meetups/seats); CSV export.
Organiser-only (403 else)."""

from __future__ import annotations

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from eventstore.store import event_store
from meetups.read_models import get_meetup
from meetups.roster.actions import ROSTER
from meetups.roster.as_of import roster_as_of
from meetups.roster.projection import RosterEntry
from meetups.roster.rows import ORDERS, roster_filters, roster_rows
from meetups.roster.why import attach_why
from meetups.streams import meetup_stream
from membership.access import organiser_only
from web.as_of import BadMoment, parse_as_of, picker_value
from web.htmx import wants_fragment
from web.text import printable


@organiser_only
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    """`?as_of=<moment>`: the roster as it was then, folded from the events up to it
    (read-only); a moment that is not one is a message above today's roster (400).
    ?q= filters by name (a GET form without JavaScript; with htmx, live, the lists
    only); ?order=name sorts the going list by name."""
    meetup = get_meetup(slug)
    try:
        as_of = parse_as_of(request.GET.get("as_of"))
    except BadMoment as bad:
        as_of, error = None, bad.message
    else:
        error = ""
    context = {"as_of": as_of, "as_of_value": picker_value(as_of), "as_of_error": error}
    if as_of is not None:
        shown, going, waitlist = roster_as_of(event_store().load(meetup_stream(slug)), as_of, slug=slug)
        return render(request, ROSTER, {**context, "meetup": shown, "going": going, "waitlist": waitlist})
    search, order = roster_filters(request.GET)
    going, waitlist = roster_rows(meetup, search=search, order=order)
    attach_why(meetup_stream(slug), going, waitlist)
    context |= {"meetup": meetup, "going": going, "waitlist": waitlist, "q": search, "order": order, "orders": ORDERS}
    template = ROSTER + "#roster-lists" if wants_fragment(request) and not error else ROSTER
    return render(request, template, context, status=400 if error else 200)


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
    # Names and reasons recorded before control characters were refused lose them here;
    # then a cell must not start with = + - @ or a tab (spreadsheet formula injection).
    texts = [printable(v) for v in (name, member.email if member else "", entry.note)]
    name, email, note = ["'" + v if v[:1] in ("=", "+", "-", "@", "\t") else v for v in texts]
    return [entry.status, position, name, email, timezone.localtime(entry.rsvped_at).isoformat(), "yes" if entry.attended else "no", note]
