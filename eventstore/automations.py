"""Automations: side effects that follow the log (mail). Side effects the clock makes due
(reminders, a series' next meetups) are timers: eventstore/timers.py.

An automation is a consumer that always runs behind: the worker (`manage.py run_worker`)
reads the new events of the types it names from its own tracked position, the automation
decides what to send for each and writes it to the outbox, and the outbox rows commit in
the same transaction that moves its position. So a crash never loses a notification (the
position did not move) and never records one twice (it did, with the rows); the outbox
key (automation, event, recipient) refuses a second row for the same person and event
even if an event were handled again. Delivery is the outbox's job (eventstore/outbox.py).

    @register
    class PromotionMail(Automation):
        name = "meetups.promotion-mail"
        events = (WaitlistPromoted,)

        def handle(self, notification_id, event, outbox):
            outbox.mail(key=(notification_id, event.member_id), to=..., subject=..., body=...)

Never replayed: `rebuild_projections` rebuilds projections only. An automation that is
new to a database starts at the end of the log as it stands when migrations run (see
`start_new_automations`), so deploying one never mails about the past.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Hashable, Mapping
from typing import ClassVar

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from eventstore.consumers import Consumer, registered
from eventstore.events import Event
from eventstore.models import OutboxMessage
from eventstore.outbox import safe_header
from eventstore.store import event_store


class Outbox:
    """What an automation records while it handles a page: mail, one row per recipient,
    written when the page is done (in the page's transaction)."""

    def __init__(self, source: str, using: str):
        self.source = source
        self.using = using
        self.messages: list[OutboxMessage] = []

    def mail(self, *, key: tuple[int | str, Hashable], to: str, subject: str, body: str, html: str = "",
             headers: Mapping[str, str] | None = None, attachments: list[dict] | None = None) -> None:
        """Mail `to` once for `key`: (the event's notification id, the recipient), or for
        a timer (eventstore/timers.py), (what is due, the recipient), e.g.
        ("reminder-24h:<meetup>", member_id). `headers` and `attachments`: see OutboxMessage."""
        cause, recipient = key
        now = timezone.now()
        self.messages.append(
            OutboxMessage(
                key=f"{self.source}:{cause}:{recipient}"[:255],
                source=self.source,
                notification_id=cause if isinstance(cause, int) else None,
                to=to,
                subject=safe_header(subject)[: OutboxMessage.SUBJECT_MAX],
                body=body,
                html=html,
                headers=dict(headers or {}),
                attachments=list(attachments or []),
                created_at=now,
                next_attempt_at=now,
            )
        )

    def mail_all(self, notification_id: int, addresses: Mapping[Hashable, str], subject: str, body: str) -> None:
        """The same mail to each recipient (recipient -> address), once each for this event."""
        for recipient, address in addresses.items():
            self.mail(key=(notification_id, recipient), to=address, subject=subject, body=body)

    def save(self) -> int:
        """Write the rows; returns how many were new (a key recorded before is left as it
        was: by an earlier run, or by another worker at the same moment)."""
        if not self.messages:
            return 0
        rows = OutboxMessage.objects.using(self.using)
        known = set(rows.filter(key__in=[m.key for m in self.messages]).values_list("key", flat=True))
        rows.bulk_create(self.messages, ignore_conflicts=True)
        return len({m.key for m in self.messages} - known)


class Automation(Consumer):
    """Subclass it, set `name` and `events`, write `handle`, decorate with
    `eventstore.consumers.register`."""

    inline: ClassVar[bool] = False

    @abstractmethod
    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        """Decide what this event causes and record it in the outbox."""

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        outbox = Outbox(self.name, using)
        for notification_id, event in page:
            self.handle(notification_id, event, outbox)
        outbox.save()


def start_new_automations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Give every automation that has no position yet one at the end of the log (run
    after migrations): on a new database that is 0; on a database with history, an
    automation added by an upgrade does not mail about what happened before it."""
    store = event_store(using)
    return store.tracking.create_positions([a.name for a in registered(Automation)], at=store.max_notification_id())
