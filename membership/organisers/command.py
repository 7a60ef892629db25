"""Organisers are members with staff rights. The event is the record of who appointed
whom; the user's `is_staff` flag (what Django's admin checks) changes in the same
transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from community.eventstore.events import Event
from community.eventstore.store import execute
from membership.errors import AlreadyAnOrganiser, NotAMember
from membership.events import OrganiserAppointed, OrganiserStoodDown
from membership.state import MemberState
from membership.streams import member_stream


def decide_appoint(history: list[Event], *, by: str) -> list[Event]:
    """Refuses non-members and members who already are organisers."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    if member.is_organiser:
        raise AlreadyAnOrganiser(member.display_name)
    return [OrganiserAppointed(appointed_by=by)]


def decide_stand_down(history: list[Event], *, by: str) -> list[Event]:
    """Standing down someone who is not an organiser records nothing."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    return [OrganiserStoodDown(stood_down_by=by)] if member.is_organiser else []


def appoint_organiser(*, user_id: int, by: str) -> None:
    with transaction.atomic():
        execute(member_stream(user_id), lambda history: decide_appoint(history, by=by))
        get_user_model().objects.filter(pk=user_id).update(is_staff=True)


def stand_down_organiser(*, user_id: int, by: str) -> None:
    with transaction.atomic():
        execute(member_stream(user_id), lambda history: decide_stand_down(history, by=by))
        get_user_model().objects.filter(pk=user_id).update(is_staff=False, is_superuser=False)
