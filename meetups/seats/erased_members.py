"""An erased member leaves the meetups that have not started: their seats and waitlist
places go (RsvpRemoved, "The member left the group."), so a waitlisted member is promoted
as for any removal. Meetups that started or ended keep their RSVPs and attendance: their
counts never change (issue 10).

An automation, since it follows an event of another app (membership's MemberErased) and
runs behind; what it causes is commands (remove_rsvp, which decides from the meetup's own
stream), not mail. Which meetups to look at comes from the roster projection: a meetup
the projection missed would only keep a former member's seat, never lose anyone's."""

from __future__ import annotations

from django.utils import timezone

from eventstore.automations import Automation, Outbox
from eventstore.consumers import register
from eventstore.errors import CommandRefused
from eventstore.events import Event
from meetups.listing.projection import MeetupListing
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry
from meetups.seats.command import remove_rsvp
from membership.events import MemberErased

REASON = "The member left the group."


@register
class ErasedMembersLeaveMeetups(Automation):
    name = "meetups.erased-members-leave"
    events = (MemberErased,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        member_id = event.originator_id
        held = RosterEntry.objects.filter(member_id=member_id, status__in=[GOING, WAITLISTED]).values("meetup_id")
        upcoming = MeetupListing.objects.filter(pk__in=held, starts_at__gt=timezone.now(), cancelled=False)
        for slug in upcoming.values_list("slug", flat=True):
            try:
                remove_rsvp(slug=slug, member_id=member_id, reason=REASON, by="erasure")
            except CommandRefused:
                continue  # gone already (cancelled by hand meanwhile): nothing to free
