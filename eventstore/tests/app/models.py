from django.db import models


class Note(models.Model):
    """Filled only by NotesProjection. Its fields cover the types the bulk writer converts
    (uuid, integers, text, email, JSON, boolean, datetimes)."""

    note_id = models.UUIDField(primary_key=True)
    number = models.BigIntegerField(unique=True)
    author = models.EmailField()
    title = models.CharField(max_length=80)
    text = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    pinned = models.BooleanField(default=False)
    taken_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    version = models.BigIntegerField()

    class Meta:
        app_label = "eventstore_tests"


class Pin(models.Model):
    """Filled only by PinsProjection: the pinned notes (a projection of rarer events)."""

    note_id = models.UUIDField(primary_key=True)
    pinned_at = models.DateTimeField()

    class Meta:
        app_label = "eventstore_tests"
