"""The members projection: one row per member, what the profile pages need."""

from __future__ import annotations

from django.db import models

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.personal import FORMER_MEMBER
from eventstore.projections import Projection
from membership import events as mb
from membership.events import MemberJoined, OrganiserAppointed, OrganiserStoodDown, ProfileUpdated


class Member(models.Model):
    """Filled only by MembersProjection. Never save() it anywhere else."""

    member_id = models.UUIDField(primary_key=True)
    user_id = models.BigIntegerField(unique=True)
    email = models.EmailField()
    display_name = models.CharField(max_length=80)
    bio = models.TextField(blank=True)
    links = models.JSONField(default=list, blank=True)
    is_organiser = models.BooleanField(default=False)
    public_id = models.UUIDField(null=True, blank=True, unique=True, help_text="Random: the public profile's address.")
    is_public = models.BooleanField(default=False, help_text="The member chose to show a public profile.")
    erased = models.BooleanField(default=False, help_text="Erased: a former member, nothing personal left.")
    joined_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.BigIntegerField(help_text="Version of the member stream this row reflects.")

    class Meta:
        app_label = "membership"
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


@register
class MembersProjection(Projection):
    name = "members"
    models = (Member,)
    events = (
        MemberJoined, ProfileUpdated, OrganiserAppointed, OrganiserStoodDown, mb.PrimaryEmailChanged,
        mb.PublicProfileShown, mb.PublicProfileHidden, mb.MemberErased,
    )

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        rows = KeyedRows(Member, "member_id", (e.originator_id for _, e in page), using=using)
        for _, event in page:
            key = event.originator_id
            match event:
                case MemberJoined():
                    rows.add(
                        key,
                        Member(
                            member_id=key,
                            user_id=event.user_id,
                            email=event.email,
                            display_name=event.display_name,
                            joined_at=event.timestamp,
                            updated_at=event.timestamp,
                            version=event.originator_version,
                        ),
                    )
                    continue
                case ProfileUpdated():
                    row = rows.get(key)
                    row.display_name, row.bio, row.links = event.display_name, event.bio, list(event.links)
                case OrganiserAppointed():
                    row = rows.get(key)
                    row.is_organiser = True
                case OrganiserStoodDown():
                    row = rows.get(key)
                    row.is_organiser = False
                case mb.PrimaryEmailChanged():
                    row = rows.get(key)
                    row.email = event.email
                case mb.PublicProfileShown():
                    row = rows.get(key)
                    row.is_public, row.public_id = True, event.public_id
                case mb.PublicProfileHidden():
                    row = rows.get(key)
                    row.is_public = False
                case mb.MemberErased():
                    row = rows.get(key)
                    row.display_name, row.email, row.bio, row.links = FORMER_MEMBER, "", "", []
                    row.is_public, row.erased = False, True
                case _:
                    continue
            row.updated_at = event.timestamp
            row.version = event.originator_version
            rows.touch(key)
        rows.save()
