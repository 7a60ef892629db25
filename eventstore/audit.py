"""The audit index: one row per event of the log, by time, actor and kind, so the site's
audit page (community/audit/) can filter and page without decoding the whole log. It holds
ids only (no names, no text); the page describes its rows from the events themselves.

Runs behind (every event of every stream: a command should not pay for it); the audit
page catches it up before it reads, so an organiser sees what they just did."""

from __future__ import annotations

from django.db import models

from eventstore.bulk import write_values
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.history import recorded_actor
from eventstore.projections import Projection


class AuditEntry(models.Model):
    """Filled only by AuditProjection."""

    notification_id = models.BigIntegerField(primary_key=True)
    stream_id = models.UUIDField()
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=100)
    actor_id = models.UUIDField(null=True)
    actor_kind = models.CharField(max_length=12, blank=True)  # "" for events stored before actors were recorded
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["actor_id", "notification_id"], name="audit_actor"),
            models.Index(fields=["kind", "notification_id"], name="audit_kind"),
        ]


@register
class AuditProjection(Projection):
    name = "audit"
    models = (AuditEntry,)
    events = ()  # every event
    inline = False

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        # Tuples in AuditEntry's column order, no model instances: one statement a page
        # (eventstore/bulk.py); a row already there is kept.
        rows = []
        for notification_id, event in page:
            actor_id, kind, _ = recorded_actor(event)
            rows.append(
                (notification_id, event.originator_id, event.originator_version, type(event).__name__, actor_id, kind,
                 event.timestamp)
            )
        write_values(AuditEntry, rows, using=using, ignore_conflicts=True)

