"""The public schedule as a page, as JSON and as an Atom feed of changes; the meetup
page's agenda."""

import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from html import unescape

import pytest
from django.utils import dateformat, timezone

from eventstore.store import event_store
from eventstore.testing import control_characters_old_releases_stored
from meetups import events as me
from meetups.read_models import MeetupListing
from meetups.streams import meetup_stream
from meetups.testing import cancel_meetup, make_meetup
from membership.testing import make_member
from talks import events as e
from talks.agenda.command import move_talk, schedule_talk
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.meetup_agenda import take_out_talk
from talks.testing import make_proposal
from talks.withdraw.command import withdraw_proposal

ATOM = "{http://www.w3.org/2005/Atom}"


def text(response) -> str:
    return unescape(response.content.decode())


def accepted_talk(speaker, organiser, title, **kwargs):
    return make_proposal(speaker, title=title, status="confirmed", organiser=organiser, **kwargs)


def test_the_schedule_lists_upcoming_meetups_with_their_agendas(client, olivia, ann, december):
    bob = make_member("Bob")
    first = accepted_talk(ann, olivia, "Fixtures all the way down", level="advanced")
    invite_co_speaker(proposal_id=first, by=ann.member_id, member_id=bob.member_id)
    answer_invitation(proposal_id=first, member_id=bob.member_id, accept=True)
    second = accepted_talk(bob, olivia, "Plotting without tears", format="lightning")
    schedule_talk(slug="december", talk_id=second, starts_at=december.starts_at + timedelta(minutes=30), minutes=None, by="test")
    schedule_talk(slug="december", talk_id=first, starts_at=december.starts_at, minutes=None, by="test")
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    make_meetup("october", title="October talk night", starts_in=timedelta(days=-30))
    page = text(client.get("/schedule/"))
    assert page.index("December talk night") < page.index("Fixtures all the way down") < page.index("Plotting without tears")
    assert page.index("Plotting without tears") < page.index("January talk night") < page.index("The agenda will be announced soon.")
    assert "October talk night" not in page
    assert f'<a href="/talks/{first}/">Fixtures all the way down</a>' in page
    assert f'by <a href="/speakers/{ann.member_id}/">Ann</a> and <a href="/speakers/{bob.member_id}/">Bob</a>' in page
    assert "· Talk (30 min) · Advanced" in page and "· Lightning talk (5 min) · Beginner" in page
    start = timezone.localtime(december.starts_at)
    assert f'{start:%-I:%M} {"AM" if start.hour < 12 else "PM"}</time>' in page


def test_the_schedule_says_when_there_are_no_meetups(client, db):
    assert "No meetups are scheduled yet." in text(client.get("/schedule/"))


def test_talks_not_on_an_agenda_are_not_on_the_schedule(client, olivia, ann, december):
    accepted_talk(ann, olivia, "Fixtures all the way down")
    make_proposal(ann, title="Secret submission")
    page = text(client.get("/schedule/"))
    assert "Fixtures all the way down" not in page and "Secret submission" not in page
    assert "The agenda will be announced soon." in page


@pytest.mark.parametrize("talks", [1, 3])
def test_the_schedule_page_makes_a_fixed_number_of_queries(client, olivia, ann, december, django_assert_num_queries, talks, settings):
    settings.PREPARED_PAGES = False  # the fresh render's queries (a prepared page's: web/tests/test_prepared.py)
    make_meetup("january", starts_in=timedelta(days=40))
    for i in range(talks):
        talk = accepted_talk(make_member(f"Speaker{i}"), olivia, f"Talk {i}")
        schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at + timedelta(minutes=30 * i), minutes=30, by="test")
    with django_assert_num_queries(4):  # the group's face, meetups, their talks, the speakers' names
        client.get("/schedule/")
    with django_assert_num_queries(3):
        client.get("/schedule.json")


def test_the_schedule_as_json(client, olivia, ann, december):
    talk = accepted_talk(ann, olivia, "Fixtures all the way down", level="intermediate")
    schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at, minutes=25, by="test")
    response = client.get("/schedule.json")
    assert response["Content-Type"] == "application/json"
    local = timezone.localtime
    assert json.loads(response.content) == {
        "meetups": [{
            "slug": "december",
            "title": "December talk night",
            "starts_at": local(december.starts_at).isoformat(timespec="seconds"),
            "ends_at": local(december.ends_at).isoformat(timespec="seconds"),
            "venue": "Main Library, 101 E Franklin St, Richmond, VA",
            "url": "http://testserver/meetups/december/",
            "cancelled": False,
            "agenda": [{
                "talk_id": str(talk),
                "title": "Fixtures all the way down",
                "starts_at": local(december.starts_at).isoformat(timespec="seconds"),
                "minutes": 25,
                "format": "talk",
                "level": "intermediate",
                "speakers": [{"member_id": str(ann.member_id), "name": "Ann", "url": f"http://testserver/speakers/{ann.member_id}/"}],
                "url": f"http://testserver/talks/{talk}/",
            }],
        }],
    }
    assert json.loads(response.content)["meetups"][0]["starts_at"][-6:] in ("-05:00", "-04:00")  # New York, with its offset


def test_a_cancelled_meetup_stays_in_the_json_marked_cancelled(client, december):
    cancel_meetup(slug="december", message="Snow", by="test")
    assert [(m["slug"], m["cancelled"]) for m in client.get("/schedule.json").json()["meetups"]] == [("december", True)]


def test_the_feed_lists_schedule_changes_newest_first(client, olivia, ann, december, settings):
    settings.SITE_URL = "https://convene.example.org"
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    january = MeetupListing.objects.get(slug="january")
    fixtures = accepted_talk(ann, olivia, "Fixtures all the way down")
    plotting = accepted_talk(ann, olivia, "Plotting without tears")
    lightning = accepted_talk(ann, olivia, "Five lightning minutes")
    schedule_talk(slug="december", talk_id=fixtures, starts_at=december.starts_at, minutes=30, by="test")
    schedule_talk(slug="december", talk_id=plotting, starts_at=december.starts_at + timedelta(minutes=30), minutes=30, by="test")
    schedule_talk(slug="december", talk_id=lightning, starts_at=december.starts_at + timedelta(minutes=60), minutes=5, by="test")
    move_talk(from_slug="december", to_slug="january", talk_id=fixtures, starts_at=january.starts_at, minutes=30, by="test")
    take_out_talk(slug="december", talk_id=plotting, by="test")
    withdraw_proposal(proposal_id=lightning, by=ann.member_id, scheduled_at="december")
    response = client.get("/schedule/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.findtext(f"{ATOM}title") == "Convene: schedule changes"
    entries = feed.findall(f"{ATOM}entry")
    assert [(x.findtext(f"{ATOM}title"), x.find(f"{ATOM}link").get("href")) for x in entries] == [
        ("Talk withdrawn: Five lightning minutes", "https://convene.example.org/meetups/december/"),
        ("Talk taken out: Plotting without tears from December talk night", "https://convene.example.org/meetups/december/"),
        ("Talk moved: Fixtures all the way down to January talk night", f"https://convene.example.org/talks/{fixtures}/"),
        ("Talk added: Five lightning minutes at December talk night", f"https://convene.example.org/talks/{lightning}/"),
        ("Talk added: Plotting without tears at December talk night", f"https://convene.example.org/talks/{plotting}/"),
        ("Talk added: Fixtures all the way down at December talk night", f"https://convene.example.org/talks/{fixtures}/"),
    ]
    ids = [x.findtext(f"{ATOM}id") for x in entries]
    assert len(set(ids)) == 6 and all(i.startswith("tag:convene.example.org,2026:schedule-change:") for i in ids)
    assert client.get("/schedule/feed/").content == response.content  # stable ids and dates


def test_a_withdrawn_proposal_that_was_never_scheduled_stays_out_of_the_feed(client, olivia, ann):
    secret = make_proposal(ann, title="Unannounced idea")
    withdraw_proposal(proposal_id=secret, by=ann.member_id)
    feed = ET.fromstring(client.get("/schedule/feed/").content)
    assert feed.findall(f"{ATOM}entry") == []
    assert b"Unannounced idea" not in client.get("/schedule/feed/").content


def test_the_meetup_page_shows_its_agenda(client, olivia, ann, december):
    talk = accepted_talk(ann, olivia, "Fixtures all the way down", format="long")
    schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at, minutes=None, by="test")
    page = text(client.get("/meetups/december/"))
    agenda = page[page.index('id="agenda-heading"'):]
    assert f'<a href="/talks/{talk}/">Fixtures all the way down</a>' in agenda
    assert f'by <a href="/speakers/{ann.member_id}/">Ann</a>' in agenda
    assert "· Long talk (45 min) · Beginner" in agenda
    assert "The agenda will be announced soon." not in page


def test_the_meetup_page_without_talks_says_the_agenda_is_coming(client, december):
    assert "The agenda will be announced soon." in text(client.get("/meetups/december/"))


def test_the_rsvp_panel_partial_has_no_agenda(client, olivia, ann, december):
    talk = accepted_talk(ann, olivia, "Fixtures all the way down")
    schedule_talk(slug="december", talk_id=talk, starts_at=december.starts_at, minutes=None, by="test")
    page = text(client.get("/meetups/december/", headers={"HX-Request": "true"}))
    assert page.lstrip().startswith('<section id="rsvp-panel"') and "Fixtures all the way down" not in page




def recorded_by_an_old_release(stream_id, event) -> None:
    """Appended as it is, as releases before control characters were refused could."""
    history = event_store().load(stream_id)
    event_store().append(stream_id, [event], after_version=history[-1].originator_version)


def test_control_characters_in_old_titles_never_take_the_feed_or_the_json_down(client, olivia, ann, december):
    bad = control_characters_old_releases_stored()
    fixtures = accepted_talk(ann, olivia, "Fixtures all the way down")
    plotting = accepted_talk(ann, olivia, "Plotting without tears")
    schedule_talk(slug="december", talk_id=fixtures, starts_at=december.starts_at, minutes=30, by="test")
    recorded_by_an_old_release(fixtures, e.ProposalEdited(
        title=f"Fixtures{bad} all the way down", abstract="We test.", format="talk", level="beginner",
        preferred_meetups=[], notes="", edited_by=ann.member_id,
    ))
    recorded_by_an_old_release(meetup_stream("december"), me.TalkScheduled(
        talk_id=plotting, title=f"Plotting{bad} without tears", starts_at=december.starts_at + timedelta(minutes=30),
        minutes=30, scheduled_by="old",
    ))
    recorded_by_an_old_release(meetup_stream("december"), me.MeetupDetailsChanged(
        title=f"December{bad} talk night", description="Talks.", changed_by="old",
    ))
    take_out_talk(slug="december", talk_id=fixtures, by="test")

    response = client.get("/schedule/feed/")
    assert response.status_code == 200
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [(x.findtext(f"{ATOM}title"), x.findtext(f"{ATOM}summary")) for x in entries] == [
        ("Talk taken out: Fixtures all the way down from December talk night",
         "“Fixtures all the way down” is no longer on the agenda of December talk night."),
        ("Talk added: Plotting without tears at December talk night",
         f"“Plotting without tears” is on the agenda of December talk night, {slot(december.starts_at + timedelta(minutes=30))}."),
        ("Talk added: Fixtures all the way down at December talk night",
         f"“Fixtures all the way down” is on the agenda of December talk night, {slot(december.starts_at)}."),
    ]
    schedule = client.get("/schedule.json")
    assert schedule.status_code == 200
    assert b"\\u000b" in schedule.content  # JSON escapes them: the data as recorded, for a program to judge
    [meetup] = json.loads(schedule.content)["meetups"]
    assert (meetup["title"], [talk["title"] for talk in meetup["agenda"]]) == (f"December{bad} talk night", ["Plotting without tears"])


def slot(moment) -> str:
    return dateformat.format(timezone.localtime(moment), "l j F Y, g:i A")
