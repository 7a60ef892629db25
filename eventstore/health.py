"""How far each projection and automation is behind the log, and the outbox's backlog:
what /healthz reports (community/healthz)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from eventstore import consumers
from eventstore.automations import Automation
from eventstore.events import topics_of
from eventstore.outbox import unsent_counts
from eventstore.projections import Projection
from eventstore.store import event_store

# Counting stops here: "more than this many behind" is all a health check needs.
COUNT_LIMIT = 100_000


@dataclass(frozen=True)
class Lag:
    name: str
    kind: str  # "projection" | "automation"
    position: int
    events: int  # events of its types it has not applied yet (at most COUNT_LIMIT)
    seconds: float  # age of the oldest of them (0 when up to date)

    def as_json(self) -> dict:
        return {"name": self.name, "kind": self.kind, "position": self.position, "behind_events": self.events,
                "behind_seconds": round(self.seconds, 1)}


def lags(using: str = DEFAULT_DB_ALIAS) -> list[Lag]:
    store = event_store(using)
    recorder = store.recorder
    found = []
    now = timezone.now()
    for kind, consumer in [("projection", c) for c in consumers.registered(Projection)] + [
        ("automation", c) for c in consumers.registered(Automation)
    ]:
        position = store.tracking.position(consumer.name).notification_id
        topics = topics_of(consumer.events)
        where = "id > %s" + (f" AND topic IN ({','.join(['%s'] * len(topics))})" if topics else "")
        with recorder.datastore.reading() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT id FROM {recorder.table} WHERE {where} LIMIT {COUNT_LIMIT}) behind",
                [position, *topics],
            )
            behind = cursor.fetchone()[0]
        seconds = 0.0
        if behind:
            oldest = store.read(after=position, limit=1, types=consumer.events)
            if oldest:
                seconds = max(0.0, (now - oldest[0].domain_event.timestamp).total_seconds())
        found.append(Lag(consumer.name, kind, position, behind, seconds))
    return found


def unsent_mail(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """{"waiting": not sent yet, "failed": given up on} (the admin's Outgoing email)."""
    return unsent_counts(using)
