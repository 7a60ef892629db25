"""Which schedule changes the feed lists, made from the agenda events (no database)."""

from datetime import UTC, datetime
from uuid import uuid4

import pytest
from django.utils import timezone
from eventsourcing.persistence import Notification, Recording

from talks.builders import ANN, off_agenda, on_agenda, withdrawn
from talks.schedule.changes import MeetupRef, schedule_changes

DECEMBER, JANUARY, TALK, SECRET = uuid4(), uuid4(), uuid4(), uuid4()
MEETUPS = {DECEMBER: MeetupRef("December talk night", "december"), JANUARY: MeetupRef("January talk night", "january")}
AT = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # 7:00 PM in New York


def log(*stream_and_events):
    """(stream id, event) pairs, oldest first -> Recording, newest first (as read_latest)."""
    out = []
    for n, (stream, event) in enumerate(stream_and_events, start=1):
        event = type(event)(**{**event.__dict__, "originator_id": stream})
        out.append(Recording(event, Notification(id=n, originator_id=stream, originator_version=1, topic="", state=b"")))
    return out[::-1]


@pytest.fixture(autouse=True)
def _new_york(settings):
    settings.TIME_ZONE = "America/New_York"
    with timezone.override("America/New_York"):
        yield


def titles(changes):
    return [(c.notification_id, c.title, c.url) for c in changes]


def test_a_talk_put_on_an_agenda_is_added_at_that_meetup():
    changes = schedule_changes(log((DECEMBER, on_agenda(TALK, starts_at=AT))), talk_titles={}, meetups=MEETUPS)
    assert titles(changes) == [(1, "Talk added: Testing with pytest at December talk night", f"/talks/{TALK}/")]
    assert changes[0].summary == "“Testing with pytest” is on the agenda of December talk night, Monday 7 December 2026, 7:00 PM."


def test_out_of_one_agenda_and_into_another_is_one_move():
    history = log(
        (DECEMBER, on_agenda(TALK, starts_at=AT)),
        (DECEMBER, off_agenda(TALK, "moved")),
        (JANUARY, on_agenda(TALK, starts_at=AT)),
    )
    assert titles(schedule_changes(history, talk_titles={}, meetups=MEETUPS)) == [
        (3, "Talk moved: Testing with pytest to January talk night", f"/talks/{TALK}/"),
        (1, "Talk added: Testing with pytest at December talk night", f"/talks/{TALK}/"),
    ]


def test_a_talk_taken_out_links_to_the_meetup():
    history = log((DECEMBER, on_agenda(TALK)), (DECEMBER, off_agenda(TALK, "taken_out")))
    assert titles(schedule_changes(history, talk_titles={TALK: "Fixtures"}, meetups=MEETUPS))[0] == (
        2, "Talk taken out: Fixtures from December talk night", "/meetups/december/",
    )


def test_a_withdrawn_talk_that_was_on_an_agenda_is_one_entry():
    history = log((DECEMBER, on_agenda(TALK, title="Fixtures")), (TALK, withdrawn(ANN)), (DECEMBER, off_agenda(TALK, "withdrawn")))
    assert titles(schedule_changes(history, talk_titles={TALK: "Fixtures"}, meetups=MEETUPS)) == [
        (3, "Talk withdrawn: Fixtures", "/meetups/december/"),
        (1, "Talk added: Fixtures at December talk night", f"/talks/{TALK}/"),
    ]


def test_a_withdrawn_proposal_that_was_never_on_an_agenda_is_no_schedule_change():
    assert schedule_changes(log((SECRET, withdrawn(ANN))), talk_titles={SECRET: "Unannounced"}, meetups=MEETUPS) == []


def test_control_characters_in_old_titles_are_dropped_from_titles_and_summaries():
    # Recorded before control characters were refused; XML 1.0 cannot hold them.
    meetups = {DECEMBER: MeetupRef("December\x1b talk night", "december")}
    history = log((DECEMBER, on_agenda(TALK, starts_at=AT, title="Fix\x0btures")), (DECEMBER, off_agenda(TALK, "taken_out")))
    changes = schedule_changes(history, talk_titles={TALK: "Fix\x00tures"}, meetups=meetups)
    assert [(c.title, c.summary) for c in changes] == [
        ("Talk taken out: Fixtures from December talk night", "“Fixtures” is no longer on the agenda of December talk night."),
        ("Talk added: Fixtures at December talk night",
         "“Fixtures” is on the agenda of December talk night, Monday 7 December 2026, 7:00 PM."),
    ]
