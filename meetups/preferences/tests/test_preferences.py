"""Members choose their meetup mail on their profile (events in their settings stream);
every mail has a one-click unsubscribe link that works without logging in (and the
List-Unsubscribe headers); the personal calendar feed lives at a secret address the
member can reset."""

import uuid
from datetime import timedelta
from html import unescape
from unittest import mock

import icalendar
import pytest
from django.core import mail, signing
from django.utils import timezone

from eventstore.store import event_store
from meetups import events as e
from meetups.preferences.links import (
    CALENDAR_SALT,
    UNSUBSCRIBE_SALT,
    calendar_token,
    read_calendar_token,
    read_unsubscribe_token,
    unsubscribe_token,
)
from meetups.preferences.projection import MemberPreferences
from meetups.rsvp.command import rsvp
from meetups.schedule.command import cancel_meetup
from meetups.streams import member_settings_stream
from meetups.testing import make_meetup

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_profile_form_records_each_change_as_an_event_and_a_double_submit_adds_nothing(client, ann):
    client.force_login(ann)
    page = text(client.get("/members/me/mail/"))
    assert "Reminders before meetups I RSVPed to" in page
    data = {"reminders": "on", "announcements": "on", "waitlist": "on"}  # schedule unticked
    assert client.post("/members/me/mail/", data).status_code == 302
    assert client.post("/members/me/mail/", data).status_code == 302
    changes = [(ev.kind, ev.wanted, ev.cause) for ev in event_store().load(member_settings_stream(ann.member_id))]
    assert changes == [("announcements", True, "profile"), ("schedule", False, "profile")]
    row = MemberPreferences.objects.get(member_id=ann.member_id)
    assert (row.reminders, row.announcements, row.waitlist, row.schedule) == (True, True, True, False)


def test_the_preferences_page_needs_a_login(client, db):
    assert client.get("/members/me/mail/").status_code == 302


def mails_with_links(ann, deliver_mail):
    make_meetup("december")
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    deliver_mail()
    [seat] = mail.outbox
    return seat


def test_every_mail_has_the_unsubscribe_link_and_headers(ann, deliver_mail):
    seat = mails_with_links(ann, deliver_mail)
    url = f"http://testserver/mail/unsubscribe/{unsubscribe_token(ann.member_id, 'waitlist')}/"
    assert seat.body.endswith(f"\nStop these emails: {url}\n")
    headers = seat.message()
    assert (headers["List-Unsubscribe"], headers["List-Unsubscribe-Post"]) == (f"<{url}>", "List-Unsubscribe=One-Click")


def test_the_link_shows_a_button_without_login_and_the_button_unsubscribes(client, ann):
    path = f"/mail/unsubscribe/{unsubscribe_token(ann.member_id, 'schedule')}/"
    page = client.get(path)
    assert page.status_code == 200 and "Unsubscribe</button>" in text(page)
    assert event_store().load(member_settings_stream(ann.member_id)) == []  # a link checker's GET changes nothing
    done = client.post(path)
    assert "you will no longer get “A meetup I RSVPed to moves or is cancelled” mail" in text(done)
    [change] = event_store().load(member_settings_stream(ann.member_id))
    assert (change.kind, change.wanted, change.cause, change.by) == ("schedule", False, "unsubscribe_link", None)


def test_a_mail_clients_one_click_post_unsubscribes_without_csrf_token(ann):
    from django.test import Client  # a client that checks CSRF like the real site

    client = Client(enforce_csrf_checks=True)
    path = f"/mail/unsubscribe/{unsubscribe_token(ann.member_id, 'reminders')}/"
    assert client.post(path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded").status_code == 200
    assert MemberPreferences.objects.get(member_id=ann.member_id).reminders is False


@pytest.mark.parametrize("token", ["nonsense", "x" * 5000, "\u0663\u0664", unsubscribe_token.__name__ + ":abc:def"])
def test_a_link_not_made_here_is_a_400(client, db, token):
    assert client.post(f"/mail/unsubscribe/{token}/").status_code == 400
    assert client.get(f"/mail/unsubscribe/{token}/").status_code == 400


def test_a_member_who_turned_schedule_mail_off_is_not_told_of_a_cancellation(client, ann, bob, deliver_mail):
    make_meetup("december")
    for member in (ann, bob):
        rsvp(slug="december", member_id=member.member_id, now=timezone.now())
    client.post(f"/mail/unsubscribe/{unsubscribe_token(ann.member_id, 'schedule')}/")
    deliver_mail()
    mail.outbox.clear()
    cancel_meetup(slug="december", message="Snowed in.", by="test")
    deliver_mail()
    assert [m.to for m in mail.outbox] == [["bob@example.com"]]


def test_the_personal_feed_has_my_meetups_with_my_state_and_the_address_can_be_reset(client, ann, bob, deliver_mail):
    make_meetup("december", capacity=1)
    make_meetup("january", capacity=1, title="January talk night", starts_in=timedelta(days=30))
    make_meetup("february", title="February talk night", starts_in=timedelta(days=60))
    rsvp(slug="december", member_id=bob.member_id, now=timezone.now())
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    rsvp(slug="january", member_id=ann.member_id, now=timezone.now())
    path = f"/calendar/{calendar_token(ann.member_id, 0)}.ics"
    calendar = icalendar.Calendar.from_ical(client.get(path).content)
    assert sorted(str(ev["SUMMARY"]) for ev in calendar.walk("VEVENT")) == ["Going: January talk night", "Waitlist #1: December talk night"]

    client.force_login(ann)
    assert path in text(client.get("/members/me/mail/"))
    client.post("/members/me/mail/", {"reset_calendar": "1"})
    assert client.get(path).status_code == 404
    assert isinstance(event_store().load(member_settings_stream(ann.member_id))[-1], e.CalendarAddressReset)
    new_path = f"/calendar/{calendar_token(ann.member_id, 1)}.ics"
    assert new_path in text(client.get("/members/me/mail/"))
    assert client.get(new_path).status_code == 200


def test_a_made_up_calendar_address_is_a_404(client, db):
    assert client.get("/calendar/abc.ics").status_code == 404


def test_a_member_s_links_are_the_same_a_second_later_and_the_older_timestamped_form_still_reads(db):
    member = uuid.uuid4()
    with mock.patch("time.time", return_value=1_800_000_000.0):
        first = calendar_token(member, 3), unsubscribe_token(member, "reminders")
    with mock.patch("time.time", return_value=1_800_000_005.0):
        later = calendar_token(member, 3), unsubscribe_token(member, "reminders")
    assert first == later
    assert read_calendar_token(first[0]) == (member, 3)
    assert read_unsubscribe_token(first[1]) == (member, "reminders")
    assert read_calendar_token(signing.dumps([member.hex, 3], salt=CALENDAR_SALT)) == (member, 3)
    assert read_unsubscribe_token(signing.dumps([member.hex, "reminders"], salt=UNSUBSCRIBE_SALT)) == (member, "reminders")
    assert read_calendar_token(first[0][:-2] + "xx") is None
    assert read_calendar_token(first[1]) is None  # an unsubscribe link is not a calendar address
