"""Editing one's profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.events import Event
from eventstore.store import execute
from membership.errors import NotAMember
from membership.events import ProfileUpdated
from membership.state import MemberState
from membership.streams import member_stream


@dataclass(frozen=True)
class UpdateProfile:
    display_name: str
    bio: str = ""
    links: list[str] = field(default_factory=list)


def decide_update_profile(history: list[Event], command: UpdateProfile) -> list[Event]:
    """Refuses anyone who has not joined. Saving an unchanged profile records nothing."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    if (member.display_name, member.bio, member.links) == (command.display_name, command.bio, list(command.links)):
        return []
    return [ProfileUpdated(display_name=command.display_name, bio=command.bio, links=list(command.links))]


def update_profile(*, user_id: int, command: UpdateProfile) -> bool:
    """Returns whether anything changed."""
    return bool(execute(member_stream(user_id), lambda history: decide_update_profile(history, command)))
