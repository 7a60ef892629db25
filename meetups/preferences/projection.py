"""Members' meetup mail preferences and personal calendar generation, for the mail
automations (who wants what) and the personal feed (is this address current). A member
without a row has the defaults (meetups/preferences/preferences.py KINDS)."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db import models

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from meetups import events as e
from meetups.preferences.preferences import KINDS


class MemberPreferences(models.Model):
    """Filled only by MemberPreferencesProjection."""

    member_id = models.UUIDField(primary_key=True)
    reminders = models.BooleanField(default=KINDS["reminders"][1])
    announcements = models.BooleanField(default=KINDS["announcements"][1])
    waitlist = models.BooleanField(default=KINDS["waitlist"][1])
    schedule = models.BooleanField(default=KINDS["schedule"][1])
    calendar_generation = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "community"


@register
class MemberPreferencesProjection(Projection):
    name = "meetups.preferences"
    models = (MemberPreferences,)
    events = (e.MailPreferenceChanged, e.CalendarAddressReset)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        rows = KeyedRows(MemberPreferences, "member_id", (ev.member_id for _, ev in page), using=using)
        for _, event in page:
            row = rows.get(event.member_id)
            if row is None:
                row = MemberPreferences(member_id=event.member_id)
                rows.add(event.member_id, row)
            match event:
                case e.MailPreferenceChanged() if event.kind in KINDS:
                    setattr(row, event.kind, event.wanted)
                case e.CalendarAddressReset():
                    row.calendar_generation += 1
            rows.touch(event.member_id)
        rows.save()


def wanting(kind: str, member_ids: Iterable[UUID], *, using: str = "default") -> list[UUID]:
    """Those of these members who want this kind of mail (defaults for those without a row)."""
    ids = list(dict.fromkeys(member_ids))
    said = dict(MemberPreferences.objects.using(using).filter(member_id__in=ids).values_list("member_id", kind))
    return [m for m in ids if said.get(m, KINDS[kind][1])]


def members_wanting(kind: str, *, using: str = "default") -> list[UUID]:
    """Every member with a row saying yes (for kinds that are off by default: announcements)."""
    return list(MemberPreferences.objects.using(using).filter(**{kind: True}).values_list("member_id", flat=True))


def calendar_generation(member_id: UUID) -> int:
    return MemberPreferences.objects.filter(member_id=member_id).values_list("calendar_generation", flat=True).first() or 0
