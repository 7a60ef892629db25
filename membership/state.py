"""A member as the decisions see it: folded from the member's own stream."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.events import Event
from membership.events import MemberJoined, OrganiserAppointed, OrganiserStoodDown, ProfileUpdated


@dataclass
class MemberState:
    joined: bool = False
    user_id: int | None = None
    display_name: str = ""
    bio: str = ""
    links: list[str] = field(default_factory=list)
    is_organiser: bool = False

    @classmethod
    def fold(cls, history: list[Event]) -> MemberState:
        state = cls()
        for event in history:
            match event:
                case MemberJoined():
                    state.joined, state.user_id, state.display_name = True, event.user_id, event.display_name
                case ProfileUpdated():
                    state.display_name, state.bio, state.links = event.display_name, event.bio, list(event.links)
                case OrganiserAppointed():
                    state.is_organiser = True
                case OrganiserStoodDown():
                    state.is_organiser = False
        return state
