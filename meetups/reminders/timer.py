"""Reminders before a meetup, and the "open for RSVPs" announcement: timers
(eventstore/timers.py) the worker runs every minute, writing to the outbox.

A reminder goes `hours` before the start (settings.MEETUP_REMINDER_HOURS: 24 by default,
"24,2" adds a second one) to members going, and to waitlisted members with their
position; none for a cancelled meetup, none to a member who RSVPed after it was due (they
just chose), none to a member who turned reminders off. When several are due at once
(the worker was down), only the latest is sent.

Never twice: the outbox key is (reminder, meetup, hours, member), and the outbox refuses a
second row for a key, so the next run, or a second worker running at the same moment,
records nothing more.

The announcement goes once per meetup and member, to the members who asked for
announcements, while its RSVPs are open: when they open, or at once for a meetup made
with its RSVPs open already (an occurrence a series makes inside its RSVP window). A
member who turns announcements on hears of the meetups open then. Once per member by the
outbox key, like reminders.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from eventstore.automations import Outbox
from eventstore.timers import Timer, register_timer
from meetups.listing.projection import MeetupListing
from meetups.notify.automation import mail_members
from meetups.preferences.projection import members_wanting
from meetups.roster.projection import GOING, WAITLISTED, RosterEntry

def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%A %d %B %Y, %I:%M %p")


def _context(meetup: MeetupListing) -> dict:
    return {
        "meetup": meetup, "starts": _when(meetup.starts_at),
        "venue": ", ".join(part for part in (meetup.venue_name, meetup.venue_address) if part),
        "url": f"{settings.SITE_URL}/meetups/{meetup.slug}/",
    }


def due_reminder(starts_at: datetime, now: datetime, hours: list[int]) -> int | None:
    """The reminder due now (the one with the fewest hours whose time has come), or None."""
    due = [h for h in hours if starts_at - timedelta(hours=h) <= now < starts_at]
    return min(due) if due else None


@register_timer
class Reminders(Timer):
    name = "meetups.reminders"
    every = timedelta(minutes=1)

    def run(self, now: datetime, using: str) -> int:
        hours = sorted(set(settings.MEETUP_REMINDER_HOURS))
        if not hours:
            return 0
        outbox = Outbox(self.name, using)
        meetups = MeetupListing.objects.using(using).filter(
            cancelled=False, starts_at__gt=now, starts_at__lte=now + timedelta(hours=max(hours))
        )
        for meetup in meetups:
            h = due_reminder(meetup.starts_at, now, hours)
            if h is None:
                continue
            due_at = meetup.starts_at - timedelta(hours=h)
            entries = RosterEntry.objects.using(using).filter(
                meetup_id=meetup.stream_id, status__in=[GOING, WAITLISTED], rsvped_at__lte=due_at
            )
            places = {entry.member_id: entry for entry in entries}
            common = _context(meetup) | {"hours": h}

            def context(member_id, places=places, common=common) -> dict:
                entry = places[member_id]
                return common | {"waitlisted": entry.status == WAITLISTED, "position": entry.waitlist_position}

            mail_members(outbox, f"{meetup.stream_id}:{h}h", list(places), kind="reminders",
                         template="meetups/reminders/reminder.txt", context=context)
        return outbox.save()


@register_timer
class Announcements(Timer):
    name = "meetups.announcements"
    every = timedelta(minutes=1)

    def run(self, now: datetime, using: str) -> int:
        outbox = Outbox(self.name, using)
        meetups = MeetupListing.objects.using(using).filter(
            cancelled=False, rsvp_opens_at__lte=now, rsvp_closes_at__gt=now, starts_at__gt=now,
        )
        wanting = None
        for meetup in meetups:
            wanting = wanting if wanting is not None else members_wanting("announcements", using=using)
            mail_members(outbox, f"{meetup.stream_id}", wanting, kind="announcements",
                         template="meetups/reminders/announcement.txt", context=_context(meetup))
        return outbox.save()
