"""Joining: a user account and its MemberJoined event, committed together."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from eventstore.context import acting_as
from eventstore.events import Event
from eventstore.store import execute
from membership.errors import AlreadyAMember, InvalidProfile
from membership.events import EmailAddressVerified, MemberJoined
from membership.streams import member_stream
from web.text import text_problem


def default_display_name(email: str) -> str:
    return email.split("@", 1)[0][:80] or "Member"


def decide_join(
    history: list[Event], *, user_id: int, email: str, display_name: str, verified: bool = False
) -> list[Event]:
    """Refuses a second join of the same account, and a display name with control
    characters or a line break in it. An address known to be the member's (seed data,
    scripts) is recorded as verified at once."""
    if history:
        raise AlreadyAMember
    if problem := text_problem(display_name, what="The display name", multiline=False):
        raise InvalidProfile(problem)
    joined = MemberJoined(user_id=user_id, email=email, display_name=display_name)
    return [joined, EmailAddressVerified(email=email)] if verified else [joined]


def join(user, *, display_name: str = "", verified: bool = False) -> None:
    """Record that `user` joined. Call it in the transaction that created the user, so
    the user row and the event are never apart."""
    name = display_name.strip() or default_display_name(user.email)
    stream = member_stream(user.pk)
    # Whoever runs this (a visitor signing up, a script), the new member is who joined.
    with acting_as(stream, "member"):
        execute(
            stream,
            lambda history: decide_join(history, user_id=user.pk, email=user.email, display_name=name, verified=verified),
        )


def sign_up(*, email: str, password: str, display_name: str = "", verified: bool = False):
    """Create an account and join, in one transaction (seed data, scripts, tests).
    People signing up on the site go through allauth's form, which calls `join` too."""
    # allauth loads this module (ACCOUNT_FORMS) before the app registry is ready: its models can't be imported at the top.
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        user = get_user_model().objects.create_user(username=email[:150], email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
        join(user, display_name=display_name, verified=verified)
    return user
