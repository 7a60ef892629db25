"""Hypothesis drives RSVPs, cancellations, capacity changes and check-ins in any order
through the real commands, against a simple model of the rules. After each sequence the
seat-count and roster projections must equal the model, and equal a fresh rebuild."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from eventstore import consumers
from eventstore.errors import CommandRefused
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from meetups import events as e
from meetups.checkin.command import check_in
from meetups.listing.projection import MeetupListing
from meetups.meetup import Meetup, meetup_stream
from meetups.roster.projection import RosterEntry
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import change_capacity
from meetups.testing import make_meetup

MEMBERS = [uuid4() for _ in range(8)]


def projected():
    listing = list(MeetupListing.objects.order_by("slug").values())
    roster = list(RosterEntry.objects.order_by("meetup_id", "member_id").values(
        "meetup_id", "member_id", "status", "rsvp_number", "waitlist_position", "attended", "note"))
    return listing, roster


class MeetupMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.slug = f"m-{uuid4().hex[:12]}"
        make_meetup(self.slug, capacity=3)
        self.capacity = 3
        self.going: list = []
        self.waitlist: list = []
        self.attended: set = set()
        self.start = MeetupListing.objects.get(slug=self.slug).starts_at

    @rule(member=st.sampled_from(MEMBERS))
    def rsvp(self, member):
        try:
            [recorded] = rsvp(slug=self.slug, member_id=member, now=timezone.now())
        except CommandRefused:
            assert member in self.going or member in self.waitlist  # the only refusal possible here
            return
        assert member not in self.going and member not in self.waitlist
        if isinstance(recorded.domain_event, e.RsvpConfirmed):
            assert len(self.going) < self.capacity  # a new RSVP is confirmed only below capacity
            self.going.append(member)
            assert len(self.going) <= self.capacity
        else:
            assert len(self.going) >= self.capacity
            self.waitlist.append(member)
            assert recorded.domain_event.position == len(self.waitlist)

    @rule(member=st.sampled_from(MEMBERS))
    def cancel(self, member):
        try:
            cancel_rsvp(slug=self.slug, member_id=member, now=timezone.now())
        except CommandRefused:
            assert member not in self.going and member not in self.waitlist
            return
        if member in self.going:
            self.going.remove(member)
            self.attended.discard(member)
        else:
            self.waitlist.remove(member)
        self._promote()

    @rule(capacity=st.integers(min_value=1, max_value=6))
    def change_capacity(self, capacity):
        if capacity == self.capacity:
            return
        change_capacity(slug=self.slug, capacity=capacity, by="test")
        self.capacity = capacity
        self._promote()

    @precondition(lambda self: self.going)
    @rule(data=st.data(), attended=st.booleans())
    def check_in(self, data, attended):
        member = data.draw(st.sampled_from(self.going))
        check_in(slug=self.slug, member_id=member, attended=attended, by="test", now=self.start - timedelta(minutes=30))
        (self.attended.add if attended else self.attended.discard)(member)

    def _promote(self):
        while self.waitlist and len(self.going) < self.capacity:
            self.going.append(self.waitlist.pop(0))  # first come, first served

    @invariant()
    def the_log_and_the_projections_agree_with_the_model(self):
        meetup = Meetup.fold(event_store().load(meetup_stream(self.slug)))
        assert (meetup.going, meetup.waitlist, meetup.attended) == (self.going, self.waitlist, self.attended)
        assert not set(meetup.going) & set(meetup.waitlist)
        listing = MeetupListing.objects.get(slug=self.slug)
        assert (listing.going_count, listing.waitlist_count, listing.attended_count, listing.capacity) == (
            len(self.going), len(self.waitlist), len(self.attended), self.capacity
        )
        entries = RosterEntry.objects.filter(meetup_id=meetup_stream(self.slug))
        waitlist = list(entries.filter(status="waitlisted").order_by("waitlist_position").values_list("member_id", "waitlist_position"))
        assert waitlist == [(m, i) for i, m in enumerate(self.waitlist, start=1)]
        assert set(entries.filter(status="going").values_list("member_id", flat=True)) == set(self.going)
        assert set(entries.filter(attended=True).values_list("member_id", flat=True)) == self.attended


@pytest.mark.slow
@pytest.mark.django_db
def test_random_sequences_keep_the_rules_and_projections_equal_a_rebuild():
    run_state_machine_as_test(
        MeetupMachine,
        settings=settings(
            max_examples=30, stateful_step_count=20, deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    incremental = projected()
    assert len(incremental[0]) >= 10  # one meetup per example sequence
    for name in ("meetups", "roster"):
        rebuild(consumers.get(Projection, name))
    assert projected() == incremental
