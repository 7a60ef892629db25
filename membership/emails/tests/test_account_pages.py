"""Email changes on allauth's account page (/accounts/email/) become events of the
member's stream, and the members projection (every mail from now on) follows the
primary address."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from eventstore.store import event_store
from membership.emails.command import Address, decide_email_addresses
from membership.errors import NotAMember
from membership.events import (
    EmailAddressAdded,
    EmailAddressRemoved,
    EmailAddressVerified,
    MemberJoined,
    PrimaryEmailChanged,
)
from membership.read_models import Member, emails_of

NEW = "ann.new@example.org"


def joined(email="ann@example.com"):
    return MemberJoined(user_id=1, email=email, display_name="Ann")


def test_a_new_address_is_added_then_verified_then_made_primary():
    history = [joined()]
    added = decide_email_addresses(history, [Address("ann@example.com", True, True), Address(NEW, False, False)])
    assert added == [EmailAddressVerified(email="ann@example.com"), EmailAddressAdded(email=NEW)]
    history += added
    assert decide_email_addresses(history, [Address("ann@example.com", True, False), Address(NEW, True, True)]) == [
        EmailAddressVerified(email=NEW), PrimaryEmailChanged(email=NEW),
    ]


def test_what_the_events_already_say_records_nothing():
    history = [joined(), EmailAddressVerified(email="ann@example.com")]
    assert decide_email_addresses(history, [Address("ann@example.com", True, True)]) == []


def test_a_removed_address_is_recorded():
    history = [joined(), EmailAddressAdded(email=NEW)]
    assert decide_email_addresses(history, [Address("ann@example.com", False, True)]) == [EmailAddressRemoved(email=NEW)]


def test_an_account_that_never_joined_is_refused():
    with pytest.raises(NotAMember):
        decide_email_addresses([], [Address(NEW, False, True)])


def types_in(stream) -> list[str]:
    return [type(e).__name__ for e in event_store().load(stream)]


def confirm_link() -> str:
    [message] = [m for m in mail.outbox if NEW in m.to]
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_changing_the_address_on_the_account_pages_reaches_the_members_projection_and_the_mail(client, ann, deliver_mail):
    client.force_login(ann)
    response = client.post("/accounts/email/", {"action_add": "", "email": NEW})
    assert response.status_code == 302
    assert types_in(ann.member_id)[-1] == "EmailAddressAdded"
    assert Member.objects.get(user_id=ann.pk).email == "ann@example.com"  # not confirmed, not primary yet

    deliver_mail()
    assert client.post(confirm_link()).status_code == 302
    assert EmailAddress.objects.get(email=NEW).verified
    assert "EmailAddressVerified" in types_in(ann.member_id)

    client.post("/accounts/email/", {"action_primary": "", "email": NEW})
    assert types_in(ann.member_id)[-1] == "PrimaryEmailChanged"
    assert Member.objects.get(user_id=ann.pk).email == NEW
    assert emails_of([ann.member_id]) == {ann.member_id: NEW}

    client.post("/accounts/email/", {"action_remove": "", "email": "ann@example.com"})
    assert types_in(ann.member_id)[-1] == "EmailAddressRemoved"
    assert list(EmailAddress.objects.filter(user=ann).values_list("email", flat=True)) == [NEW]
