"""The roster as of a past moment equals what the roster page showed at that moment:
render now, append more, then ?as_of=<then> shows the same facts. Organisers only;
hostile moments are a message, never a 500."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from eventstore.context import acting_as
from meetups.checkin.command import check_in
from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.schedule.command import change_capacity
from meetups.seats.command import remove_rsvp
from meetups.testing import make_meetup
from membership.testing import make_member
from web.as_of import picker_value

pytestmark = pytest.mark.django_db


def facts(response) -> dict:
    """What the roster says: who is going (in order, with their notes), the waitlist with
    positions, the counts, the capacity and each "Why?"."""
    page = response.content.decode()
    lists = page.split('<div id="roster-lists">', 1)[1]
    going, waitlist = lists.split("<h2>Waitlist", 1)
    who = re.compile(r'<span class="who">(.*?)</span>', re.S)
    why = re.compile(r'<details class="why">(.*?)</details>', re.S)
    return {
        "capacity": re.search(r"capacity (\d+)", page).group(1),
        "headings": re.findall(r"<h2>(.*?)</h2>", lists),
        "going": [" ".join(re.sub("<[^>]+>", "", x).split()) for x in who.findall(going)],
        "waitlist": [" ".join(re.sub("<[^>]+>", "", x).split()) for x in who.findall(waitlist)],
        "checked_in": going.count("✓ Checked in"),
        "why": [" ".join(re.sub("<[^>]+>", "", x).split()) for x in why.findall(lists)],
    }


def moment_now():
    """A moment after everything appended so far and before anything appended next (the
    store stamps each event with the time of its append)."""
    return timezone.now()


def as_of(client, moment):
    return client.get("/meetups/december/roster/?" + urlencode({"as_of": timezone.localtime(moment).isoformat()}))


def test_as_of_a_moment_shows_what_the_roster_showed_then(client, olivia):
    make_meetup(capacity=2, starts_in=timedelta(hours=1))
    people = {name: make_member(name) for name in ("Ann", "Bob", "Cat", "Dan")}
    for person in people.values():
        with acting_as(person.member_id, "member"):
            rsvp(slug="december", member_id=person.member_id, now=timezone.now())
    client.force_login(olivia)
    snapshots = []
    changes = [
        lambda: check_in(slug="december", member_id=people["Ann"].member_id, attended=True, by="o", now=timezone.now()),
        lambda: cancel_rsvp(slug="december", member_id=people["Ann"].member_id, now=timezone.now()),
        lambda: change_capacity(slug="december", capacity=3, by=str(olivia.member_id)),
        lambda: remove_rsvp(slug="december", member_id=people["Bob"].member_id, reason="Asked us to", by="o"),
        lambda: change_capacity(slug="december", capacity=1, by=str(olivia.member_id)),
    ]
    for change in changes:
        snapshots.append((moment_now(), facts(client.get("/meetups/december/roster/"))))
        change()
    snapshots.append((moment_now(), facts(client.get("/meetups/december/roster/"))))
    assert len({str(f) for _, f in snapshots}) == len(snapshots)  # each change changed the page
    for moment, seen in snapshots:
        assert facts(as_of(client, moment)) == seen


def test_a_past_moment_is_read_only_and_says_so(client, olivia, ann):
    make_meetup(capacity=2)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    client.force_login(olivia)
    page = as_of(client, timezone.now()).content.decode()
    assert "As it was on" in page
    assert "Check in" not in page and "Remove RSVP" not in page
    assert f'value="{picker_value(timezone.now())[:10]}' in page


def test_before_the_meetup_was_scheduled_nobody_was_on_it(client, olivia):
    make_meetup(capacity=2)
    client.force_login(olivia)
    page = as_of(client, timezone.now() - timedelta(days=400)).content.decode()
    assert "had not been scheduled yet" in page


@pytest.mark.parametrize(
    "raw", ["yesterday", "2026-02-30T10:00", "\x00", "２０２６-05-01T18:00", "9" * 100_000, "1066-10-14T09:00"]
)
def test_a_moment_that_is_not_one_is_a_message_not_a_500(client, olivia, raw):
    make_meetup(capacity=2)
    client.force_login(olivia)
    response = client.get("/meetups/december/roster/", {"as_of": raw})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_members_cannot_look_back(client, ann):
    make_meetup(capacity=2)
    client.force_login(ann)
    assert client.get("/meetups/december/roster/", {"as_of": "2026-05-01T18:00"}).status_code == 403
