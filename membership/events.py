"""Events of a member stream. Released classes never move or change meaning.

Personal fields (names, email addresses, what the member wrote about themselves) are
sealed with the member's own key (`personal_data`, eventstore/personal.py); once the
member is erased they read as the placeholders given here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar
from uuid import UUID

from eventstore.events import Event
from eventstore.personal import FORMER_MEMBER, PersonalData

_OWN = "originator_id"  # a member stream's id is the member id


@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    personal_data: ClassVar = PersonalData(subject=_OWN, fields={"email": "", "display_name": FORMER_MEMBER})

    user_id: int
    email: str
    display_name: str


@dataclass(frozen=True, kw_only=True)
class ProfileUpdated(Event):
    """The whole profile as the member saved it."""

    personal_data: ClassVar = PersonalData(subject=_OWN, fields={"display_name": FORMER_MEMBER, "bio": "", "links": []})

    display_name: str
    bio: str
    links: list[str] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class OrganiserAppointed(Event):
    appointed_by: str  # who did it: "seed_demo", "manage.py", or an organiser's member id


@dataclass(frozen=True, kw_only=True)
class OrganiserStoodDown(Event):
    stood_down_by: str


# -- email addresses (the account pages: allauth's signals, membership/emails/) -----------------
_EMAIL = PersonalData(subject=_OWN, fields={"email": ""})


@dataclass(frozen=True, kw_only=True)
class EmailAddressAdded(Event):
    personal_data: ClassVar = _EMAIL
    email: str


@dataclass(frozen=True, kw_only=True)
class EmailAddressVerified(Event):
    """The member followed the link mailed to this address (or an organiser's tool did)."""

    personal_data: ClassVar = _EMAIL
    email: str


@dataclass(frozen=True, kw_only=True)
class PrimaryEmailChanged(Event):
    """From now on the site's mail to the member goes to this address."""

    personal_data: ClassVar = _EMAIL
    email: str


@dataclass(frozen=True, kw_only=True)
class EmailAddressRemoved(Event):
    personal_data: ClassVar = _EMAIL
    email: str


# -- a public profile (private unless the member shows it) --------------------------------------
@dataclass(frozen=True, kw_only=True)
class PublicProfileShown(Event):
    """The member chose to show a public profile at /members/<public_id>/. `public_id` is
    random (uuid4), drawn the first time and kept: nobody finds a profile by counting."""

    public_id: UUID


@dataclass(frozen=True, kw_only=True)
class PublicProfileHidden(Event):
    pass


# -- erasure ------------------------------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class MemberErased(Event):
    """The member's key was destroyed in the same transaction: their personal data in the
    log reads as "Former member" from now on. `by` is "member" (they asked on
    /members/me/delete/) or the organiser's member id (the admin's delete);
    `kept_name_on_talks` is the name they chose to leave on the talks they gave ("" for
    none), stored in the clear on purpose."""

    by: str
    kept_name_on_talks: str = ""
