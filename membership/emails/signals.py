"""allauth's email signals, each followed by recording the member's addresses
(command.py). Connected in membership.apps."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from membership.emails.command import record_addresses_of
from membership.members.projection import Member


def _record(user) -> None:
    if user is None or not getattr(user, "pk", None):
        return
    if not Member.objects.filter(user_id=user.pk).exists():
        return  # an account that never joined (a superuser made by createsuperuser)
    record_addresses_of(user)


def on_email_change(sender, request=None, user=None, email_address=None, to_email_address=None, **kwargs) -> None:
    address = email_address or to_email_address
    if user is None and address is not None:
        user = get_user_model().objects.filter(pk=address.user_id).first()
    _record(user)


def connect() -> None:
    # allauth's signals module imports its models: only once the app registry is ready.
    from allauth.account import signals

    for signal in (signals.email_added, signals.email_confirmed, signals.email_changed, signals.email_removed):
        signal.connect(on_email_change, dispatch_uid=f"membership-emails-{id(signal)}")
