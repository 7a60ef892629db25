"""Showing or hiding one's public profile. Profiles are private until the member shows
theirs; the address of a public profile is a random id drawn the first time and kept
(members/<public_id>/), so nobody finds a profile by counting member ids."""

from __future__ import annotations

from uuid import UUID, uuid4

from eventstore.events import Event
from eventstore.store import execute
from membership.errors import NotAMember, NotVerified
from membership.events import PublicProfileHidden, PublicProfileShown
from membership.state import MemberState
from membership.streams import member_stream


def decide_show_profile(history: list[Event], *, new_public_id: UUID) -> list[Event]:
    """Refuses anyone who has not joined (or was erased) and a member with no confirmed
    email address: unverified sign-ups never have a public profile. Showing a profile
    already shown records nothing; showing it again after hiding keeps its address."""
    member = MemberState.fold(history)
    if not member.joined or member.erased:
        raise NotAMember
    if not member.verified:
        raise NotVerified
    if member.public:
        return []
    return [PublicProfileShown(public_id=member.public_id or new_public_id)]


def decide_hide_profile(history: list[Event]) -> list[Event]:
    """Refuses anyone who has not joined; hiding a hidden profile records nothing."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    return [PublicProfileHidden()] if member.public else []


def show_profile(*, user_id: int) -> bool:
    new_public_id = uuid4()
    return bool(execute(member_stream(user_id), lambda h: decide_show_profile(h, new_public_id=new_public_id)))


def hide_profile(*, user_id: int) -> bool:
    return bool(execute(member_stream(user_id), decide_hide_profile))
