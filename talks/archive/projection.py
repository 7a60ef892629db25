"""The archive projection: every talk that went on an agenda, with its speakers, meetup,
tags and resources, ready to list, filter and search.

It keeps its own small tables of member names and meetups (filled from their events), so
it depends on no other projection and can be rebuilt alone. Search documents are kept
up to date by the projector itself: a tsvector column (GIN index) on PostgreSQL, an FTS5
table on SQLite (see search.py)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.personal import FORMER_MEMBER
from eventstore.projections import Projection
from meetups import events as me
from membership import events as mb
from talks import events as e
from talks.archive import search
from web.markdown import render_markdown

LISTED_STATUSES = ("accepted", "confirmed")


class ArchiveMember(models.Model):
    member_id = models.UUIDField(primary_key=True)
    name = models.CharField(max_length=80)

    class Meta:
        app_label = "talks"


class ArchiveMeetup(models.Model):
    meetup_id = models.UUIDField(primary_key=True)
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    cancelled = models.BooleanField(default=False)

    class Meta:
        app_label = "talks"


class ArchiveEntry(models.Model):
    """One row per proposal; `listed` ones (accepted, on a meetup's agenda, meetup not
    cancelled) are the archive, once their time has passed. Filled only by
    ArchiveProjection."""

    talk_id = models.UUIDField(primary_key=True)
    title = models.CharField(max_length=200)
    abstract = models.TextField()
    abstract_html = models.TextField()
    format = models.CharField(max_length=20)
    level = models.CharField(max_length=20, db_index=True)
    status = models.CharField(max_length=20)
    speaker_ids = models.JSONField(default=list)
    speakers = models.JSONField(default=list, help_text='[{"id": ..., "name": ...}] in speaking order')
    speakers_text = models.TextField(blank=True)
    speaker_ids_text = models.TextField(blank=True, help_text="Space-separated ids, to find a speaker's talks.")
    tags = models.JSONField(default=list)
    tags_text = models.TextField(blank=True, help_text='" tag1 tag2 " (spaces around each, for filtering)')
    resources = models.JSONField(default=list, help_text='[{"id","title","url","kind"}] in the order attached')
    resource_kinds = models.TextField(blank=True, help_text='" slides video "')
    resource_titles = models.TextField(blank=True)
    meetup_id = models.UUIDField(null=True, db_index=True)
    meetup_slug = models.SlugField(max_length=80, blank=True)
    meetup_title = models.CharField(max_length=200, blank=True)
    starts_at = models.DateTimeField(null=True, db_index=True)
    year = models.PositiveSmallIntegerField(null=True, db_index=True)
    listed = models.BooleanField(default=False, db_index=True)
    search = SearchVectorField(null=True)  # PostgreSQL only; SQLite searches its FTS5 table

    class Meta:
        app_label = "talks"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title


TALK_EVENTS = (
    e.ProposalSubmitted, e.ProposalEdited, e.CoSpeakerAccepted, e.ProposalAccepted, e.ProposalDeclined,
    e.ProposalKeptForLater, e.TalkConfirmed, e.ProposalWithdrawn, e.ResourceAttached, e.ResourceChanged,
    e.ResourceRemoved, e.TalkTagged, e.ProposalDecisionUndone,
)
STATUS_AFTER = {
    e.ProposalAccepted: "accepted", e.TalkConfirmed: "confirmed", e.ProposalDeclined: "declined",
    e.ProposalKeptForLater: "kept_for_later", e.ProposalWithdrawn: "withdrawn",
}


@register
class ArchiveProjection(Projection):
    name = "archive"
    models = (ArchiveEntry, ArchiveMember, ArchiveMeetup)
    events = (
        mb.MemberJoined, mb.ProfileUpdated, mb.MemberErased, me.MeetupScheduled, me.MeetupDetailsChanged,
        me.MeetupRescheduled, me.MeetupCancelled, me.MeetupReinstated, me.TalkScheduled, me.TalkUnscheduled, *TALK_EVENTS,
    )

    def wipe(self, using: str) -> None:
        super().wipe(using)
        search.backend(using).clear()

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        talk_keys, member_keys, meetup_keys = set(), set(), set()
        for _, ev in page:
            if isinstance(ev, (mb.MemberJoined, mb.ProfileUpdated, mb.MemberErased)):
                member_keys.add(ev.originator_id)
            elif isinstance(
                ev, (me.MeetupScheduled, me.MeetupDetailsChanged, me.MeetupRescheduled, me.MeetupCancelled, me.MeetupReinstated)
            ):
                meetup_keys.add(ev.originator_id)
            elif isinstance(ev, (me.TalkScheduled, me.TalkUnscheduled)):
                talk_keys.add(ev.talk_id)
                meetup_keys.add(ev.originator_id)
            else:
                talk_keys.add(ev.originator_id)
        # The search document is written by the search backend, after the rows (search.py).
        entries = KeyedRows(ArchiveEntry, "talk_id", talk_keys, using=using, omit=["search"])
        members = KeyedRows(ArchiveMember, "member_id", member_keys, using=using)
        meetups = KeyedRows(ArchiveMeetup, "meetup_id", meetup_keys, using=using)
        renamed: set[UUID] = set()
        changed_meetups: set[UUID] = set()
        new_text: set[UUID] = set()  # talks whose abstract changed: rendered again

        for _, ev in page:
            match ev:
                case mb.MemberJoined():
                    members.add(ev.originator_id, ArchiveMember(member_id=ev.originator_id, name=ev.display_name))
                case mb.ProfileUpdated() | mb.MemberErased():
                    # An erased member's talks stay, under "Former member" or the name they chose to keep.
                    name = ev.display_name if isinstance(ev, mb.ProfileUpdated) else ev.kept_name_on_talks or FORMER_MEMBER
                    member = members.get(ev.originator_id)
                    if member is not None and member.name != name:
                        member.name = name
                        members.touch(ev.originator_id)
                        renamed.add(ev.originator_id)
                case me.MeetupScheduled():
                    meetups.add(ev.originator_id, ArchiveMeetup(meetup_id=ev.originator_id, slug=ev.slug, title=ev.title, starts_at=ev.starts_at))
                case me.MeetupDetailsChanged() | me.MeetupRescheduled() | me.MeetupCancelled() | me.MeetupReinstated():
                    meetup = meetups.get(ev.originator_id)
                    if isinstance(ev, me.MeetupDetailsChanged):
                        meetup.title = ev.title
                    elif isinstance(ev, me.MeetupRescheduled):
                        meetup.starts_at = ev.starts_at
                    else:
                        meetup.cancelled = isinstance(ev, me.MeetupCancelled)
                    meetups.touch(ev.originator_id)
                    changed_meetups.add(ev.originator_id)
                case e.ProposalSubmitted():
                    entries.add(ev.originator_id, ArchiveEntry(
                        talk_id=ev.originator_id, title=ev.title, abstract=ev.abstract, format=ev.format, level=ev.level,
                        status="submitted", speaker_ids=[str(ev.speaker_id)],
                    ))
                case me.TalkScheduled():
                    entry = entries.get(ev.talk_id)
                    entry.meetup_id, entry.starts_at = ev.originator_id, ev.starts_at
                    entries.touch(ev.talk_id)
                case me.TalkUnscheduled():
                    entry = entries.get(ev.talk_id)
                    if entry.meetup_id == ev.originator_id:
                        entry.meetup_id = entry.starts_at = None
                    entries.touch(ev.talk_id)
                case _:
                    entry = entries.get(ev.originator_id)
                    self._apply_to_entry(entry, ev)
                    if isinstance(ev, e.ProposalEdited):
                        new_text.add(ev.originator_id)
                    entries.touch(ev.originator_id)
        members.save()
        meetups.save()

        # Rows outside this page whose speaker or meetup changed.
        manager = ArchiveEntry.objects.using(using)
        for member_id in renamed:
            for entry in manager.filter(speaker_ids_text__contains=str(member_id)):
                if entry.talk_id not in entries.rows and entry.talk_id not in entries.new:
                    entries.rows[entry.talk_id] = entry
                entries.touch(entry.talk_id)
        if changed_meetups:
            for entry in manager.filter(meetup_id__in=changed_meetups):
                if entry.talk_id not in entries.rows and entry.talk_id not in entries.new:
                    entries.rows[entry.talk_id] = entry
                entries.touch(entry.talk_id)

        dirty = [*entries.new.values(), *(entries.rows[k] for k in entries.changed)]
        if not dirty:
            return
        names = dict(ArchiveMember.objects.using(using).filter(
            member_id__in={UUID(i) for d in dirty for i in d.speaker_ids}).values_list("member_id", "name"))
        meetup_rows = ArchiveMeetup.objects.using(using).in_bulk({d.meetup_id for d in dirty if d.meetup_id})
        for entry in dirty:
            self._derive(entry, names, meetup_rows, render=entry.talk_id in new_text or entry.talk_id in entries.new)
        entries.save()
        search.backend(using).index([d.talk_id for d in dirty])

    @staticmethod
    def _apply_to_entry(entry: ArchiveEntry, ev: Event) -> None:
        match ev:
            case e.ProposalEdited():
                entry.title, entry.abstract, entry.format, entry.level = ev.title, ev.abstract, ev.format, ev.level
            case e.CoSpeakerAccepted():
                entry.speaker_ids = [*entry.speaker_ids, str(ev.member_id)]
            case e.ResourceAttached():
                entry.resources = [*entry.resources, {"id": str(ev.resource_id), "title": ev.title, "url": ev.url, "kind": ev.kind}]
            case e.ResourceChanged():
                entry.resources = [
                    {"id": r["id"], "title": ev.title, "url": ev.url, "kind": ev.kind} if r["id"] == str(ev.resource_id) else r
                    for r in entry.resources
                ]
            case e.ResourceRemoved():
                entry.resources = [r for r in entry.resources if r["id"] != str(ev.resource_id)]
            case e.TalkTagged():
                entry.tags = list(ev.tags)
            case _ if type(ev) in STATUS_AFTER:
                entry.status = STATUS_AFTER[type(ev)]
            case e.ProposalDecisionUndone():
                entry.status = ev.status

    @staticmethod
    def _derive(entry: ArchiveEntry, names: dict, meetups: dict, *, render: bool = True) -> None:
        """Fields computed from the facts, so every row is self-consistent. The abstract's
        HTML is rendered again only when the abstract changed (`render`): a row read back
        holds the HTML of its abstract already (Markdown costs more than the rest of a row)."""
        if render or (entry.abstract and not entry.abstract_html):
            entry.abstract_html = render_markdown(entry.abstract)
        entry.speakers = [{"id": i, "name": names.get(UUID(i), "A member")} for i in entry.speaker_ids]
        entry.speakers_text = ", ".join(s["name"] for s in entry.speakers)
        entry.speaker_ids_text = " ".join(entry.speaker_ids)
        entry.tags_text = " " + " ".join(entry.tags) + " " if entry.tags else ""
        entry.resource_kinds = " " + " ".join(sorted({r["kind"] for r in entry.resources})) + " " if entry.resources else ""
        entry.resource_titles = " ".join(r["title"] for r in entry.resources)
        meetup = meetups.get(entry.meetup_id) if entry.meetup_id else None
        entry.meetup_slug = meetup.slug if meetup else ""
        entry.meetup_title = meetup.title if meetup else ""
        entry.year = entry.starts_at.year if entry.starts_at else None
        entry.listed = bool(meetup and not meetup.cancelled and entry.status in LISTED_STATUSES)
