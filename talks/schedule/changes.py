"""Schedule changes for the Atom feed, made from the agenda events: a pure function of
the newest events (and the titles the pages know), so it is tested without a database.

- TalkScheduled                                  -> "Talk added: X at M"
- TalkUnscheduled(moved) + the next TalkScheduled of that talk -> "Talk moved: X to M"
- TalkUnscheduled(taken_out)                     -> "Talk taken out: X from M"
- ProposalWithdrawn + TalkUnscheduled(withdrawn) -> "Talk withdrawn: X (was at M)"
A withdrawal that took nothing off an agenda is no schedule change, and the title of a
proposal that was never accepted stays private: such a ProposalWithdrawn makes no entry.
Titles and summaries are printable: a control character in a title recorded before they
were refused is dropped (XML 1.0 cannot hold one, so it would take the feed down).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.utils import dateformat, timezone

from eventstore.store import Recording
from meetups import events as me
from talks import events as e
from web.text import printable

FEED_EVENTS = (me.TalkScheduled, me.TalkUnscheduled, e.ProposalWithdrawn)


@dataclass(frozen=True)
class MeetupRef:
    title: str
    slug: str

    @property
    def url(self) -> str:
        return f"/meetups/{self.slug}/"


UNKNOWN_MEETUP = MeetupRef("a meetup", "")


@dataclass(frozen=True)
class ScheduleChange:
    notification_id: int
    title: str
    summary: str
    url: str
    when: datetime


def schedule_changes(
    newest_first: Sequence[Recording], *, talk_titles: Mapping[UUID, str], meetups: Mapping[UUID, MeetupRef]
) -> list[ScheduleChange]:
    """`talk_titles`: current titles by talk id (a TalkScheduled carries its own);
    `meetups`: by meetup stream id. Returns the changes newest first."""
    changes: list[ScheduleChange] = []
    moved_out: dict[UUID, UUID] = {}  # talk id -> the meetup it just left
    titles = dict(talk_titles)
    for recorded in reversed(newest_first):  # oldest first, to pair the halves of one command
        event, n = recorded.domain_event, recorded.notification.id
        if isinstance(event, e.ProposalWithdrawn):
            continue  # an entry only with the TalkUnscheduled(withdrawn) that follows it
        meetup = meetups.get(event.originator_id, UNKNOWN_MEETUP)
        if isinstance(event, me.TalkScheduled):
            titles.setdefault(event.talk_id, event.title)
            slot = dateformat.format(timezone.localtime(event.starts_at), "l j F Y, g:i A")
            if event.talk_id in moved_out:
                old = meetups.get(moved_out.pop(event.talk_id), UNKNOWN_MEETUP)
                title = f"Talk moved: {event.title} to {meetup.title}"
                summary = f"“{event.title}” moved from {old.title} to {meetup.title}, {slot}."
            else:
                title = f"Talk added: {event.title} at {meetup.title}"
                summary = f"“{event.title}” is on the agenda of {meetup.title}, {slot}."
            changes.append(ScheduleChange(n, printable(title), printable(summary), f"/talks/{event.talk_id}/", event.timestamp))
        elif isinstance(event, me.TalkUnscheduled):
            talk = titles.get(event.talk_id, "a talk")
            if event.reason == "moved":  # its TalkScheduled comes next, in the same transaction
                moved_out[event.talk_id] = event.originator_id
                continue
            if event.reason == "withdrawn":
                title = f"Talk withdrawn: {talk}"
                summary = f"The speakers withdrew “{talk}”: it is off the agenda of {meetup.title}."
            else:
                title = f"Talk taken out: {talk} from {meetup.title}"
                summary = f"“{talk}” is no longer on the agenda of {meetup.title}."
            changes.append(ScheduleChange(n, printable(title), printable(summary), meetup.url or "/schedule/", event.timestamp))
    changes.reverse()
    return changes
