"""Who is on a meetup's roster, as the organisers' page and the CSV show it."""

from __future__ import annotations

from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from membership.read_models import Member


ORDERS = {"rsvp": "RSVP order", "name": "Name (A to Z)"}


def roster_rows(
    meetup: MeetupListing, *, search: str = "", order: str = "rsvp"
) -> tuple[list[RosterEntry], list[RosterEntry]]:
    """(going in RSVP order, waitlist in position order), each entry with its `.member`
    (None for a member who no longer exists). Two queries, whatever the numbers.
    `search` keeps the members whose name holds every word of it (any case, any accents
    as typed); `order="name"` sorts the going list by name (the waitlist keeps its order:
    it is the order seats are given in)."""
    entries = list(
        RosterEntry.objects.filter(meetup_id=meetup.stream_id, status__in=[GOING, WAITLISTED]).order_by("rsvp_number")
    )
    members = Member.objects.in_bulk([x.member_id for x in entries])
    for entry in entries:
        entry.member = members.get(entry.member_id)
    words = search.casefold().split()
    if words:
        entries = [x for x in entries if all(w in _name(x).casefold() for w in words)]
    going = [x for x in entries if x.status == GOING]
    if order == "name":
        going.sort(key=lambda x: (_name(x).casefold(), x.rsvp_number))
    waitlist = sorted((x for x in entries if x.status == WAITLISTED), key=lambda x: x.waitlist_position)
    return going, waitlist


def _name(entry: RosterEntry) -> str:
    return entry.member.display_name if entry.member else ""


def roster_filters(params) -> tuple[str, str]:
    """(search, order) from a GET or POST: the roster page's name search and order,
    which the check-in forms carry too so the lists come back as they were."""
    search = " ".join(str(params.get("q", ""))[:80].split())
    order = params.get("order", "rsvp")
    return search, order if order in ORDERS else "rsvp"
