"""Meetup agendas as the public pages show them, read from the proposals projection:
the talks on each meetup's agenda in time order, with their speakers' names. A fixed
number of queries whatever the number of meetups and talks (two: talks, then names)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from membership.read_models import Member
from talks.proposal import ACCEPTED, CONFIRMED, FORMATS, LEVELS
from talks.proposals.projection import TalkProposal

PUBLIC_FIELDS = ["proposal_id", "title", "format", "level", "status", "speaker_ids", "meetup_id", "slot_starts_at", "slot_minutes"]


@dataclass(frozen=True)
class Speaker:
    member_id: UUID
    name: str

    @property
    def url(self) -> str:
        return f"/speakers/{self.member_id}/"


@dataclass(frozen=True)
class AgendaItem:
    talk_id: UUID
    title: str
    format: str
    level: str
    starts_at: datetime
    minutes: int
    speakers: tuple[Speaker, ...]

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.minutes)

    @property
    def url(self) -> str:
        return f"/talks/{self.talk_id}/"

    @property
    def format_label(self) -> str:
        return FORMATS[self.format][0]

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


def agendas_of(meetup_ids: Iterable[UUID]) -> dict[UUID, list[AgendaItem]]:
    """Each meetup's agenda (an empty list when it has none). Only accepted or confirmed
    talks: a talk that left that state also left the agenda (withdrawal, decline), but
    a public page should not depend on it."""
    meetup_ids = list(meetup_ids)
    agendas: dict[UUID, list[AgendaItem]] = {meetup_id: [] for meetup_id in meetup_ids}
    if not meetup_ids:
        return agendas
    rows = list(
        TalkProposal.objects.filter(meetup_id__in=meetup_ids, status__in=[ACCEPTED, CONFIRMED])
        .only(*PUBLIC_FIELDS)
        .order_by("slot_starts_at", "title")
    )
    names = speaker_names(m for row in rows for m in row.speaker_ids)
    by_meetup: dict[UUID, list[AgendaItem]] = defaultdict(list)
    for row in rows:
        by_meetup[row.meetup_id].append(AgendaItem(
            talk_id=row.proposal_id, title=row.title, format=row.format, level=row.level,
            starts_at=row.slot_starts_at, minutes=row.slot_minutes,
            speakers=tuple(Speaker(UUID(m), names.get(UUID(m), "A member")) for m in row.speaker_ids),
        ))
    agendas.update(by_meetup)
    return agendas


def speaker_names(member_ids: Iterable[str | UUID]) -> dict[UUID, str]:
    ids = {UUID(str(m)) for m in member_ids}
    if not ids:
        return {}
    return dict(Member.objects.filter(member_id__in=ids).values_list("member_id", "display_name"))
