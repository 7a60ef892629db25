"""Email addresses changed on the account pages (allauth's /accounts/email/) become
events of the member's stream, so the members projection, and through it every mail the
site sends from now on (membership.read_models.emails_of), follow the primary address.

allauth keeps its own table of addresses (the login needs it). After each of its signals
(added, confirmed, made primary, removed) the member's addresses as allauth now has them
are the command's input; the decision compares them with the events and records the
differences. So a signal allauth sends twice, or a change it makes without a signal (a
confirmation that also makes the address primary), records each fact once.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventstore.events import Event
from eventstore.store import execute
from membership.errors import NotAMember
from membership.events import EmailAddressAdded, EmailAddressRemoved, EmailAddressVerified, PrimaryEmailChanged
from membership.state import MemberState
from membership.streams import member_stream


@dataclass(frozen=True)
class Address:
    email: str
    verified: bool
    primary: bool


def decide_email_addresses(history: list[Event], addresses: list[Address]) -> list[Event]:
    """Refuses an account that has not joined (and an erased member, who has no account
    left). Records what changed: new addresses, confirmations, the primary address,
    removals; nothing when the events already say it all."""
    member = MemberState.fold(history)
    if not member.joined or member.erased:
        raise NotAMember
    new: list[Event] = []
    known = dict(member.emails)
    for address in addresses:
        if address.email not in known:
            new.append(EmailAddressAdded(email=address.email))
            known[address.email] = False
        if address.verified and not known[address.email]:
            new.append(EmailAddressVerified(email=address.email))
    primary = next((a.email for a in addresses if a.primary), None)
    if primary is not None and primary != member.email:
        new.append(PrimaryEmailChanged(email=primary))
    current = {a.email for a in addresses}
    new += [EmailAddressRemoved(email=email) for email in known if email not in current]
    return new


def record_email_addresses(*, user_id: int, addresses: list[Address]) -> int:
    """Returns how many events were recorded."""
    return len(execute(member_stream(user_id), lambda history: decide_email_addresses(history, addresses)))


def record_addresses_of(user) -> int:
    """The addresses allauth holds for `user`, recorded (the signal handlers, scripts)."""
    # allauth's models need the app registry: this module is imported while apps load (membership.apps).
    from allauth.account.models import EmailAddress

    rows = EmailAddress.objects.filter(user=user).order_by("pk")
    return record_email_addresses(
        user_id=user.pk, addresses=[Address(email=r.email, verified=r.verified, primary=r.primary) for r in rows]
    )
