"""Organisers are members with staff rights. The event is the record of who appointed
whom; the user's `is_staff` flag (what Django's admin checks) changes in the same
transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from eventstore.events import Event
from eventstore.store import execute
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


# What organisers may do in the admin (each change there still goes through a command).
ORGANISER_PERMISSIONS = [
    ("community", "add_meetuplisting"),
    ("community", "change_meetuplisting"),
    ("community", "view_meetuplisting"),
    ("community", "view_rosterentry"),
    # Series (issue 11): started, changed, skipped and ended in the admin through commands.
    ("community", "add_serieslisting"),
    ("community", "change_serieslisting"),
    ("community", "view_serieslisting"),
    # The outgoing email list; "change" only for its "Try again now" action (eventstore/admin.py).
    ("eventstore", "change_outboxmessage"),
    ("eventstore", "view_outboxmessage"),
    ("membership", "view_member"),
    ("talks", "view_talkproposal"),
]


def organisers_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Organisers")
    wanted = Permission.objects.none()
    for app_label, codename in ORGANISER_PERMISSIONS:
        wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    group.permissions.set(wanted)
    return group


def appoint_organiser(*, user_id: int, by: str) -> None:
    with transaction.atomic():
        execute(member_stream(user_id), lambda history: decide_appoint(history, by=by))
        user = get_user_model().objects.get(pk=user_id)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(organisers_group())


def stand_down_organiser(*, user_id: int, by: str) -> None:
    with transaction.atomic():
        execute(member_stream(user_id), lambda history: decide_stand_down(history, by=by))
        user = get_user_model().objects.get(pk=user_id)
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
        user.groups.remove(*Group.objects.filter(name="Organisers"))
