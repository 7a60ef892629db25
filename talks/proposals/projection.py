"""The proposals projection: one row per proposal (and talk) with what the pages need
ready: rendered abstract, speakers, status, review statistics, and where it is on an
agenda. Review details are here for organisers only; speaker pages never show them."""

from __future__ import annotations

from statistics import mean, median

from django.db import models

from eventstore.bulk import KeyedRows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from meetups import events as me
from talks import events as e
from talks.proposal import ACCEPTED, CONFIRMED, DECLINED, FORMATS, KEPT, LEVELS, STATUS_LABELS, SUBMITTED, WITHDRAWN
from web.markdown import render_markdown


class TalkProposal(models.Model):
    """Filled only by ProposalsProjection."""

    STATUSES = [(s, STATUS_LABELS[s]) for s in (SUBMITTED, KEPT, ACCEPTED, CONFIRMED, DECLINED, WITHDRAWN)]

    proposal_id = models.UUIDField(primary_key=True)
    title = models.CharField(max_length=200)
    abstract = models.TextField()
    abstract_html = models.TextField()
    format = models.CharField(max_length=20, choices=[(k, v[0]) for k, v in FORMATS.items()])
    level = models.CharField(max_length=20, choices=list(LEVELS.items()))
    preferred_meetups = models.JSONField(default=list)
    notes = models.TextField(blank=True, help_text="To the organisers; never shown publicly.")
    status = models.CharField(max_length=20, choices=STATUSES, db_index=True)
    speaker_ids = models.JSONField(default=list, help_text="Main speaker first, then co-speakers.")
    invited_ids = models.JSONField(default=list)
    reviews = models.JSONField(default=dict, help_text="reviewer member id -> [score, comment]")
    review_count = models.PositiveIntegerField(default=0)
    score_mean = models.FloatField(null=True)
    score_median = models.FloatField(null=True)
    meetup_id = models.UUIDField(null=True, db_index=True)
    slot_starts_at = models.DateTimeField(null=True)
    slot_minutes = models.PositiveIntegerField(null=True)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.BigIntegerField()

    class Meta:
        app_label = "talks"
        ordering = ["-submitted_at"]
        verbose_name = "proposal"

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        """Accepted or confirmed talks have a public page."""
        return self.status in (ACCEPTED, CONFIRMED)

    @property
    def format_label(self) -> str:
        return FORMATS[self.format][0]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class TalkSpeaker(models.Model):
    """Who speaks on which proposal (for the speaker pages). Filled only by
    ProposalsProjection."""

    proposal_id = models.UUIDField()
    member_id = models.UUIDField(db_index=True)
    position = models.PositiveSmallIntegerField(help_text="0 = the speaker who proposed it.")

    class Meta:
        app_label = "talks"
        constraints = [models.UniqueConstraint(fields=["proposal_id", "member_id"], name="talk_speaker_once")]


STATUS_AFTER = {
    e.ProposalAccepted: ACCEPTED,
    e.ProposalDeclined: DECLINED,
    e.ProposalKeptForLater: KEPT,
    e.TalkConfirmed: CONFIRMED,
    e.ProposalWithdrawn: WITHDRAWN,
}


@register
class ProposalsProjection(Projection):
    name = "proposals"
    models = (TalkProposal, TalkSpeaker)
    events = (
        e.ProposalSubmitted, e.ProposalEdited, e.CoSpeakerInvited, e.CoSpeakerAccepted, e.CoSpeakerDeclined,
        e.ProposalReviewed, e.ProposalAccepted, e.ProposalDeclined, e.ProposalKeptForLater, e.TalkConfirmed,
        e.ProposalWithdrawn, e.ProposalDecisionUndone, me.TalkScheduled, me.TalkUnscheduled,
    )

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        keys = [ev.talk_id if isinstance(ev, (me.TalkScheduled, me.TalkUnscheduled)) else ev.originator_id for _, ev in page]
        rows = KeyedRows(TalkProposal, "proposal_id", keys, using=using)
        speakers: list[TalkSpeaker] = []
        for key, (_, event) in zip(keys, page, strict=True):
            if isinstance(event, e.ProposalSubmitted):
                rows.add(key, TalkProposal(
                    proposal_id=key, title=event.title, abstract=event.abstract, abstract_html=render_markdown(event.abstract),
                    format=event.format, level=event.level, preferred_meetups=list(event.preferred_meetups), notes=event.notes,
                    status=SUBMITTED, speaker_ids=[str(event.speaker_id)], submitted_at=event.timestamp,
                    updated_at=event.timestamp, version=event.originator_version,
                ))
                speakers.append(TalkSpeaker(proposal_id=key, member_id=event.speaker_id, position=0))
                continue
            row = rows.get(key)
            match event:
                case e.ProposalEdited():
                    row.title, row.abstract, row.format, row.level = event.title, event.abstract, event.format, event.level
                    row.abstract_html = render_markdown(event.abstract)
                    row.preferred_meetups, row.notes = list(event.preferred_meetups), event.notes
                case e.CoSpeakerInvited():
                    row.invited_ids = [*row.invited_ids, str(event.member_id)]
                case e.CoSpeakerAccepted():
                    row.invited_ids = [m for m in row.invited_ids if m != str(event.member_id)]
                    row.speaker_ids = [*row.speaker_ids, str(event.member_id)]
                    speakers.append(TalkSpeaker(proposal_id=key, member_id=event.member_id, position=len(row.speaker_ids) - 1))
                case e.CoSpeakerDeclined():
                    row.invited_ids = [m for m in row.invited_ids if m != str(event.member_id)]
                case e.ProposalReviewed():
                    row.reviews = {**row.reviews, str(event.reviewer_id): [event.score, event.comment]}
                    scores = [score for score, _ in row.reviews.values()]
                    row.review_count, row.score_mean, row.score_median = len(scores), mean(scores), median(scores)
                case me.TalkScheduled():
                    row.meetup_id, row.slot_starts_at, row.slot_minutes = event.originator_id, event.starts_at, event.minutes
                case me.TalkUnscheduled():
                    if row.meetup_id == event.originator_id:
                        row.meetup_id = row.slot_starts_at = row.slot_minutes = None
                case _ if type(event) in STATUS_AFTER:
                    row.status = STATUS_AFTER[type(event)]
                case e.ProposalDecisionUndone():
                    row.status = event.status
            if not isinstance(event, (me.TalkScheduled, me.TalkUnscheduled)):
                row.version = event.originator_version
            row.updated_at = event.timestamp
            rows.touch(key)
        rows.save()
        if speakers:
            TalkSpeaker.objects.using(using).bulk_create(speakers)
