"""Mail that meetup events cause, as automations (eventstore/automations.py): each follows
the log behind the commands and records its mail in the outbox, once per event and
member; the worker delivers it.

- RsvpConfirmed: the member has a seat (an invite, METHOD:REQUEST);
- WaitlistPromoted: the promoted member learns they have a seat (invite: REQUEST);
- RsvpCancelled / RsvpRemoved of a seat: the member's calendar entry is withdrawn
  (invite: CANCEL); a removed member also learns why;
- MeetupRescheduled, VenueChanged: everyone with an RSVP (going or waitlisted) learns the
  new time or place, only when it really changed (a save that changed nothing, or only
  the RSVP window, mails nobody); members going get an updated invite (REQUEST, the new
  SEQUENCE);
- MeetupCancelled: everyone with an RSVP gets the organisers' message (going: CANCEL);
- MeetupReinstated (a cancellation undone, meetups/undo/): everyone who was told of the
  cancellation learns that the meetup is back on (going: REQUEST). A reschedule undone is a
  MeetupRescheduled: its mail says it corrects the earlier one.

Each mail is of one kind a member can turn off (meetups/preferences/: "waitlist" for a
member's own seat, "schedule" for a meetup's changes) and carries a one-click unsubscribe
link for that kind (in the body, and the List-Unsubscribe headers).

The meetup is folded from its own stream up to the event (what it was at that moment);
email addresses come from the members read model when the mail is recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from eventstore.automations import Automation, Outbox
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.store import event_store
from meetups import events as e
from meetups.meetup import Meetup, significant_change
from meetups.notify.invites import CANCEL, REQUEST, invite
from meetups.preferences.links import unsubscribe_headers, unsubscribe_url
from meetups.preferences.projection import wanting
from membership.read_models import emails_of, names_of
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


def mail_members(outbox: Outbox, cause: int | str, member_ids: Iterable[UUID], *, kind: str, template: str,
                 context: dict | Callable[[UUID], dict], meetup: Meetup | None = None, stream_id: UUID | None = None,
                 invite_method: str = "", invited: Iterable[UUID] = ()) -> None:
    """The same mail to each member who wants this kind, once each for `cause`, with
    their unsubscribe link; those in `invited` get an invite (`invite_method`) too.
    `context` may be a function of the member (a reminder says each one's waitlist
    place). Three queries whatever the number of members."""
    ids = wanting(kind, member_ids, using=outbox.using)
    emails, names = emails_of(ids), names_of(ids)
    invited = set(invited)
    for member_id in ids:
        if member_id not in emails:
            continue
        link = unsubscribe_url(member_id, kind)
        own = context(member_id) if callable(context) else context
        subject, body = render_mail(template, own | {"unsubscribe_url": link})
        attachments = []
        if invite_method and member_id in invited:
            attachments.append(invite(meetup, stream_id, method=invite_method, email=emails[member_id],
                                      name=names.get(member_id, "")))
        outbox.mail(key=(cause, member_id), to=emails[member_id], subject=subject,
                    body=body + f"\nStop these emails: {link}\n", headers=unsubscribe_headers(member_id, kind),
                    attachments=attachments)


@register
class SeatMail(Automation):
    name = "meetups.seat-mail"
    events = (e.RsvpConfirmed,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        mail_members(outbox, notification_id, [event.member_id], kind="waitlist", template="meetups/notify/seat.txt",
                     context=_context(meetup), meetup=meetup, stream_id=event.originator_id, invite_method=REQUEST,
                     invited=[event.member_id])


@register
class PromotionMail(Automation):
    name = "meetups.promotion-mail"
    events = (e.WaitlistPromoted,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        mail_members(outbox, notification_id, [event.member_id], kind="waitlist", template="meetups/notify/promoted.txt",
                     context=_context(meetup), meetup=meetup, stream_id=event.originator_id, invite_method=REQUEST,
                     invited=[event.member_id])


@register
class SeatGivenUpMail(Automation):
    """A member who held a seat and no longer does: their calendar entry is withdrawn."""

    name = "meetups.seat-given-up-mail"
    events = (e.RsvpCancelled, e.RsvpRemoved)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        if not event.was_going:
            return
        _, meetup = _as_of(event)
        removed = isinstance(event, e.RsvpRemoved)
        context = _context(meetup) | {"removed": removed, "reason": event.reason if removed else ""}
        mail_members(outbox, notification_id, [event.member_id], kind="waitlist", template="meetups/notify/seat_given_up.txt",
                     context=context, meetup=meetup, stream_id=event.originator_id, invite_method=CANCEL,
                     invited=[event.member_id])


@register
class RescheduleMail(Automation):
    name = "meetups.reschedule-mail"
    events = (e.MeetupRescheduled,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        before, meetup = _as_of(event)
        if not significant_change(event, starts_at=before.starts_at, ends_at=before.ends_at, venue=before.venue):
            return  # saved without moving (recorded before reschedules were checked for a real change)
        mail_members(outbox, notification_id, [*meetup.going, *meetup.waitlist], kind="schedule",
                     template="meetups/notify/rescheduled.txt",
                     context=_context(meetup) | {"correction": _follows_an_undo(event)}, meetup=meetup,
                     stream_id=event.originator_id, invite_method=REQUEST, invited=meetup.going)


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
        mail_members(outbox, notification_id, [*meetup.going, *meetup.waitlist], kind="schedule",
                     template="meetups/notify/reinstated.txt", context=_context(meetup), meetup=meetup,
                     stream_id=event.originator_id, invite_method=REQUEST, invited=meetup.going)


@register
class VenueMail(Automation):
    name = "meetups.venue-mail"
    events = (e.VenueChanged,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        before, meetup = _as_of(event)
        if not significant_change(event, starts_at=before.starts_at, ends_at=before.ends_at, venue=before.venue):
            return
        mail_members(outbox, notification_id, [*meetup.going, *meetup.waitlist], kind="schedule",
                     template="meetups/notify/venue_changed.txt", context=_context(meetup), meetup=meetup,
                     stream_id=event.originator_id, invite_method=REQUEST, invited=meetup.going)


@register
class CancellationMail(Automation):
    name = "meetups.cancellation-mail"
    events = (e.MeetupCancelled,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        _, meetup = _as_of(event)
        mail_members(outbox, notification_id, [*meetup.going, *meetup.waitlist], kind="schedule",
                     template="meetups/notify/cancelled.txt", context=_context(meetup) | {"message": event.message},
                     meetup=meetup, stream_id=event.originator_id, invite_method=CANCEL, invited=meetup.going)
