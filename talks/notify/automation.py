"""Mail that talk events cause, as automations (eventstore/automations.py): recorded in
the outbox once per event and person, behind the commands; the worker delivers it.

- a decision (accepted, declined, kept for later): the organisers' message, to the
  speakers the proposal had at that moment;
- a co-speaker invitation: to the member invited;
- a withdrawal: to the organisers;
- a decision undone (talks/undo/): a correction to the speakers the decision was sent to.

The proposal is folded from its own stream up to the event; addresses and names come
from the members read model when the mail is recorded.
"""

from __future__ import annotations


from django.conf import settings

from eventstore.automations import Automation, Outbox
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.store import event_store
from membership.read_models import emails_of, names_of, organiser_emails
from talks import events as e
from talks.proposal import STATUS_LABELS, Proposal
from web.mail import render_mail

TEMPLATES = {
    e.ProposalAccepted: "talks/notify/accepted.txt",
    e.ProposalDeclined: "talks/notify/declined.txt",
    e.ProposalKeptForLater: "talks/notify/kept.txt",
}


def _proposal_as_of(event: Event) -> Proposal:
    return Proposal.fold(event_store().load(event.originator_id, lte=event.originator_version))


def _render(template: str, context: dict) -> tuple[str, str]:
    return render_mail(template, context | {"my_talks": f"{settings.SITE_URL}/talks/mine/"})


@register
class DecisionMail(Automation):
    name = "talks.decision-mail"
    events = tuple(TEMPLATES)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        proposal = _proposal_as_of(event)
        context = {"title": proposal.title, "message": event.message}
        outbox.mail_all(notification_id, emails_of(proposal.speakers), *_render(TEMPLATES[type(event)], context))


@register
class InvitationMail(Automation):
    name = "talks.invitation-mail"
    events = (e.CoSpeakerInvited,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        proposal = _proposal_as_of(event)
        inviter = names_of([event.invited_by]).get(event.invited_by, "A member")
        context = {"title": proposal.title, "inviter": inviter}
        outbox.mail_all(notification_id, emails_of([event.member_id]), *_render("talks/notify/invited.txt", context))


@register
class WithdrawalMail(Automation):
    name = "talks.withdrawal-mail"
    events = (e.ProposalWithdrawn,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        proposal = _proposal_as_of(event)
        context = {"title": proposal.title, "reason": event.reason}
        outbox.mail_all(notification_id, organiser_emails(), *_render("talks/notify/withdrawn.txt", context))


@register
class DecisionUndoneMail(Automation):
    name = "talks.decision-undone-mail"
    events = (e.ProposalDecisionUndone,)

    def handle(self, notification_id: int, event: Event, outbox: Outbox) -> None:
        history = event_store().load(event.originator_id, lte=event.originator_version)
        told = Proposal.fold(history[: event.undone_version])  # the speakers the decision went to
        undone = history[event.undone_version - 1]
        context = {
            "title": told.title, "undone": UNDONE_WORDS.get(type(undone), "decided on"),
            "status": STATUS_LABELS.get(event.status, event.status),
        }
        outbox.mail_all(notification_id, emails_of(told.speakers), *_render("talks/notify/decision_undone.txt", context))


UNDONE_WORDS = {e.ProposalAccepted: "accepted", e.ProposalDeclined: "declined", e.ProposalKeptForLater: "kept for later"}
