"""Events of a member stream. Released classes never move or change meaning."""

from __future__ import annotations

from dataclasses import dataclass, field

from eventstore.events import Event


@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    user_id: int
    email: str
    display_name: str


@dataclass(frozen=True, kw_only=True)
class ProfileUpdated(Event):
    """The whole profile as the member saved it."""

    display_name: str
    bio: str
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class OrganiserAppointed(Event):
    appointed_by: str  # who did it: "seed_demo", "manage.py", or an organiser's member id


@dataclass(frozen=True, kw_only=True)
class OrganiserStoodDown(Event):
    stood_down_by: str
