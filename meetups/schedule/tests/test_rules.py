from dataclasses import replace
from datetime import timedelta
from uuid import UUID

import pytest

from meetups import errors
from meetups import events as e
from meetups.builders import (
    END,
    NOW,
    START,
    capacity_changed,
    confirmed,
    meetup_cancelled,
    promoted,
    scheduled,
    waitlisted,
)
from meetups.schedule.command import MeetupPlan, decide_cancel, decide_change_capacity, decide_revise, decide_schedule

PLAN = MeetupPlan(
    title="December talk night", description="Talks.", starts_at=START, ends_at=END,
    venue_name="Library", venue_address="1 Main St", capacity=10,
)


def test_scheduling_defaults_the_rsvp_window_to_open_now_and_close_at_the_start():
    then = decide_schedule([], slug="december", plan=PLAN, by="olivia", now=NOW)
    assert then == [scheduled(capacity=10, opens=NOW, closes=START)]


def test_a_slug_is_used_once():
    with pytest.raises(errors.SlugTaken):
        decide_schedule([scheduled()], slug="december", plan=PLAN, by="olivia", now=NOW)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ends_at": START}, "end after it starts"),
        ({"capacity": 0}, "at least 1"),
        ({"title": "  "}, "needs a title"),
        ({"rsvp_opens_at": START, "rsvp_closes_at": START - timedelta(hours=1)}, "close after they open"),
        ({"rsvp_closes_at": END + timedelta(hours=1)}, "after the meetup has ended"),
    ],
)
def test_inconsistent_plans_are_refused_with_a_message(change, message):
    with pytest.raises(errors.InvalidMeetup, match=message):
        decide_schedule([], slug="december", plan=replace(PLAN, **change), by="olivia", now=NOW)


def test_raising_the_capacity_promotes_waitlisted_members_in_order():
    given = [scheduled(capacity=1), confirmed("ann"), waitlisted("bob", 1), waitlisted("cat", 2), waitlisted("dan", 3)]
    then = decide_change_capacity(given, capacity=3, by="olivia")
    assert then == [capacity_changed(3), promoted("bob", "capacity_raised", 6), promoted("cat", "capacity_raised", 6)]


def test_lowering_the_capacity_below_the_confirmed_count_removes_nobody():
    given = [scheduled(capacity=3), confirmed("ann"), confirmed("bob"), confirmed("cat")]
    assert decide_change_capacity(given, capacity=1, by="olivia") == [capacity_changed(1)]


def test_revising_records_one_event_per_kind_of_change():
    given = [scheduled(capacity=10, opens=NOW, closes=START)]
    later = START + timedelta(days=1)
    plan = replace(PLAN, starts_at=later, ends_at=later + timedelta(hours=2), venue_name="Hall", rsvp_closes_at=later)
    then = decide_revise(given, plan=plan, by="olivia", now=NOW)
    assert then == [
        e.VenueChanged(venue_name="Hall", venue_address="1 Main St", venue_map_url="", changed_by="olivia"),
        e.MeetupRescheduled(
            starts_at=later, ends_at=later + timedelta(hours=2), rsvp_opens_at=NOW, rsvp_closes_at=later, rescheduled_by="olivia"
        ),
    ]


def test_revising_without_changes_records_nothing():
    given = [scheduled(capacity=10, opens=NOW, closes=START)]
    assert decide_revise(given, plan=PLAN, by="olivia", now=NOW) == []


def test_a_cancelled_meetup_cannot_be_revised_or_cancelled_again():
    with pytest.raises(errors.MeetupCancelled):
        decide_revise([scheduled(), meetup_cancelled()], plan=PLAN, by="olivia", now=NOW)
    with pytest.raises(errors.MeetupCancelled):
        decide_cancel([scheduled(), meetup_cancelled()], message="again", by="olivia")


def test_cancelling_needs_a_message_for_the_members():
    with pytest.raises(errors.InvalidMeetup):
        decide_cancel([scheduled()], message=" ", by="olivia")
    assert decide_cancel([scheduled()], message="Snow storm", by="olivia") == [meetup_cancelled("Snow storm")]


def test_rescheduling_moves_the_agenda_by_the_same_amount():
    talk = UUID(int=7)
    scheduled_talk = e.TalkScheduled(talk_id=talk, title="Fixtures", starts_at=START, minutes=30, scheduled_by="olivia")
    given = [scheduled(capacity=10, opens=NOW, closes=START), scheduled_talk]
    later = START + timedelta(days=1)
    plan = replace(PLAN, starts_at=later, ends_at=later + timedelta(hours=2), rsvp_closes_at=later)
    then = decide_revise(given, plan=plan, by="olivia", now=NOW)
    assert then[1:] == [
        e.TalkUnscheduled(talk_id=talk, reason="moved", unscheduled_by="olivia"),
        e.TalkScheduled(talk_id=talk, title="Fixtures", starts_at=later, minutes=30, scheduled_by="olivia"),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "December\x0btalk night"}, "The title contains invisible control characters; please retype it."),
        ({"title": "December\ntalk night"}, "The title must be on one line, without line breaks or tabs."),
        ({"venue_name": "Lib\x00rary"}, "The venue contains invisible control characters; please retype it."),
        ({"venue_address": "1 Main St\t2nd floor"}, "The address must be on one line, without line breaks or tabs."),
        ({"description": "Talks.\x1b[2J"}, "The description contains invisible control characters; please retype it."),
    ],
    ids=["title-U+000B", "title-line-break", "venue-NUL", "address-tab", "description-escape"],
)
def test_control_characters_in_a_plan_are_refused(change, message):
    with pytest.raises(errors.InvalidMeetup) as refusal:
        decide_schedule([], slug="december", plan=replace(PLAN, **change), by="olivia", now=NOW)
    assert refusal.value.message == message
    with pytest.raises(errors.InvalidMeetup) as refusal:
        decide_revise([scheduled()], plan=replace(PLAN, **change), by="olivia", now=NOW)
    assert refusal.value.message == message


def test_a_description_keeps_its_line_breaks():
    [event] = decide_schedule([], slug="december", plan=replace(PLAN, description="Talks.\n\n\t- pizza"), by="olivia", now=NOW)
    assert event.description == "Talks.\n\n\t- pizza"


def test_a_cancel_message_with_control_characters_is_refused():
    with pytest.raises(errors.InvalidMeetup) as refusal:
        decide_cancel([scheduled()], message="Snow\x00 storm", by="olivia")
    assert refusal.value.message == "The message contains invisible control characters; please retype it."
