"""Tables of the event store. They are written by the recorders in persistence.py with
plain SQL through Django's connection; these models exist so that migrations create the
tables and so that the admin and tests can read them. Nothing else writes to them."""

from django.db import models


class StoredEventRecord(models.Model):
    """One domain event. `id` is the notification id: the event's position in the log."""

    id = models.BigAutoField(primary_key=True)
    originator_id = models.UUIDField()
    originator_version = models.BigIntegerField()
    topic = models.TextField()
    # The transcoded payload: JSON text, readable in psql (`state::jsonb`). Payloads that
    # are not UTF-8 text (compressed or encrypted) are kept in `state_bytes` instead.
    state = models.TextField(null=True)
    state_bytes = models.BinaryField(null=True)

    class Meta:
        db_table = "eventstore_events"
        constraints = [
            models.UniqueConstraint(fields=["originator_id", "originator_version"], name="eventstore_events_stream_version")
        ]
        indexes = [models.Index(fields=["topic", "id"], name="eventstore_events_topic")]

    def __str__(self) -> str:
        return f"#{self.id} {self.topic} {self.originator_id} v{self.originator_version}"


class StoredSnapshotRecord(models.Model):
    """Snapshots (aggregate recorder with purpose "snapshots"): no notification order."""

    originator_id = models.UUIDField()
    originator_version = models.BigIntegerField()
    topic = models.TextField()
    state = models.TextField(null=True)
    state_bytes = models.BinaryField(null=True)

    class Meta:
        db_table = "eventstore_snapshots"
        constraints = [
            models.UniqueConstraint(
                fields=["originator_id", "originator_version"], name="eventstore_snapshots_stream_version"
            )
        ]


class TrackingRecord(models.Model):
    """The last notification id a consumer (a projection, a process) has applied.

    One row per consumer. `rebuild_to` is set while a projection is being rebuilt: it is
    the log position the rebuild started against, so an interrupted rebuild can resume.
    """

    application_name = models.CharField(max_length=200, primary_key=True)
    notification_id = models.BigIntegerField()
    rebuild_to = models.BigIntegerField(null=True, blank=True)

    class Meta:
        db_table = "eventstore_tracking"

    def __str__(self) -> str:
        return f"{self.application_name} @ {self.notification_id}"


class OutboxMessage(models.Model):
    """One email to one address, recorded in the transaction that decided it (an
    automation's page, an account page's request) and delivered by the worker, with
    retries (eventstore/outbox.py). `key` makes it once per cause and recipient."""

    PENDING, SENT, FAILED = "pending", "sent", "failed"
    STATUSES = [(PENDING, "Waiting to be sent"), (SENT, "Sent"), (FAILED, "Gave up")]
    SUBJECT_MAX = 300

    key = models.CharField(max_length=255, unique=True, help_text="Source, cause and recipient: sent once per key.")
    source = models.CharField(max_length=100, help_text="The automation (or page) that recorded it.")
    notification_id = models.BigIntegerField(null=True, blank=True, help_text="The event that caused it, if any.")
    to = models.CharField(max_length=320)
    subject = models.CharField(max_length=SUBJECT_MAX)
    body = models.TextField()
    html = models.TextField(blank=True)
    # Extra headers ({"List-Unsubscribe": "<https://...>"}; made safe when sent) and
    # attachments ([{"filename", "content", "mimetype"}], text: an iCalendar invite).
    headers = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_until = models.DateTimeField(null=True, blank=True, help_text="A worker is sending it until then.")
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "eventstore_outbox"
        verbose_name = "email"
        verbose_name_plural = "outgoing email"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="eventstore_outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class PersonKey(models.Model):
    """The key that seals one person's personal data inside events (eventstore/personal.py).
    Kept apart from the events; erasing the person destroys the key (`key` becomes NULL),
    and the row stays so that nobody is given a new key under the same id."""

    subject_id = models.UUIDField(primary_key=True)
    key = models.BinaryField(null=True)
    created_at = models.DateTimeField()
    destroyed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "eventstore_keys"
        indexes = [
            # Every process counts the destroyed keys about once a second (KeyRing).
            models.Index(fields=["subject_id"], condition=models.Q(key__isnull=True), name="eventstore_keys_destroyed"),
        ]

    def __str__(self) -> str:
        return f"key of {self.subject_id}{' (destroyed)' if self.key is None else ''}"


# The audit index is a projection of the whole log (eventstore/audit.py).
from eventstore.audit import AuditEntry  # noqa: E402
# The prepared pages and the tags they depend on (eventstore/prepared.py).
from eventstore.prepared import PageTag, PreparedPage  # noqa: E402

class FormSubmission(models.Model):
    """A form sent once (eventstore/idempotency.py): the idempotency key its page rendered,
    who sent it, and the answer the first submission got, recorded in the transaction
    that appended its events, so a repeat of the same submission answers the same
    without doing it again. Kept a day."""

    user_id = models.BigIntegerField()
    key = models.CharField(max_length=64)
    sent_at = models.DateTimeField()
    status = models.PositiveSmallIntegerField(null=True)
    location = models.TextField(blank=True, default="")
    content_type = models.CharField(max_length=200, blank=True, default="")
    body = models.TextField(blank=True, default="")

    class Meta:
        db_table = "eventstore_form_submissions"
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="eventstore_form_submission_once")]
        indexes = [models.Index(fields=["sent_at"], name="eventstore_form_sent_at")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


__all__ = ["AuditEntry", "FormSubmission", "OutboxMessage", "PageTag", "PreparedPage", "PersonKey", "StoredEventRecord", "StoredSnapshotRecord", "TrackingRecord"]
