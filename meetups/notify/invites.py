"""iCalendar invites (RFC 5546) attached to the mails about one meetup: METHOD:REQUEST
when a member gets a seat (or is promoted) and after a significant change, METHOD:CANCEL
when the meetup is cancelled or the member's RSVP ends. The VEVENT is the feeds' own
(meetups/listing/calendar.py): the same UID for the meetup's whole life and the same
SEQUENCE, which rises only on significant changes."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.utils import timezone

from meetups.listing.calendar import Attendee, Entry, calendar, vevent
from meetups.meetup import Meetup

REQUEST, CANCEL = "REQUEST", "CANCEL"


def invite(meetup: Meetup, stream_id: UUID, *, method: str, email: str, name: str, partstat: str = "ACCEPTED") -> dict:
    """The attachment (as the outbox stores it) inviting one member to the meetup, or
    cancelling their invitation."""
    entry = Entry.of_meetup(meetup, stream_id)
    attendee = Attendee(email=email, name=name, partstat="DECLINED" if method == CANCEL and partstat == "ACCEPTED" else partstat)
    # DTSTAMP is now: a member's CANCEL after their REQUEST, at the same SEQUENCE (an RSVP
    # is no significant change), is then the newer of the two for their calendar.
    body = calendar([vevent(entry, base_url=settings.SITE_URL, attendee=attendee, cancel=method == CANCEL,
                            stamp=timezone.now())], method=method)
    return {"filename": "invite.ics", "content": body, "mimetype": f"text/calendar; method={method}"}
