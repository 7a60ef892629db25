"""The data the fuzz and double-submission tests act on: members in three roles, meetups,
proposals in several states, a resource, a series. Made through the real commands."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.utils import timezone

from meetups.preferences.links import calendar_token, unsubscribe_token
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.members.projection import Member
from membership.testing import make_member
from talks.resources.command import ResourceInput, attach_resource
from talks.testing import make_proposal


@dataclass
class World:
    anonymous: None
    member: object  # ann: a speaker, going to the meetup
    organiser: object  # olivia
    other: object  # bob: invited as co-speaker, waitlisted
    slug: str
    past_slug: str
    proposal_id: UUID  # ann's, submitted
    accepted_id: UUID  # ann's, accepted
    resource_id: UUID  # on the accepted talk
    public_id: UUID
    tokens: list[str] = field(default_factory=list)

    def user(self, role: str):
        return {"anonymous": None, "member": self.member, "organiser": self.organiser}[role]

    def uuids(self) -> list[UUID]:
        return [
            self.proposal_id, self.accepted_id, self.resource_id, self.public_id,
            self.member.member_id, self.organiser.member_id, self.other.member_id,
        ]


def make_world() -> World:
    ann = make_member("Ann", verified=True, public=True)
    olivia = make_member("Olivia", organiser=True, verified=True)
    bob = make_member("Bob", verified=True)
    slug = make_meetup("december", capacity=1)
    past_slug = make_meetup("october", starts_in=timedelta(days=-40))
    rsvp(slug=slug, member_id=ann.member_id, now=timezone.now())
    rsvp(slug=slug, member_id=bob.member_id, now=timezone.now())
    proposal_id = make_proposal(ann, preferred_meetups=[slug])
    accepted_id = make_proposal(ann, title="Accepted talk", status="accepted", organiser=olivia)
    resource_id = attach_resource(
        talk_id=accepted_id, resource=ResourceInput("Slides", "https://example.org/slides", "slides"), by=ann.member_id
    )
    public_id = Member.objects.get(member_id=ann.member_id).public_id
    tokens = [unsubscribe_token(ann.member_id, "reminders"), calendar_token(ann.member_id, 0)]
    return World(None, ann, olivia, bob, slug, past_slug, proposal_id, accepted_id, resource_id, public_id, tokens)
