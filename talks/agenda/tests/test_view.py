"""Scheduling from the review page: schedule, move, take out; defaults; refusals come
back as the command's message (never a 500)."""

from datetime import timedelta
from html import unescape

import pytest

from eventstore.store import event_store
from meetups import events as me
from meetups.read_models import MeetupListing
from meetups.streams import meetup_stream
from meetups.testing import cancel_meetup, make_meetup
from talks.agenda.command import schedule_talk
from talks.agenda.panel import to_input
from talks.meetup_agenda import agenda_of
from talks.proposals.projection import TalkProposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


def local(moment) -> str:
    """As the form shows it: whole minutes, rounded up."""
    return to_input(moment)


@pytest.fixture
def january(db):
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    return MeetupListing.objects.get(slug="january")


@pytest.fixture
def talk(olivia, ann):
    return make_proposal(ann, title="Fixtures all the way down", status="confirmed", organiser=olivia, format="talk")


def schedule(client, talk, slug, starts_at, minutes=30):
    return client.post(f"/talks/review/{talk}/schedule/", {"meetup": slug, "starts_at": local(starts_at), "minutes": minutes}, follow=True)


def test_scheduling_puts_the_talk_on_the_meetups_agenda(client, olivia, talk, december):
    client.force_login(olivia)
    response = schedule(client, talk, "december", december.starts_at + timedelta(minutes=15))
    assert response.redirect_chain == [(f"/talks/review/{talk}/#scheduling", 302)]
    assert "“Fixtures all the way down” is on the agenda of December talk night" in text(response)
    row = TalkProposal.objects.get(pk=talk)
    assert (row.meetup_id, local(row.slot_starts_at), row.slot_minutes) == (december.stream_id, local(december.starts_at + timedelta(minutes=15)), 30)
    assert "On the agenda of" in text(response) and "Take out…</button>" in text(response)


def test_the_form_starts_at_the_meetups_start_then_right_after_the_last_talk(client, olivia, ann, talk, december):
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{talk}/"))
    assert f'name="starts_at" value="{local(december.starts_at)}"' in page
    assert 'name="minutes" value="30"' in page
    other = make_proposal(ann, title="Plotting without tears", status="accepted", organiser=olivia, format="short")
    schedule_talk(slug="december", talk_id=other, starts_at=december.starts_at, minutes=45, by="test")
    page = text(client.get(f"/talks/review/{talk}/"))
    assert f'name="starts_at" value="{local(december.starts_at + timedelta(minutes=45))}"' in page
    assert "45 min: Plotting without tears" in page


def test_the_preferred_meetup_is_chosen_first(client, olivia, ann, december, january):
    talk = make_proposal(ann, status="accepted", organiser=olivia, preferred_meetups=["january"], format="lightning")
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{talk}/"))
    assert '<option value="january" selected>' in page
    assert f'name="starts_at" value="{local(january.starts_at)}"' in page and 'name="minutes" value="5"' in page


def test_choosing_a_meetup_with_htmx_swaps_only_the_scheduling_panel(client, olivia, talk, december, january):
    client.force_login(olivia)
    response = client.get(f"/talks/review/{talk}/?meetup=january", headers={"HX-Request": "true"})
    page = text(response)
    assert page.lstrip().startswith('<section id="agenda-panel"')
    assert "<html" not in page
    assert '<input type="hidden" name="meetup" value="january">' in page
    assert f'name="starts_at" value="{local(january.starts_at)}"' in page


def test_cancelled_and_past_meetups_are_not_offered(client, olivia, talk, december, january):
    cancel_meetup(slug="january", message="Snow", by="test")
    make_meetup("october", starts_in=timedelta(days=-30))
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{talk}/"))
    assert '<option value="december"' in page
    assert '<option value="january"' not in page and '<option value="october"' not in page


def test_an_overlapping_slot_is_refused_with_the_commands_message(client, olivia, ann, talk, december):
    other = make_proposal(ann, title="Plotting without tears", status="accepted", organiser=olivia)
    schedule_talk(slug="december", talk_id=other, starts_at=december.starts_at, minutes=30, by="test")
    client.force_login(olivia)
    response = schedule(client, talk, "december", december.starts_at + timedelta(minutes=10))
    assert response.status_code == 200
    assert "Another talk is on the agenda at that time." in text(response)
    assert TalkProposal.objects.get(pk=talk).meetup_id is None


def test_a_slot_past_the_meetups_end_is_refused(client, olivia, talk, december):
    client.force_login(olivia)
    response = schedule(client, talk, "december", december.ends_at - timedelta(minutes=10))
    assert "The talk must fit within the meetup's time: the agenda would run too long." in text(response)


def test_a_submitted_proposal_is_refused(client, olivia, ann, december):
    submitted = make_proposal(ann)
    client.force_login(olivia)
    response = schedule(client, submitted, "december", december.starts_at)
    assert "Only accepted talks go on an agenda; this one is submitted." in text(response)
    assert "Only accepted talks go on an agenda." in text(response)


def test_a_missing_start_time_is_refused(client, olivia, talk, december):
    client.force_login(olivia)
    response = client.post(f"/talks/review/{talk}/schedule/", {"meetup": "december", "starts_at": "", "minutes": "30"}, follow=True)
    assert "Please give a start time." in text(response)


def test_moving_takes_the_talk_off_one_agenda_and_onto_another(client, olivia, talk, december, january):
    client.force_login(olivia)
    schedule(client, talk, "december", december.starts_at)
    response = schedule(client, talk, "january", january.starts_at + timedelta(minutes=30))
    assert "“Fixtures all the way down” moved to the agenda of January talk night" in text(response)
    assert agenda_of(event_store().load(meetup_stream("december"))) == {}
    assert list(agenda_of(event_store().load(meetup_stream("january")))) == [talk]
    assert TalkProposal.objects.get(pk=talk).meetup_id == january.stream_id
    assert [type(x.domain_event) for x in event_store().read(types=[me.TalkUnscheduled])] == [me.TalkUnscheduled]


def test_a_refused_move_leaves_the_talk_where_it_was(client, olivia, ann, talk, december, january):
    blocker = make_proposal(ann, title="Plotting without tears", status="accepted", organiser=olivia)
    schedule_talk(slug="january", talk_id=blocker, starts_at=january.starts_at, minutes=60, by="test")
    client.force_login(olivia)
    schedule(client, talk, "december", december.starts_at)
    response = schedule(client, talk, "january", january.starts_at + timedelta(minutes=30))
    assert "Another talk is on the agenda at that time." in text(response)
    assert list(agenda_of(event_store().load(meetup_stream("december")))) == [talk]
    assert TalkProposal.objects.get(pk=talk).meetup_id == december.stream_id


def test_retiming_on_the_same_meetup_is_a_move(client, olivia, talk, december):
    client.force_login(olivia)
    schedule(client, talk, "december", december.starts_at)
    schedule(client, talk, "december", december.starts_at + timedelta(minutes=60))
    row = TalkProposal.objects.get(pk=talk)
    assert (row.meetup_id, local(row.slot_starts_at)) == (december.stream_id, local(december.starts_at + timedelta(minutes=60)))


def test_taking_out_clears_the_slot(client, olivia, talk, december):
    client.force_login(olivia)
    schedule(client, talk, "december", december.starts_at)
    response = client.post(f"/talks/review/{talk}/unschedule/", follow=True)
    assert "“Fixtures all the way down” is off the agenda of December talk night." in text(response)
    row = TalkProposal.objects.get(pk=talk)
    assert (row.meetup_id, row.slot_starts_at, row.slot_minutes) == (None, None, None)
    again = client.post(f"/talks/review/{talk}/unschedule/", follow=True)
    assert "This talk is not on an agenda." in text(again)


def test_declining_an_accepted_talk_takes_it_off_its_agenda(client, olivia, ann, december):
    talk = make_proposal(ann, status="accepted", organiser=olivia)
    schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at, minutes=30, by="test")
    client.force_login(olivia)
    client.post(f"/talks/review/{talk}/decide/", {"decision": "decline", "message": "Sorry, the evening is full."})
    assert agenda_of(event_store().load(meetup_stream("december"))) == {}
    row = TalkProposal.objects.get(pk=talk)
    assert (row.status, row.meetup_id) == ("declined", None)


@pytest.mark.parametrize(
    ("minutes", "starts_at", "message"),
    [
        ("99999999999999999999", None, "Minutes are a whole number from 1 to 600."),
        ("-5", None, "Minutes are a whole number from 1 to 600."),
        ("٣", None, "Minutes are a whole number from 1 to 600."),  # an Arabic-Indic 3: int() would take it
        ("601", None, "Minutes are a whole number from 1 to 600."),
        ("30", "9999-12-31T23:00", "The start must be a date and time between the years 1900 and 2999."),
        ("30", "99999-01-01T10:00", "The start must be a date and time between the years 1900 and 2999."),
        ("30", "٢٠٢٦-12-08T19:00", "The start must be a date and time between the years 1900 and 2999."),
    ],
    ids=["huge-minutes", "negative-minutes", "arabic-indic-minutes", "601-minutes", "year-9999", "year-99999", "arabic-indic-start"],
)
def test_out_of_range_minutes_or_starts_are_refused_with_a_message_and_nothing_recorded(client, olivia, talk, december,
                                                                                         minutes, starts_at, message):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post(
        f"/talks/review/{talk}/schedule/",
        {"meetup": "december", "starts_at": starts_at or local(december.starts_at), "minutes": minutes},
    )
    assert (response.status_code, response["Location"]) == (302, f"/talks/review/{talk}/?meetup=december#scheduling")
    assert message in text(client.get(response["Location"]))
    assert event_store().max_notification_id() == before
    assert TalkProposal.objects.get(pk=talk).meetup_id is None


def test_taking_a_talk_off_the_agenda_asks_first(client, olivia, talk, december):
    client.force_login(olivia)
    schedule(client, talk, "december", december.starts_at + timedelta(minutes=15))
    detail = text(client.get(f"/talks/review/{talk}/"))
    assert f'<form method="get" action="/talks/review/{talk}/unschedule/"' in detail
    confirm = text(client.get(f"/talks/review/{talk}/unschedule/"))
    assert "Take this talk off the agenda?" in confirm and "Its slot becomes free" in confirm
    assert TalkProposal.objects.get(pk=talk).meetup_id is not None  # asking changed nothing
    response = client.post(f"/talks/review/{talk}/unschedule/", follow=True)
    assert "is off the agenda of December talk night" in text(response)
    assert TalkProposal.objects.get(pk=talk).meetup_id is None
