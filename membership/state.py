"""A member as the decisions see it: folded from the member's own stream."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventstore.events import Event
from membership.events import (
    EmailAddressAdded,
    EmailAddressRemoved,
    EmailAddressVerified,
    MemberErased,
    MemberJoined,
    OrganiserAppointed,
    OrganiserStoodDown,
    PrimaryEmailChanged,
    ProfileUpdated,
    PublicProfileHidden,
    PublicProfileShown,
)


@dataclass
class MemberState:
    joined: bool = False
    user_id: int | None = None
    display_name: str = ""
    bio: str = ""
    links: list[str] = field(default_factory=list)
    is_organiser: bool = False
    email: str = ""  # the primary address: where the site's mail goes
    emails: dict[str, bool] = field(default_factory=dict)  # every address -> verified
    public_id: UUID | None = None
    public: bool = False
    erased: bool = False

    @property
    def verified(self) -> bool:
        """Whether the member has shown that an address of theirs is theirs."""
        return any(self.emails.values())

    @classmethod
    def fold(cls, history: list[Event]) -> MemberState:
        state = cls()
        for event in history:
            match event:
                case MemberJoined():
                    state.joined, state.user_id, state.display_name = True, event.user_id, event.display_name
                    state.email = event.email
                    if event.email:
                        state.emails[event.email] = False
                case ProfileUpdated():
                    state.display_name, state.bio, state.links = event.display_name, event.bio, list(event.links)
                case OrganiserAppointed():
                    state.is_organiser = True
                case OrganiserStoodDown():
                    state.is_organiser = False
                case EmailAddressAdded():
                    state.emails.setdefault(event.email, False)
                case EmailAddressVerified():
                    state.emails[event.email] = True
                case PrimaryEmailChanged():
                    state.email = event.email
                    state.emails.setdefault(event.email, False)
                case EmailAddressRemoved():
                    state.emails.pop(event.email, None)
                case PublicProfileShown():
                    state.public, state.public_id = True, event.public_id
                case PublicProfileHidden():
                    state.public = False
                case MemberErased():
                    state.erased, state.public = True, False
                    state.display_name, state.bio, state.links, state.email, state.emails = "", "", [], "", {}
        return state
