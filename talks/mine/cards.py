"""What /talks/mine/ shows, built for the page and for one proposal's card (the htmx
partial that the card's forms swap in): my proposals, each with its timeline and what I
can do with it, and the invitations waiting for my answer.

A constant number of queries whatever the number of proposals: the proposals, the
invitations, the events of my proposals in one read, the names, the meetups."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from eventstore.events import Event
from eventstore.store import event_store
from meetups.read_models import MeetupListing
from membership.read_models import names_of
from talks.mine.timeline import SHOWN, Happening, people_in, timeline
from talks.proposal import ACCEPTED, DECLINED, UNDECIDED, WITHDRAWN
from talks.proposals.access import member_id_of
from talks.proposals.projection import TalkProposal, TalkSpeaker
from web.htmx import wants_fragment
from web.refusals import Answer

TEMPLATE = "talks/mine/mine.html"
CARD = TEMPLATE + "#proposal-card"


@dataclass
class Card:
    proposal: TalkProposal
    timeline: list[Happening]
    speakers: list[tuple[str, str]]  # (member id, display name), proposer first
    meetup: MeetupListing | None  # the meetup whose agenda has the talk
    invited: list[str] = field(default_factory=list)  # display names of members yet to answer
    forms: dict[str, forms.Form] = field(default_factory=dict)  # bound forms with errors, by action
    message: str = ""
    level: int = messages.INFO

    @property
    def given(self) -> bool:
        slot = self.proposal.slot_starts_at
        return slot is not None and slot <= timezone.now()

    @property
    def can_edit(self) -> bool:
        return self.proposal.status in UNDECIDED

    @property
    def can_confirm(self) -> bool:
        return self.proposal.status == ACCEPTED

    @property
    def can_invite(self) -> bool:
        return self.proposal.status not in (DECLINED, WITHDRAWN)

    @property
    def can_withdraw(self) -> bool:
        return self.proposal.status not in (DECLINED, WITHDRAWN) and not self.given


def shown_histories(proposal_ids: list[UUID]) -> dict[UUID, list[Event]]:
    """The events the timelines show, of many proposals in one read. Reviews are not even
    read: only the event types a timeline shows are asked for."""
    return event_store().load_many(proposal_ids, types=SHOWN) if proposal_ids else {}




def cards_for(proposals: list[TalkProposal], *, timelines_of: set[UUID] | None = None) -> list[Card]:
    """Cards with names, meetups and (for `timelines_of`, or all) timelines."""
    histories = shown_histories([p.proposal_id for p in proposals if timelines_of is None or p.proposal_id in timelines_of])
    people = {UUID(m) for p in proposals for m in [*p.speaker_ids, *p.invited_ids]}
    for history in histories.values():
        people |= people_in(history)
    names = names_of(people)
    meetup_ids = {p.meetup_id for p in proposals if p.meetup_id}
    meetups = MeetupListing.objects.in_bulk(list(meetup_ids)) if meetup_ids else {}
    return [
        Card(
            proposal=p,
            timeline=timeline(histories.get(p.proposal_id, []), names),
            speakers=[(m, names.get(UUID(m), "a former member")) for m in p.speaker_ids],
            meetup=meetups.get(p.meetup_id),
            invited=[names.get(UUID(m), "a former member") for m in p.invited_ids],
        )
        for p in proposals
    ]


def my_proposals(member_id: UUID) -> list[TalkProposal]:
    """As the speaker who proposed it or as a co-speaker who accepted, newest first."""
    mine = TalkSpeaker.objects.filter(member_id=member_id).values("proposal_id")
    return list(TalkProposal.objects.filter(proposal_id__in=mine).order_by("-submitted_at"))


def my_invitations(member_id: UUID) -> list[TalkProposal]:
    """Open invitations to proposals that co-speakers can still join. (The text match
    narrows in the database, on SQLite too; the exact check is the list test.)"""
    candidates = TalkProposal.objects.filter(invited_ids__icontains=str(member_id)).exclude(status__in=[DECLINED, WITHDRAWN])
    return [p for p in candidates.order_by("-submitted_at") if str(member_id) in p.invited_ids]


def page_context(request: HttpRequest, *, bound: dict[UUID, dict[str, forms.Form]] | None = None) -> dict:
    me = member_id_of(request)
    mine, invitations = my_proposals(me), my_invitations(me)
    cards = cards_for(mine + invitations, timelines_of={p.proposal_id for p in mine})
    for card in cards:
        card.forms = (bound or {}).get(card.proposal.proposal_id, {})
    return {"cards": cards[: len(mine)], "invitations": cards[len(mine) :]}


def render_page(request: HttpRequest, *, bound: dict[UUID, dict[str, forms.Form]]) -> HttpResponse:
    """The whole page again, with a card's form showing its errors (a POST without htmx)."""
    return render(request, TEMPLATE, page_context(request, bound=bound))


def card_answer(request: HttpRequest, proposal_id: UUID) -> Answer:
    """The answer to a card's action (web.refusals.respond): see `respond`."""
    return lambda level, text: respond(request, proposal_id, level, text)


def respond(request: HttpRequest, proposal_id: UUID, level: int, text: str, *, bound: dict[str, forms.Form] | None = None) -> HttpResponse:
    """After a card's action: with htmx, the card alone with the message in it (and the
    form's errors if any); without, back to the page with the message (post/redirect/get),
    or the page with the form's errors."""
    if wants_fragment(request):
        [card] = cards_for([TalkProposal.objects.get(proposal_id=proposal_id)])
        card.forms, card.message, card.level = bound or {}, text, level
        return render(request, CARD, {"card": card})
    if bound:
        return render_page(request, bound={proposal_id: bound})
    messages.add_message(request, level, text)
    return redirect("my-talks")
