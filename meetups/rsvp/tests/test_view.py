"""RSVP views: full page, htmx partial, and the no-JS post that redirects with a message."""

from html import unescape

from django.core import mail

from eventstore.store import event_store
from meetups.listing.projection import MeetupListing
from meetups.testing import make_meetup


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_meetup_page_shows_seats_and_the_rsvp_button(client, ann):
    make_meetup(capacity=3)
    client.force_login(ann)
    page = text(client.get("/meetups/december/"))
    assert "3 of 3 seats left" in page
    assert "You're not going." in page
    assert 'action="/meetups/december/rsvp/"' in page
    assert 'data-hx-post="/meetups/december/rsvp/"' in page


def test_an_rsvp_without_javascript_redirects_with_a_message(client, ann):
    make_meetup(capacity=3)
    client.force_login(ann)
    response = client.post("/meetups/december/rsvp/", follow=True)
    assert response.redirect_chain == [("/meetups/december/", 302)]
    page = text(response)
    assert "You're going! See you there." in page
    assert "2 of 3 seats left" in page
    assert "You're going." in page


def test_an_rsvp_with_htmx_returns_only_the_panel(client, ann):
    make_meetup(capacity=3)
    client.force_login(ann)
    response = client.post("/meetups/december/rsvp/", headers={"HX-Request": "true"})
    page = text(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="rsvp-panel"')
    assert "<html" not in page
    assert "You're going! See you there." in page and "2 of 3 seats left" in page


def test_polling_the_page_with_htmx_refreshes_the_seat_count(client, ann, bob):
    make_meetup(capacity=3)
    client.force_login(bob)
    client.post("/meetups/december/rsvp/")
    client.force_login(ann)
    page = text(client.get("/meetups/december/", headers={"HX-Request": "true"}))
    assert page.lstrip().startswith('<section id="rsvp-panel"') and "2 of 3 seats left" in page


def test_a_full_meetup_puts_the_member_on_the_waitlist_and_shows_the_position(client, ann, bob):
    make_meetup(capacity=1)
    client.force_login(ann)
    client.post("/meetups/december/rsvp/")
    client.force_login(bob)
    page = text(client.post("/meetups/december/rsvp/", follow=True))
    assert "you are #1 on the waitlist" in page
    assert "You're waitlisted #1." in page
    assert "0 of 1 seats left" in page and "1 on the waitlist" in page


def test_a_double_submission_gives_exactly_one_rsvp(client, ann):
    make_meetup(capacity=3)
    client.force_login(ann)
    client.post("/meetups/december/rsvp/")
    events = event_store().max_notification_id()
    page = text(client.post("/meetups/december/rsvp/", follow=True))
    assert "You are already going." in page
    assert event_store().max_notification_id() == events
    assert MeetupListing.objects.get().going_count == 1


def test_cancelling_promotes_the_waitlisted_member_who_is_emailed(client, ann, bob, deliver_mail):
    make_meetup(capacity=1)
    client.force_login(ann)
    client.post("/meetups/december/rsvp/")
    client.force_login(bob)
    client.post("/meetups/december/rsvp/")
    client.force_login(ann)
    deliver_mail()
    mail.outbox.clear()

    response = client.post("/meetups/december/rsvp/cancel/", follow=True)
    deliver_mail()

    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("You have a seat at December talk night", ["bob@example.com"]),
        ("You cancelled your RSVP to December talk night", ["ann@example.com"]),  # with the calendar CANCEL
    ]

    assert "Your RSVP is cancelled." in text(response)
    meetup = MeetupListing.objects.get()
    assert (meetup.going_count, meetup.waitlist_count) == (1, 0)
    client.force_login(bob)
    assert "You're going." in text(client.get("/meetups/december/"))


def test_anonymous_visitors_are_asked_to_log_in(client, db):
    make_meetup()
    page = text(client.get("/meetups/december/"))
    assert "to RSVP" in page and 'action="/meetups/december/rsvp/"' not in page
    response = client.post("/meetups/december/rsvp/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_unknown_meetup_is_a_404(client, ann):
    client.force_login(ann)
    assert client.get("/meetups/nope/").status_code == 404
    assert client.post("/meetups/nope/rsvp/").status_code == 404


def test_rsvp_needs_post(client, ann):
    make_meetup()
    client.force_login(ann)
    assert client.get("/meetups/december/rsvp/").status_code == 405
