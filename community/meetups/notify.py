"""Emails that meetup events cause, sent after the transaction commits (through
Django's tasks framework, so a real queue backend can take them over):
- WaitlistPromoted: the promoted member learns they have a seat;
- MeetupRescheduled, MeetupCancelled: everyone who RSVPed (going or waitlisted)."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from community.eventstore.store import Recorded, event_store
from community.mail import send_email
from community.meetups import events as e
from community.meetups.meetup import Meetup, meetup_stream
from membership.members.projection import Member


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%A %d %B %Y, %I:%M %p")


def _emails(member_ids: Sequence[UUID]) -> list[str]:
    return list(Member.objects.filter(member_id__in=list(member_ids)).values_list("email", flat=True))


def messages_for(slug: str, recorded: Sequence[Recorded]) -> list[dict]:
    """The emails to send for what a command just recorded on a meetup's stream."""
    if not recorded:
        return []
    history = event_store().load(meetup_stream(slug))
    meetup = Meetup.fold(history)
    url = f"{settings.SITE_URL}/meetups/{slug}/"
    everyone = [*meetup.going, *meetup.waitlist]
    out = []
    for item in recorded:
        event = item.event
        match event:
            case e.WaitlistPromoted():
                out.append({
                    "subject": f"You have a seat at {meetup.title}",
                    "body": f"Good news: a seat freed up and it is yours.\n\n{meetup.title}\n{_when(meetup.starts_at)}\n"
                    f"{meetup.venue[0]}, {meetup.venue[1]}\n\nCan't come after all? Please cancel your RSVP so the "
                    f"next person gets the seat: {url}",
                    "recipients": _emails([event.member_id]),
                })
            case e.MeetupRescheduled():
                out.append({
                    "subject": f"{meetup.title} has moved to {_when(event.starts_at)}",
                    "body": f"{meetup.title} now starts {_when(event.starts_at)} and ends {_when(event.ends_at)}.\n"
                    f"Your RSVP still stands. If you can no longer come, please cancel it: {url}",
                    "recipients": _emails(everyone),
                })
            case e.MeetupCancelled():
                out.append({
                    "subject": f"Cancelled: {meetup.title}",
                    "body": f"{meetup.title} ({_when(meetup.starts_at)}) is cancelled.\n\n{event.message}\n",
                    "recipients": _emails(everyone),
                })
    return [m for m in out if m["recipients"]]


def after_commit(slug: str, recorded: Sequence[Recorded]) -> None:
    """Queue the emails once the command's transaction has committed."""
    if not any(isinstance(r.event, (e.WaitlistPromoted, e.MeetupRescheduled, e.MeetupCancelled)) for r in recorded):
        return

    def send() -> None:
        for message in messages_for(slug, recorded):
            send_email.enqueue(**message)

    transaction.on_commit(send)
