"""The organisers' roster: check-in, promote, remove, CSV; 403 for members."""

import csv
import io
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from eventstore.store import event_store
from eventstore.testing import control_characters_old_releases_stored
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.meetup import meetup_stream
from meetups.roster.projection import RosterEntry
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.events import ProfileUpdated
from membership.testing import make_member


@pytest.fixture
def full_meetup(db):
    """Capacity 2: Ann and Bob going, Cat and Dan waitlisted #1 and #2."""
    make_meetup(capacity=2, starts_in=timedelta(hours=1))
    people = {name: make_member(name) for name in ("Ann", "Bob", "Cat", "Dan")}
    for person in people.values():
        rsvp(slug="december", member_id=person.member_id, now=timezone.now())
    return people


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/meetups/december/roster/"),
        ("get", "/meetups/december/roster.csv"),
        ("post", "/meetups/december/roster/check-in/"),
        ("post", "/meetups/december/roster/promote/"),
        ("post", "/meetups/december/roster/remove/"),
    ],
)
def test_organiser_only_pages_answer_403_to_members(client, full_meetup, method, path):
    client.force_login(full_meetup["Ann"])
    assert getattr(client, method)(path, {"member_id": str(full_meetup["Bob"].member_id)}).status_code == 403


def test_the_roster_lists_going_in_rsvp_order_and_the_waitlist_with_positions(client, olivia, full_meetup):
    client.force_login(olivia)
    page = unescape(client.get("/meetups/december/roster/").content.decode())
    assert page.index("Ann") < page.index("Bob") < page.index("#1 Cat") < page.index("#2 Dan")
    assert "Going (2" in page and "Waitlist (2)" in page


def test_checking_in_at_the_door_with_htmx_swaps_the_lists(client, olivia, full_meetup):
    client.force_login(olivia)
    response = client.post(
        "/meetups/december/roster/check-in/",
        {"member_id": str(full_meetup["Ann"].member_id), "attended": "yes"},
        headers={"HX-Request": "true"},
    )
    page = unescape(response.content.decode())
    assert page.lstrip().startswith('<div id="roster-lists">')
    assert "Checked in." in page and "✓ Checked in" in page
    assert RosterEntry.objects.get(member_id=full_meetup["Ann"].member_id).attended is True
    assert MeetupListing.objects.get().attended_count == 1


def test_checking_in_a_waitlisted_member_is_refused_with_a_message(client, olivia, full_meetup):
    client.force_login(olivia)
    response = client.post(
        "/meetups/december/roster/check-in/", {"member_id": str(full_meetup["Cat"].member_id), "attended": "yes"}, follow=True
    )
    assert "Only members who are going can be checked in." in unescape(response.content.decode())


def test_a_malformed_member_id_is_a_400(client, olivia, full_meetup):
    client.force_login(olivia)
    assert client.post("/meetups/december/roster/check-in/", {"member_id": "nope"}).status_code == 400


def test_promoting_by_hand_goes_over_capacity_and_is_explained_in_the_log(client, olivia, full_meetup):
    client.force_login(olivia)
    client.post("/meetups/december/roster/promote/", {"member_id": str(full_meetup["Dan"].member_id)})
    last = event_store().load(meetup_stream("december"))[-1]
    assert last == e.WaitlistPromoted(
        member_id=full_meetup["Dan"].member_id, cause="by_hand", caused_by_version=6, promoted_by=str(olivia.member_id)
    )
    meetup = MeetupListing.objects.get()
    assert (meetup.going_count, meetup.waitlist_count) == (3, 1)
    assert RosterEntry.objects.get(member_id=full_meetup["Cat"].member_id).waitlist_position == 1


def test_removing_an_rsvp_with_a_reason_promotes_the_next_in_line(client, olivia, full_meetup):
    client.force_login(olivia)
    response = client.post(
        "/meetups/december/roster/remove/", {"member_id": str(full_meetup["Bob"].member_id), "reason": "Duplicate account"},
        follow=True,
    )
    assert "RSVP removed." in unescape(response.content.decode())
    statuses = dict(RosterEntry.objects.values_list("member_id", "status"))
    assert statuses[full_meetup["Bob"].member_id] == "removed"
    assert statuses[full_meetup["Cat"].member_id] == "going"
    assert RosterEntry.objects.get(member_id=full_meetup["Dan"].member_id).waitlist_position == 1


def test_removing_without_a_reason_is_refused(client, olivia, full_meetup):
    client.force_login(olivia)
    response = client.post("/meetups/december/roster/remove/", {"member_id": str(full_meetup["Bob"].member_id)}, follow=True)
    assert "Please give a reason" in unescape(response.content.decode())


def test_the_roster_exports_as_csv(client, olivia, full_meetup):
    client.force_login(olivia)
    response = client.get("/meetups/december/roster.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["status", "position", "name", "email", "rsvped_at", "attended", "note"]
    assert [(r[0], r[1], r[2], r[3]) for r in rows[1:]] == [
        ("going", "1", "Ann", "ann@example.com"),
        ("going", "2", "Bob", "bob@example.com"),
        ("waitlisted", "1", "Cat", "cat@example.com"),
        ("waitlisted", "2", "Dan", "dan@example.com"),
    ]


def test_control_characters_in_old_names_are_dropped_from_the_csv_before_the_formula_guard(client, olivia, full_meetup):
    ann = full_meetup["Ann"].member_id
    # A name recorded by a release before control characters were refused (bypassing the decisions).
    version = event_store().load(ann)[-1].originator_version
    bad = control_characters_old_releases_stored()
    event_store().append(ann, [ProfileUpdated(display_name=f"{bad}=HYPERLINK(\"http://x\"){bad}", bio="")], after_version=version)
    client.force_login(olivia)
    rows = list(csv.reader(io.StringIO(client.get("/meetups/december/roster.csv").content.decode())))
    assert rows[1][:4] == ["going", "1", "'=HYPERLINK(\"http://x\")", "ann@example.com"]


def test_a_removal_reason_with_control_characters_is_refused_and_the_rsvp_stays(client, olivia, full_meetup):
    client.force_login(olivia)
    bob = str(full_meetup["Bob"].member_id)
    before = event_store().max_notification_id()
    response = client.post("/meetups/december/roster/remove/", {"member_id": bob, "reason": "Dupli\x00cate"}, follow=True)
    assert "The reason contains invisible control characters; please retype it." in unescape(response.content.decode())
    htmx = client.post("/meetups/december/roster/remove/", {"member_id": bob, "reason": "Dupli\ncate"}, headers={"HX-Request": "true"})
    assert "The reason must be on one line, without line breaks or tabs." in unescape(htmx.content.decode())
    assert event_store().max_notification_id() == before
    assert RosterEntry.objects.get(member_id=full_meetup["Bob"].member_id).status == "going"


def test_a_huge_removal_reason_is_cut_to_the_fields_length(client, olivia, full_meetup):
    client.force_login(olivia)
    client.post("/meetups/december/roster/remove/", {"member_id": str(full_meetup["Bob"].member_id), "reason": "x" * 100_000})
    removed = [ev.reason for ev in event_store().load(meetup_stream("december")) if isinstance(ev, e.RsvpRemoved)]
    assert removed == ["x" * 300]


def test_anonymous_visitors_are_sent_to_log_in(client, full_meetup):
    response = client.get("/meetups/december/roster/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("going", [1, 3])
def test_the_roster_makes_a_fixed_number_of_queries(client, olivia, going, django_assert_num_queries):
    make_meetup(capacity=going)
    for i in range(going + 2):  # `going` seats taken, two on the waitlist
        rsvp(slug="december", member_id=make_member(f"M{i}").member_id, now=timezone.now())
    client.force_login(olivia)
    # The session, the user, the meetup, its roster entries, their members, the group's face;
    # for "Why?", the meetup's stream (events since the cached ones) and the names it mentions.
    with django_assert_num_queries(8):
        response = client.get("/meetups/december/roster/")
    assert response.content.decode().count('class="roster-row') == going + 2
