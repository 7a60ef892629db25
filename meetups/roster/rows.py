"""Who is on a meetup's roster, as the organisers' page and the CSV show it."""

from __future__ import annotations

from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from membership.read_models import Member


def roster_rows(meetup: MeetupListing) -> tuple[list[RosterEntry], list[RosterEntry]]:
    """(going in RSVP order, waitlist in position order), each entry with its `.member`
    (None for a member who no longer exists). Two queries, whatever the numbers."""
    entries = list(
        RosterEntry.objects.filter(meetup_id=meetup.stream_id, status__in=[GOING, WAITLISTED]).order_by("rsvp_number")
    )
    members = Member.objects.in_bulk([x.member_id for x in entries])
    for entry in entries:
        entry.member = members.get(entry.member_id)
    going = [x for x in entries if x.status == GOING]
    waitlist = sorted((x for x in entries if x.status == WAITLISTED), key=lambda x: x.waitlist_position)
    return going, waitlist
