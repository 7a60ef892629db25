"""The schedule as of a past moment equals what /schedule/ showed at that moment: render
now, append more (talks scheduled, moved, taken out, a co-speaker added, a meetup
rescheduled and cancelled), then ?as_of=<then> shows the same page. Organisers only."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from meetups.read_models import MeetupListing
from meetups.testing import MeetupPlan, cancel_meetup, make_meetup, revise_meetup
from talks.agenda.command import move_talk, schedule_talk
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.meetup_agenda import take_out_talk
from talks.testing import make_proposal

pytestmark = pytest.mark.django_db


def schedule_of(response) -> str:
    """The schedule's sections, white space collapsed (the picker and its note left out)."""
    page = response.content.decode()
    sections = re.findall(r"<section.*?</section>", page, re.S) or re.findall(r'<p class="empty-state">.*?</p>', page, re.S)
    return " ".join(" ".join(sections).split())


def test_as_of_a_moment_shows_what_the_schedule_showed_then(client, olivia, ann, bob):
    make_meetup("december", title="December talk night")
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    december = MeetupListing.objects.get(slug="december")
    first = make_proposal(ann, title="Fixtures all the way down", status="confirmed", organiser=olivia)
    second = make_proposal(bob, title="Plotting without tears", status="accepted", organiser=olivia, format="lightning")
    client.force_login(olivia)
    start = december.starts_at
    changes = [
        lambda: schedule_talk(slug="december", talk_id=first, starts_at=start, minutes=None, by="o"),
        lambda: schedule_talk(slug="december", talk_id=second, starts_at=start + timedelta(minutes=30), minutes=None, by="o"),
        lambda: invite_co_speaker(proposal_id=first, by=ann.member_id, member_id=bob.member_id),
        lambda: answer_invitation(proposal_id=first, member_id=bob.member_id, accept=True),
        lambda: move_talk(from_slug="december", to_slug="january", talk_id=second,
                          starts_at=MeetupListing.objects.get(slug="january").starts_at, minutes=None, by="o"),
        lambda: take_out_talk(slug="december", talk_id=first, by="o"),
        lambda: revise_meetup(slug="january", plan=_moved(MeetupListing.objects.get(slug="january")), by="o", now=timezone.now()),
        lambda: cancel_meetup(slug="december", message="The venue flooded.", by="o"),
    ]
    snapshots = []
    for change in changes:
        snapshots.append((timezone.now(), schedule_of(client.get("/schedule/"))))
        change()
    snapshots.append((timezone.now(), schedule_of(client.get("/schedule/"))))
    # Each change changed the page, but the invitation (shown once accepted).
    assert len({page for _, page in snapshots}) == len(snapshots) - 1
    for moment, seen in snapshots:
        response = client.get("/schedule/?" + urlencode({"as_of": timezone.localtime(moment).isoformat()}))
        assert schedule_of(response) == seen
    before_any = client.get("/schedule/?" + urlencode({"as_of": "2001-01-01T00:00"}))
    assert "No meetups are scheduled yet." in schedule_of(before_any)


def _moved(meetup) -> MeetupPlan:
    later = timedelta(hours=1)
    return MeetupPlan(
        title=meetup.title, description=meetup.description, starts_at=meetup.starts_at + later,
        ends_at=meetup.ends_at + later, venue_name=meetup.venue_name, venue_address=meetup.venue_address,
        capacity=meetup.capacity, venue_map_url=meetup.venue_map_url,
        rsvp_opens_at=meetup.rsvp_opens_at, rsvp_closes_at=meetup.rsvp_closes_at,
    )


def test_only_organisers_may_look_back(client, ann, db):
    assert client.get("/schedule/", {"as_of": "2026-05-01T18:00"}).status_code == 403
    client.force_login(ann)
    assert client.get("/schedule/", {"as_of": "2026-05-01T18:00"}).status_code == 403
    assert 'name="as_of"' not in client.get("/schedule/").content.decode()


@pytest.mark.parametrize("raw", ["tomorrow-ish", "2026-04-31T10:00", "\x1b", "１２", "x" * 50_000])
def test_a_moment_that_is_not_one_is_a_message(client, olivia, raw):
    client.force_login(olivia)
    response = client.get("/schedule/", {"as_of": raw})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
