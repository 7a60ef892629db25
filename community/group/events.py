"""Events of the group's own stream (GROUP_STREAM): who the group is, as organisers
describe it. One small stream: organisers rarely edit it, so its writes never race.

Leaves: this module imports nothing of the project but the event base. Released classes
never move or change meaning: add a new class, or upcast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventstore.events import Event

GROUP_STREAM = UUID("6b0f3d8e-2c4a-4e71-9a5d-1f8c7e2b9d40")


@dataclass(frozen=True, kw_only=True)
class GroupDescribed(Event):
    """The group's face as organisers wrote it; each save that changes something records
    all the fields (a page shows the latest)."""

    name: str
    summary: str  # one paragraph, plain text
    meets_where: str  # "Room 201, Richmond Public Library"
    meets_when: str  # "Third Tuesday of every month, 5:45 PM"
    chat_url: str
    code_of_conduct: str  # Markdown, rendered sanitised
    about: str  # Markdown, rendered sanitised
    described_by: str


@dataclass(frozen=True, kw_only=True)
class SponsorsListed(Event):
    """The group's sponsors, in the order shown: each {"name": ..., "url": ...}."""

    sponsors: list[dict[str, str]] = field(default_factory=list)
    listed_by: str
