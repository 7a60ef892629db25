"""Builders for given/when/then tests of talks rules (no database). Meetup builders
(scheduled, meetup_cancelled, START, END): community.meetups.builders."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from community.meetups.builders import START, member
from talks import events as e

TALK = uuid5(UUID("00000000-0000-0000-0000-0000000074a1"), "talk")
OLIVIA = member("olivia")  # an organiser
ANN = member("ann")  # a speaker


def submitted(speaker: UUID = ANN, *, title: str = "Testing with pytest", format: str = "talk") -> e.ProposalSubmitted:
    return e.ProposalSubmitted(speaker_id=speaker, title=title, abstract="We test.", format=format, level="beginner")


def reviewed(reviewer: UUID = OLIVIA, score: int = 4, comment: str = "Good fit") -> e.ProposalReviewed:
    return e.ProposalReviewed(reviewer_id=reviewer, score=score, comment=comment)


def accepted(message: str = "Welcome aboard") -> e.ProposalAccepted:
    return e.ProposalAccepted(message=message, decided_by=OLIVIA)


def declined(message: str = "Not this time") -> e.ProposalDeclined:
    return e.ProposalDeclined(message=message, decided_by=OLIVIA)


def kept(message: str = "Maybe in spring") -> e.ProposalKeptForLater:
    return e.ProposalKeptForLater(message=message, decided_by=OLIVIA)


def confirmed_talk(speaker: UUID = ANN) -> e.TalkConfirmed:
    return e.TalkConfirmed(confirmed_by=speaker)


def withdrawn(speaker: UUID = ANN) -> e.ProposalWithdrawn:
    return e.ProposalWithdrawn(withdrawn_by=speaker)


def cfp_opened() -> e.CallForProposalsOpened:
    return e.CallForProposalsOpened(opened_by="olivia")


def cfp_closed() -> e.CallForProposalsClosed:
    return e.CallForProposalsClosed(closed_by="olivia")


def on_agenda(talk: UUID = TALK, *, starts_at: datetime = START, minutes: int = 30, title: str = "Testing with pytest") -> e.TalkScheduled:
    return e.TalkScheduled(talk_id=talk, title=title, starts_at=starts_at, minutes=minutes, scheduled_by="olivia")


def off_agenda(talk: UUID = TALK, reason: str = "taken_out") -> e.TalkUnscheduled:
    return e.TalkUnscheduled(talk_id=talk, reason=reason, unscheduled_by="olivia")
