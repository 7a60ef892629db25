"""Builders for given/when/then tests of talks rules (no database). Meetup builders
(scheduled, meetup_cancelled, START, END): meetups.builders."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid5

from meetups import events as me
from meetups.builders import START, member
from talks import events as e
from talks.propose.command import ProposalContent

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


def on_agenda(talk: UUID = TALK, *, starts_at: datetime = START, minutes: int = 30, title: str = "Testing with pytest") -> me.TalkScheduled:
    return me.TalkScheduled(talk_id=talk, title=title, starts_at=starts_at, minutes=minutes, scheduled_by="olivia")


def off_agenda(talk: UUID = TALK, reason: str = "taken_out") -> me.TalkUnscheduled:
    return me.TalkUnscheduled(talk_id=talk, reason=reason, unscheduled_by="olivia")


# -- proposal content, edits, co-speakers (the member-facing rules) ----------------------------

BOB, CAT = member("bob"), member("cat")  # co-speakers, or strangers to a proposal


def content(title: str = "Testing with pytest", abstract: str = "We test.", format: str = "talk", level: str = "beginner",
            preferred_meetups: list[str] | None = None, notes: str = "") -> ProposalContent:
    """What a speaker types into the proposal form (the same as submitted()'s defaults)."""
    return ProposalContent(title, abstract, format, level, preferred_meetups or [], notes)


def edited(by: UUID = ANN, *, title: str = "Testing with pytest", abstract: str = "We test.", format: str = "talk",
           level: str = "beginner", preferred_meetups: list[str] | None = None, notes: str = "") -> e.ProposalEdited:
    return e.ProposalEdited(title=title, abstract=abstract, format=format, level=level,
                            preferred_meetups=preferred_meetups or [], notes=notes, edited_by=by)


def invited(who: UUID = BOB, by: UUID = ANN) -> e.CoSpeakerInvited:
    return e.CoSpeakerInvited(member_id=who, invited_by=by)


def joined(who: UUID = BOB) -> e.CoSpeakerAccepted:
    """The invited member accepted: a co-speaker from now on."""
    return e.CoSpeakerAccepted(member_id=who)


def turned_down(who: UUID = BOB) -> e.CoSpeakerDeclined:
    """The invited member declined the invitation."""
    return e.CoSpeakerDeclined(member_id=who)


def withdrawn_because(reason: str, by: UUID = ANN) -> e.ProposalWithdrawn:
    return e.ProposalWithdrawn(withdrawn_by=by, reason=reason)


def at(event: e.Event, minutes: int) -> e.Event:
    """The event stamped `minutes` after a fixed moment (timelines show when)."""
    return replace(event, timestamp=datetime(2026, 11, 1, 18, 0, tzinfo=UTC) + timedelta(minutes=minutes))
