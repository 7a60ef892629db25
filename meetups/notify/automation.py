"""Mail that meetup events cause, as automations (eventstore/automations.py): each follows
the log behind the commands and records its mail in the outbox, once per event and
member; the worker delivers it.

- WaitlistPromoted: the promoted member learns they have a seat;
- MeetupRescheduled: everyone with an RSVP (going or waitlisted) learns the new time,
  only when the start or the end really changed (a save that changed neither, or only
  the RSVP window, mails nobody);
- MeetupCancelled: everyone with an RSVP gets the organisers' message;
- MeetupReinstated (a cancellation undone, meetups/undo/): everyone who was told of the
  cancellation learns that the meetup is back on. A reschedule undone is a
  MeetupRescheduled: its mail says it corrects the earlier one.

The meetup is folded from its own stream up to the event (what it was at that moment);
email addresses come from the members read model when the mail is recorded.
"""

from __future__ import annotations


from django.conf import settings
from django.utils import timezone

from eventstore.automations import Automation, Outbox
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.store import event_store
from meetups import events as e
from meetups.meetup import Meetup, same_time
from membership.read_models import emails_of
from web.mail import render_mail


def _as_of(event: Event) -> tuple[Meetup, Meetup]:
    """The meetup just before this event and just after it."""
    history = event_store().load(event.originator_id, lte=event.originator_version)
    return Meetup.fold(history[:-1]), Meetup.fold(history)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%A %d %B %Y, %I:%M %p")


def _context(meetup: Meetup) -> dict:
    return {
        "meetup": meetup,
        "starts": _when(meetup.starts_at),
        "ends": _when(meetup.ends_at),
        "venue": ", ".join(part for part in meetup.venue[:2] if part),
        "url": f"{settings.SITE_URL}/meetups/{meetup.slug}/",
    }


@register
class PromotionMail(Automation):
    name = "meetups.promotion-mail"
    events = (e.WaitlistPromoted,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        outbox.mail_all(notification_id, emails_of([event.member_id]), *render_mail("meetups/notify/promoted.txt", _context(meetup)))


@register
class RescheduleMail(Automation):
    name = "meetups.reschedule-mail"
    events = (e.MeetupRescheduled,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        before, meetup = _as_of(event)
        if same_time(before.starts_at, meetup.starts_at) and same_time(before.ends_at, meetup.ends_at):
            return  # saved without moving (recorded before reschedules were checked for a real change)
        everyone = [*meetup.going, *meetup.waitlist]
        context = _context(meetup) | {"correction": _follows_an_undo(event)}
        outbox.mail_all(notification_id, emails_of(everyone), *render_mail("meetups/notify/rescheduled.txt", context))


def _follows_an_undo(event: Event) -> bool:
    """Appended with a ChangeUndone (the event just before it, in the same append)."""
    if event.originator_version < 2:
        return False
    [before] = event_store().load(event.originator_id, lte=event.originator_version)[-2:-1]
    return isinstance(before, e.ChangeUndone) and before.timestamp == event.timestamp


@register
class ReinstatementMail(Automation):
    name = "meetups.reinstatement-mail"
    events = (e.MeetupReinstated,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        everyone = [*meetup.going, *meetup.waitlist]
        outbox.mail_all(notification_id, emails_of(everyone), *render_mail("meetups/notify/reinstated.txt", _context(meetup)))


@register
class CancellationMail(Automation):
    name = "meetups.cancellation-mail"
    events = (e.MeetupCancelled,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        everyone = [*meetup.going, *meetup.waitlist]
        context = _context(meetup) | {"message": event.message}
        outbox.mail_all(notification_id, emails_of(everyone), *render_mail("meetups/notify/cancelled.txt", context))
