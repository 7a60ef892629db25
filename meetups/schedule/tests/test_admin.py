"""Organisers schedule and change meetups in the admin; every change is a command and
becomes events; the admin never saves a projection row itself."""

from datetime import timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.utils import timezone

from eventstore.store import event_store
from meetups import events as e
from meetups.listing.projection import MeetupListing
from meetups.meetup import meetup_stream
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.testing import make_member


def admin_datetime(moment):
    local = timezone.localtime(moment)
    return {"date": local.strftime("%Y-%m-%d"), "time": local.strftime("%H:%M:%S")}


def form_data(**overrides):
    start = (timezone.now() + timedelta(days=10)).replace(second=0, microsecond=0)
    values = {
        "slug": "winter-social",
        "title": "Winter social",
        "description": "Hot chocolate.",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "venue_name": "Hall",
        "venue_address": "2 Main St",
        "venue_map_url": "",
        "capacity": "12",
        "rsvp_opens_at": None,
        "rsvp_closes_at": None,
        "cancel_with_message": "",
    } | overrides
    data = {}
    for key, value in values.items():
        if hasattr(value, "tzinfo"):
            parts = admin_datetime(value)
            data[f"{key}_0"], data[f"{key}_1"] = parts["date"], parts["time"]
        elif value is None:
            data[f"{key}_0"] = data[f"{key}_1"] = ""
        else:
            data[key] = value
    return data


def test_adding_a_meetup_in_the_admin_schedules_it_through_the_command(client, olivia):
    client.force_login(olivia)
    response = client.post("/admin/community/meetuplisting/add/", form_data())
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    [scheduled] = event_store().load(meetup_stream("winter-social"))
    assert isinstance(scheduled, e.MeetupScheduled)
    assert (scheduled.title, scheduled.capacity, scheduled.scheduled_by) == ("Winter social", 12, str(olivia.member_id))
    assert scheduled.rsvp_closes_at == scheduled.starts_at
    assert MeetupListing.objects.get().title == "Winter social"


def test_a_taken_slug_is_a_form_error(client, olivia):
    make_meetup("winter-social")
    client.force_login(olivia)
    response = client.post("/admin/community/meetuplisting/add/", form_data())
    assert response.status_code == 200
    assert "already exists; choose another slug" in unescape(response.content.decode())


def test_a_meetup_ending_before_it_starts_is_a_form_error(client, olivia):
    client.force_login(olivia)
    start = timezone.now() + timedelta(days=3)
    response = client.post("/admin/community/meetuplisting/add/", form_data(starts_at=start, ends_at=start - timedelta(hours=1)))
    assert response.status_code == 200
    assert "The meetup must end after it starts." in unescape(response.content.decode())
    assert MeetupListing.objects.count() == 0


def test_changing_the_capacity_in_the_list_issues_the_command_and_promotes(client, olivia):
    make_meetup("december", capacity=1)
    for name in ("Ann", "Bob"):
        rsvp(slug="december", member_id=make_member(name).member_id, now=timezone.now())
    meetup = MeetupListing.objects.get()
    client.force_login(olivia)
    response = client.post(
        "/admin/community/meetuplisting/",
        {
            "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000",
            "form-0-stream_id": str(meetup.stream_id), "form-0-capacity": "2", "_save": "Save",
        },
    )
    assert response.status_code == 302
    history = event_store().load(meetup_stream("december"))
    assert [type(x) for x in history[-2:]] == [e.CapacityChanged, e.WaitlistPromoted]
    meetup.refresh_from_db()
    assert (meetup.capacity, meetup.going_count, meetup.waitlist_count) == (2, 2, 0)


def test_rescheduling_and_cancelling_email_everyone_who_rsvped(client, olivia, deliver_mail):
    make_meetup("december", capacity=5)
    rsvp(slug="december", member_id=make_member("Ann").member_id, now=timezone.now())
    meetup = MeetupListing.objects.get()
    client.force_login(olivia)
    later = meetup.starts_at + timedelta(days=1)
    data = form_data(
        slug="december", title=meetup.title, description=meetup.description, starts_at=later, ends_at=later + timedelta(hours=2),
        venue_name=meetup.venue_name, venue_address=meetup.venue_address, capacity="5",
        rsvp_opens_at=meetup.rsvp_opens_at, rsvp_closes_at=later,
    )
    deliver_mail()
    mail.outbox.clear()
    response = client.post(f"/admin/community/meetuplisting/{meetup.pk}/change/", data)
    deliver_mail()
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["ann@example.com"]]
    assert mail.outbox[0].subject.startswith("December talk night has moved to")
    deliver_mail()
    mail.outbox.clear()
    client.post(f"/admin/community/meetuplisting/{meetup.pk}/change/", data | {"cancel_with_message": "Venue flooded."})
    deliver_mail()
    assert [(m.subject, m.to) for m in mail.outbox] == [("Cancelled: December talk night", ["ann@example.com"])]
    assert "Venue flooded." in mail.outbox[0].body
    assert MeetupListing.objects.get().cancelled is True


def test_members_cannot_use_the_admin(client, db):
    client.force_login(make_member("Ann"))
    response = client.get("/admin/community/meetuplisting/")
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_meetups_cannot_be_deleted_in_the_admin(client, olivia):
    make_meetup("december")
    client.force_login(olivia)
    meetup = MeetupListing.objects.get()
    assert client.post(f"/admin/community/meetuplisting/{meetup.pk}/delete/", {"post": "yes"}).status_code == 403


class FormValues(HTMLParser):
    """What a browser submits for the admin's change form when nobody touches it: each
    named input's value, textareas as typed (the first line break after the tag dropped,
    line breaks sent as CRLF, as browsers do), the selected option of each select."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and "disabled" not in a and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values[a["name"]] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.values[self._textarea] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            text = self.values[self._textarea]
            self.values[self._textarea] = text.removeprefix("\n").replace("\n", "\r\n")
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data


def untouched_change_form(client, meetup) -> dict[str, str]:
    page = client.get(f"/admin/community/meetuplisting/{meetup.pk}/change/").content.decode()
    form = page[page.index('id="meetuplisting_form"'):]
    form = form[: form.index("</form>")]
    parser = FormValues()
    parser.feed(form)
    return parser.values | {"_save": "Save"}


@pytest.fixture
def december_with_rsvps(db, deliver_mail):
    """A meetup scheduled as the demo does (RSVPs open "now", with microseconds), with
    two members going; their mail so far already delivered."""
    make_meetup("december", capacity=2, description="Talks.\n\n- pizza\n- drinks")
    for name in ("Ann", "Bob"):
        rsvp(slug="december", member_id=make_member(name).member_id, now=timezone.now())
    deliver_mail()
    mail.outbox.clear()
    return MeetupListing.objects.get(slug="december")


def test_saving_the_change_form_untouched_records_nothing_and_mails_nobody(client, olivia, december_with_rsvps, deliver_mail):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post(f"/admin/community/meetuplisting/{december_with_rsvps.pk}/change/", untouched_change_form(client, december_with_rsvps))
    assert response.status_code == 302, unescape(response.content.decode())[:3000]
    deliver_mail()
    assert event_store().max_notification_id() == before
    assert mail.outbox == []


def test_changing_only_the_capacity_in_the_change_form_records_only_that(client, olivia, december_with_rsvps, deliver_mail):
    client.force_login(olivia)
    before = len(event_store().load(meetup_stream("december")))
    data = untouched_change_form(client, december_with_rsvps) | {"capacity": "5"}
    response = client.post(f"/admin/community/meetuplisting/{december_with_rsvps.pk}/change/", data)
    assert response.status_code == 302
    deliver_mail()
    assert event_store().load(meetup_stream("december"))[before:] == [e.CapacityChanged(capacity=5, changed_by=str(olivia.member_id))]
    assert mail.outbox == []


def test_moving_only_the_rsvp_window_is_not_a_reschedule(client, olivia, december_with_rsvps, deliver_mail):
    client.force_login(olivia)
    before = len(event_store().load(meetup_stream("december")))
    closes = december_with_rsvps.starts_at - timedelta(days=1)
    data = untouched_change_form(client, december_with_rsvps) | {
        "rsvp_closes_at_0": timezone.localtime(closes).strftime("%Y-%m-%d"),
        "rsvp_closes_at_1": timezone.localtime(closes).strftime("%H:%M:%S"),
    }
    assert client.post(f"/admin/community/meetuplisting/{december_with_rsvps.pk}/change/", data).status_code == 302
    deliver_mail()
    [changed] = event_store().load(meetup_stream("december"))[before:]
    assert isinstance(changed, e.RsvpWindowChanged)
    assert changed.rsvp_closes_at == closes.replace(microsecond=0)
    assert MeetupListing.objects.get().rsvp_closes_at == closes.replace(microsecond=0)
    assert mail.outbox == []


@pytest.mark.parametrize("capacity", ["0", "-3"])
def test_a_capacity_below_one_on_the_add_form_is_a_form_error(client, olivia, capacity):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post("/admin/community/meetuplisting/add/", form_data(capacity=capacity))
    assert response.status_code == 200
    page = unescape(response.content.decode())
    assert "Capacity must be at least 1." in page or "Ensure this value is greater than or equal to 0." in page
    assert event_store().max_notification_id() == before


def test_a_capacity_of_zero_on_the_change_form_is_a_form_error_and_nothing_changes(client, olivia, december_with_rsvps):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    data = untouched_change_form(client, december_with_rsvps) | {"capacity": "0"}
    response = client.post(f"/admin/community/meetuplisting/{december_with_rsvps.pk}/change/", data)
    assert response.status_code == 200
    assert "Capacity must be at least 1." in unescape(response.content.decode())
    assert event_store().max_notification_id() == before
    assert MeetupListing.objects.get().capacity == 2


def test_a_title_with_a_control_character_is_a_form_error(client, olivia):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post("/admin/community/meetuplisting/add/", form_data(title="Winter\x0bsocial"))
    assert response.status_code == 200
    assert "The title contains invisible control characters; please retype it." in unescape(response.content.decode())
    assert event_store().max_notification_id() == before
