"""Helpers for talks tests that use the database: proposals made through the real
commands. (Members and meetups: meetups.testing.)"""

from __future__ import annotations

from uuid import UUID

from talks.confirm.command import confirm_talk
from talks.propose.command import ProposalContent, submit_proposal
from talks.review.command import decide_on_proposal

ABSTRACT = "We test **everything**.\n\n- fixtures\n- parametrize"


def make_proposal(speaker, *, title: str = "Testing with pytest", status: str = "submitted", organiser=None,
                  format: str = "talk", level: str = "beginner", abstract: str = ABSTRACT, notes: str = "",
                  preferred_meetups: list[str] | None = None) -> UUID:
    """`speaker` and `organiser` are users from make_member (with .member_id). `status`:
    submitted, kept_for_later, accepted, confirmed or declined (the last four need an
    organiser)."""
    proposal_id = submit_proposal(
        speaker_id=speaker.member_id,
        content=ProposalContent(title, abstract, format, level, preferred_meetups or [], notes),
    )
    decision = {"kept_for_later": "keep", "accepted": "accept", "confirmed": "accept", "declined": "decline"}.get(status)
    if decision:
        decide_on_proposal(proposal_id=proposal_id, decision=decision, message=f"{decision}: thank you!", by=organiser.member_id)
    if status == "confirmed":
        confirm_talk(proposal_id=proposal_id, by=speaker.member_id)
    return proposal_id
