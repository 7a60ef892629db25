"""Rules of a meetup's agenda: pure decisions on the meetup's and the talk's streams."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from meetups.builders import END, START, meetup_cancelled, scheduled
from talks import errors
from talks.agenda.command import decide_schedule_talk
from talks.builders import (
    TALK,
    accepted,
    confirmed_talk,
    declined,
    edited,
    kept,
    off_agenda,
    on_agenda,
    submitted,
    withdrawn,
)
from talks.meetup_agenda import agenda_of, decide_unschedule_talk

OTHER = uuid4()
ACCEPTED_TALK = [submitted(), accepted()]


def schedule(meetup, talk=ACCEPTED_TALK, *, at=START, minutes=30):
    return decide_schedule_talk(meetup, talk, talk_id=TALK, starts_at=at, minutes=minutes, by="olivia")


@pytest.mark.parametrize("talk", [ACCEPTED_TALK, [submitted(), accepted(), confirmed_talk()]], ids=["accepted", "confirmed"])
def test_an_accepted_or_confirmed_talk_goes_on_the_agenda(talk):
    assert schedule([scheduled()], talk) == [on_agenda(TALK, starts_at=START, minutes=30)]


@pytest.mark.parametrize(
    ("talk", "status"),
    [([submitted()], "submitted"), ([submitted(), kept()], "kept for later"), ([submitted(), declined()], "declined"),
     ([submitted(), accepted(), withdrawn()], "withdrawn")],
)
def test_only_accepted_talks_go_on_an_agenda(talk, status):
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled()], talk)
    assert refusal.value.message == f"Only accepted talks go on an agenda; this one is {status}."


def test_without_minutes_the_slot_lasts_as_long_as_the_format():
    then = schedule([scheduled()], [submitted(format="lightning"), accepted()], minutes=None)
    assert then == [on_agenda(TALK, starts_at=START, minutes=5)]


def test_a_talk_overlapping_another_is_refused():
    given = [scheduled(), on_agenda(OTHER, starts_at=START, minutes=30)]
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule(given, at=START + timedelta(minutes=29))
    assert refusal.value.message == "Another talk is on the agenda at that time."


def test_talks_back_to_back_do_not_overlap():
    given = [scheduled(), on_agenda(OTHER, starts_at=START, minutes=30)]
    assert schedule(given, at=START + timedelta(minutes=30)) == [on_agenda(TALK, starts_at=START + timedelta(minutes=30))]


@pytest.mark.parametrize("at", [START - timedelta(minutes=1), END - timedelta(minutes=29)], ids=["before-start", "past-end"])
def test_a_slot_outside_the_meetups_time_is_refused(at):
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled()], at=at)
    assert refusal.value.message == "The talk must fit within the meetup's time: the agenda would run too long."


def test_a_cancelled_meetup_takes_no_talks():
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled(), meetup_cancelled()])
    assert refusal.value.message == "“December talk night” is cancelled."


def test_a_talk_already_on_the_agenda_is_not_added_twice():
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled(), on_agenda(TALK, starts_at=START)], at=START + timedelta(minutes=60))
    assert refusal.value.message == "This talk is already on this meetup's agenda."


def test_taking_out_a_talk_that_is_on_the_agenda():
    given = [scheduled(), on_agenda(TALK)]
    assert decide_unschedule_talk(given, talk_id=TALK, reason="taken_out", by="olivia") == [off_agenda(TALK, "taken_out")]


def test_taking_out_a_talk_that_is_not_on_the_agenda_is_refused():
    given = [scheduled(), on_agenda(TALK), off_agenda(TALK)]
    with pytest.raises(errors.AgendaConflict) as refusal:
        decide_unschedule_talk(given, talk_id=TALK, reason="taken_out", by="olivia")
    assert refusal.value.message == "This talk is not on that meetup's agenda."


def test_moving_is_out_of_one_agenda_and_into_another():
    december = [scheduled(), on_agenda(TALK, starts_at=START)]
    january = [scheduled(start=START + timedelta(days=30), end=END + timedelta(days=30))]
    out = decide_unschedule_talk(december, talk_id=TALK, reason="moved", by="olivia")
    into = schedule(january, at=START + timedelta(days=30, minutes=15))
    assert out == [off_agenda(TALK, "moved")]
    assert into == [on_agenda(TALK, starts_at=START + timedelta(days=30, minutes=15))]
    assert agenda_of(december + out) == {}
    assert list(agenda_of(january + into)) == [TALK]


def test_a_slot_freed_by_taking_a_talk_out_can_be_taken():
    given = [scheduled(), on_agenda(OTHER, starts_at=START), off_agenda(OTHER)]
    assert schedule(given) == [on_agenda(TALK, starts_at=START)]


def test_the_agenda_records_the_talks_latest_title():
    talk = [submitted(title="Fixtures"), edited(title="Fixtures all the way down"), accepted()]
    assert schedule([scheduled()], talk) == [on_agenda(TALK, title="Fixtures all the way down")]


@pytest.mark.parametrize("minutes", [601, -5, 10**20], ids=["601", "negative", "huge"])
def test_a_slot_of_more_than_ten_hours_or_less_than_a_minute_is_refused(minutes):
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled()], minutes=minutes)
    assert refusal.value.message == "A talk takes from 1 to 600 minutes."


@pytest.mark.parametrize(
    "at", [datetime(9999, 12, 31, 23, 0, tzinfo=UTC), datetime(1, 1, 1, 0, 0, tzinfo=UTC)], ids=["year-9999", "year-1"]
)
def test_a_start_far_outside_the_meetup_is_refused_before_its_end_is_computed(at):
    # 600 minutes after 23:00 on 31 December 9999 is past datetime.max: an OverflowError
    # (a 500) if the end were computed before the start was checked.
    with pytest.raises(errors.AgendaConflict) as refusal:
        schedule([scheduled()], at=at, minutes=600)
    assert refusal.value.message == "The talk must fit within the meetup's time: the agenda would run too long."
