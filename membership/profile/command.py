"""Editing one's profile."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.events import Event
from eventstore.store import execute
from membership.errors import InvalidProfile, NotAMember
from membership.events import ProfileUpdated
from membership.state import MemberState
from membership.streams import member_stream
from web.text import text_problem


@dataclass(frozen=True)
class UpdateProfile:
    display_name: str
    bio: str = ""
    links: list[str] = field(default_factory=list)


def decide_update_profile(history: list[Event], command: UpdateProfile) -> list[Event]:
    """Refuses anyone who has not joined, and control characters in the profile (a line
    break in the name or a link). Saving an unchanged profile records nothing."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    texts = [(command.display_name, "The display name", False), (command.bio, "The bio", True)]
    texts += [(link, "A link", False) for link in command.links]
    for text, what, multiline in texts:
        if problem := text_problem(text, what=what, multiline=multiline):
            raise InvalidProfile(problem)
    if (member.display_name, member.bio, member.links) == (command.display_name, command.bio, list(command.links)):
        return []
    return [ProfileUpdated(display_name=command.display_name, bio=command.bio, links=list(command.links))]


def update_profile(*, user_id: int, command: UpdateProfile) -> bool:
    """Returns whether anything changed."""
    return bool(execute(member_stream(user_id), lambda history: decide_update_profile(history, command)))
