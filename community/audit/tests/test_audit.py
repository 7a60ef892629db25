"""The site-wide audit page: every change, newest first, filterable by actor, kind and
date, paged; organisers only; hostile filters are errors, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from eventstore.audit import AuditEntry
from eventstore.context import acting_as
from meetups.rsvp.command import rsvp
from meetups.schedule.command import change_capacity
from meetups.testing import make_meetup
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(olivia, ann, bob):
    make_meetup(capacity=1)
    with acting_as(ann.member_id, "member"):
        rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    with acting_as(bob.member_id, "member"):
        rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    with acting_as(olivia.member_id, "organiser"):
        change_capacity(slug="december", capacity=2, by=str(olivia.member_id))


def test_members_get_403_and_visitors_log_in(client, site, ann):
    assert client.get("/organisers/audit/").status_code == 302
    client.force_login(ann)
    assert client.get("/organisers/audit/").status_code == 403


def test_everything_newest_first_with_the_stream_it_happened_to(client, olivia, site):
    client.force_login(olivia)
    page = main_text(client.get("/organisers/audit/"))
    assert page.index("Bob got a seat from the waitlist") < page.index("Raised the capacity to 2 seats.") < page.index(
        "Bob RSVPed and joined the waitlist at #1."
    ) < page.index("Ann RSVPed") < page.index("Joined as “Olivia”.")
    assert "meetup December talk night" in page
    assert "member Olivia" in page


def test_filtered_by_actor(client, olivia, ann, site):
    client.force_login(olivia)
    page = main_text(client.get("/organisers/audit/", {"actor": str(ann.member_id)}))
    assert "Ann RSVPed and got a seat (1 of 1)." in page
    assert "Bob RSVPed" not in page and "Raised the capacity" not in page
    system = main_text(client.get("/organisers/audit/", {"actor": "system"}))
    assert "Bob got a seat from the waitlist" in system and "Ann RSVPed" not in system


def test_filtered_by_kind_and_date(client, olivia, site):
    client.force_login(olivia)
    page = main_text(client.get("/organisers/audit/", {"kind": "CapacityChanged"}))
    assert "1 event." in page and "Raised the capacity to 2 seats." in page
    today = timezone.localdate()
    assert "0 events." in main_text(client.get("/organisers/audit/", {"until": str(today - timedelta(days=1))}))
    assert "Raised the capacity" in main_text(client.get("/organisers/audit/", {"since": str(today), "until": str(today)}))


def test_paged_fifty_at_a_time(client, olivia, site):
    with acting_as(olivia.member_id, "organiser"):
        for capacity in range(3, 60):
            change_capacity(slug="december", capacity=capacity, by=str(olivia.member_id))
    client.force_login(olivia)
    first, second = client.get("/organisers/audit/"), client.get("/organisers/audit/", {"page": "2"})
    assert "Page 1 of 2" in main_text(first) and "Raised the capacity to 59 seats." in main_text(first)
    assert "Raised the capacity to 59 seats." not in main_text(second) and "Joined as “Olivia”." in main_text(second)
    shown = [r.content.decode().count('class="history-entry"') for r in (first, second)]
    assert shown == [50, AuditEntry.objects.count() - 50]


@pytest.mark.parametrize(
    "query",
    [
        {"actor": "not-a-uuid"}, {"actor": "\x00\x1b"}, {"kind": "DROP TABLE"}, {"kind": "x" * 100_000},
        {"since": "2026-13-45"}, {"until": "\x0b"}, {"since": "2026-05-02", "until": "2026-05-01"},
        {"actor": "00000000-0000-0000-0000-000000000000"}, {"since": "9" * 5000},
    ],
)
def test_hostile_filters_are_a_message_and_show_nothing_never_a_500(client, olivia, site, query):
    client.force_login(olivia)
    response = client.get("/organisers/audit/", query)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode() and "0 events." in main_text(response)


@pytest.mark.parametrize("query", [{"page": "-1"}, {"page": "x"}, {"since": "２０２６-０５-０１"}])
def test_odd_but_harmless_filters_show_a_page(client, olivia, site, query):
    client.force_login(olivia)
    response = client.get("/organisers/audit/", query)
    assert response.status_code == 200 and "event" in main_text(response)


@pytest.mark.parametrize("meetups", [1, 3])
def test_the_audit_page_makes_a_fixed_number_of_queries(client, olivia, meetups, django_assert_num_queries):
    for i in range(meetups):
        make_meetup(f"m{i}", capacity=2)
        with acting_as(olivia.member_id, "organiser"):
            change_capacity(slug=f"m{i}", capacity=3, by=str(olivia.member_id))
    client.force_login(olivia)
    client.get("/organisers/audit/")  # the index caught up
    # Session, user; the index caught up (savepoint, position, read, release); the actors
    # and their names; the count and the page of rows; the streams on the page and the
    # names they mention; the group's face (the footer).
    with django_assert_num_queries(13):
        response = client.get("/organisers/audit/")
    assert response.content.decode().count('class="history-entry"') == 2 + 2 * meetups  # Olivia joined, appointed
