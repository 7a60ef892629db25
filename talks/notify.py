"""Emails that talk events cause, sent after commit through Django's tasks:
- a decision (accepted, declined, kept for later): its message, to the speakers;
- a co-speaker invitation: to the member invited;
- a withdrawal: to the organisers."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from django.conf import settings
from django.db import transaction

from community.eventstore.store import Recorded, event_store
from community.mail import send_email
from membership.members.projection import Member
from talks import events as e
from talks.proposal import Proposal

NOTIFYING = (e.ProposalAccepted, e.ProposalDeclined, e.ProposalKeptForLater, e.CoSpeakerInvited, e.ProposalWithdrawn)
SUBJECTS = {
    e.ProposalAccepted: "Your talk “{title}” is accepted",
    e.ProposalDeclined: "About your proposal “{title}”",
    e.ProposalKeptForLater: "Your proposal “{title}” is kept for later",
}


def _emails(member_ids) -> list[str]:
    return list(Member.objects.filter(member_id__in=list(member_ids)).values_list("email", flat=True))


def messages_for(proposal_id: UUID, recorded: Sequence[Recorded]) -> list[dict]:
    proposal = Proposal.fold(event_store().load(proposal_id))
    mine = f"{settings.SITE_URL}/talks/mine/"
    out = []
    for item in recorded:
        event = item.event
        if type(event) in SUBJECTS:
            extra = "\nPlease confirm your talk on " + mine if isinstance(event, e.ProposalAccepted) else ""
            out.append({
                "subject": SUBJECTS[type(event)].format(title=proposal.title),
                "body": f"{event.message}\n{extra}\n",
                "recipients": _emails(proposal.speakers),
            })
        elif isinstance(event, e.CoSpeakerInvited):
            inviter = Member.objects.filter(member_id=event.invited_by).values_list("display_name", flat=True).first()
            out.append({
                "subject": f"{inviter or 'A member'} invites you to co-present “{proposal.title}”",
                "body": f"Accept or decline the invitation on {mine}\n",
                "recipients": _emails([event.member_id]),
            })
        elif isinstance(event, e.ProposalWithdrawn):
            organisers = Member.objects.filter(is_organiser=True).values_list("member_id", flat=True)
            out.append({
                "subject": f"Withdrawn: “{proposal.title}”",
                "body": f"The speakers withdrew “{proposal.title}”.\n{event.reason}\n",
                "recipients": _emails(organisers),
            })
    return [m for m in out if m["recipients"]]


def after_commit(proposal_id: UUID, recorded: Sequence[Recorded]) -> None:
    if not any(isinstance(r.event, NOTIFYING) for r in recorded):
        return

    def send() -> None:
        for message in messages_for(proposal_id, recorded):
            send_email.enqueue(**message)

    transaction.on_commit(send)
