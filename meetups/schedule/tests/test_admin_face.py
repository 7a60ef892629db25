"""The organisers' admin speaks the group's words: its name in the header, friendly
labels, a capacity that asks before going below the seats taken, none to edit once a
meetup is over, and a past start said plainly."""

from datetime import timedelta
from html import unescape

from django.utils import timezone

from eventstore.store import event_store
from meetups.read_models import MeetupListing
from meetups.schedule.tests.test_admin import (  # noqa: F401
    december_with_rsvps,
    form_data,
    untouched_change_form,
)
from meetups.testing import make_meetup

CHANGE = "/admin/community/meetuplisting/{}/change/"


def test_the_admin_carries_the_groups_name_and_links_to_the_organisers_pages(client, olivia):
    client.force_login(olivia)
    page = unescape(client.get("/admin/").content.decode())
    assert '<a href="/admin/">Convene organisers</a>' in page
    for link in ('href="/talks/review/"', 'href="/meetups/"', 'href="/organisers/group/"', 'href="/"'):
        assert link in page
    assert client.get("/favicon.ico")["Content-Type"] == "image/x-icon"


def test_the_meetup_form_has_friendly_labels(client, olivia):
    client.force_login(olivia)
    page = unescape(client.get("/admin/community/meetuplisting/add/").content.decode())
    for words in ("RSVPs open at", "RSVPs close at", "Starts at"):
        assert f"{words}:</" in page
    assert ">Map link:</label>" in page


def test_a_past_start_says_the_meetup_must_start_in_the_future(client, olivia):
    client.force_login(olivia)
    start = (timezone.now() - timedelta(days=30)).replace(second=0, microsecond=0)
    response = client.post("/admin/community/meetuplisting/add/", form_data(starts_at=start, ends_at=start + timedelta(hours=2)))
    page = unescape(response.content.decode())
    assert "The meetup must start in the future." in page and "RSVPs must close after they open" not in page


def test_lowering_the_capacity_below_the_seats_taken_asks_first(client, olivia, december_with_rsvps):  # noqa: F811
    client.force_login(olivia)
    before = event_store().max_notification_id()
    data = untouched_change_form(client, december_with_rsvps) | {"capacity": "1"}
    response = client.post(CHANGE.format(december_with_rsvps.pk), data)
    page = unescape(response.content.decode())
    assert "2 people have seats and the new capacity is 1. No one loses a seat" in page
    assert event_store().max_notification_id() == before
    response = client.post(CHANGE.format(december_with_rsvps.pk), data | {"confirm_lower_capacity": "on"})
    assert response.status_code == 302
    listing = MeetupListing.objects.get()
    assert (listing.capacity, listing.going_count) == (1, 2)


def test_the_list_will_not_lower_a_capacity_below_the_seats_taken(client, olivia, december_with_rsvps):  # noqa: F811
    client.force_login(olivia)
    page = client.get("/admin/community/meetuplisting/").content.decode()
    assert 'name="form-0-capacity"' in page
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-stream_id": str(december_with_rsvps.pk),
            "form-0-capacity": "1", "_save": "Save"}
    response = client.post("/admin/community/meetuplisting/", data)
    assert "2 people have seats: lower it on the meetup's page" in unescape(response.content.decode())
    assert MeetupListing.objects.get().capacity == 2


def test_a_past_meetup_has_no_capacity_to_edit(client, olivia):
    make_meetup("october", starts_in=timedelta(days=-30))
    listing = MeetupListing.objects.get()
    client.force_login(olivia)
    page = client.get(CHANGE.format(listing.pk)).content.decode()
    assert 'name="capacity"' not in page
    assert "confirm_lower_capacity" not in page
    changelist = client.get("/admin/community/meetuplisting/").content.decode()
    assert 'name="form-0-capacity"' in changelist and "disabled" in changelist[changelist.index('name="form-0-capacity"') - 200:][:400]
