"""The RSVP panel refreshes its counts itself (GET /meetups/<slug>/seats/?seen=...), only
for members who can act, and says "nothing changed" (204: nothing swapped, nothing
re-announced, focus untouched) unless something the panel shows changed."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from meetups.rsvp.command import cancel_rsvp, rsvp
from meetups.testing import cancel_meetup, make_meetup
from membership.testing import make_member


def text(response) -> str:
    return unescape(response.content.decode())


def poll_url(page: str) -> str | None:
    """The counts' poll address in a page or fragment (None when it does not poll)."""
    match = re.search(r'<div id="seat-counts" data-hx-get="([^"]+)" data-hx-trigger="every 20s" data-hx-swap="outerHTML"', page)
    return match.group(1) if match else None


@pytest.fixture
def people(db):
    return {name: make_member(name) for name in ("Ann", "Bob", "Cat")}


def test_a_member_who_can_rsvp_gets_a_poll_and_nothing_changed_is_204(client, people):
    make_meetup(capacity=2)
    client.force_login(people["Ann"])
    url = poll_url(text(client.get("/meetups/december/")))
    assert url == "/meetups/december/seats/?seen=0.0.2.0.none"
    response = client.get(url, headers={"HX-Request": "true"})
    assert (response.status_code, response.content) == (204, b"")


def test_when_the_counts_change_only_the_counts_and_the_button_label_come_back(client, people):
    make_meetup(capacity=1)
    client.force_login(people["Ann"])
    url = poll_url(text(client.get("/meetups/december/")))
    rsvp(slug="december", member_id=people["Bob"].member_id, now=timezone.now())  # the last seat goes
    response = client.get(url, headers={"HX-Request": "true"})
    fragment = text(response)
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<div id="seat-counts"')
    assert "0 of 1 seats left" in fragment
    assert '<span id="rsvp-button-label" data-hx-swap-oob="true">Join the waitlist</span>' in fragment
    assert "<form" not in fragment and 'id="rsvp-action"' not in fragment  # the focused button is left alone
    assert poll_url(fragment) == "/meetups/december/seats/?seen=1.0.1.0.none"
    assert client.get(poll_url(fragment), headers={"HX-Request": "true"}).status_code == 204


def test_a_waitlisted_member_sees_their_place_move_up(client, people):
    make_meetup(capacity=1)
    for name in ("Ann", "Bob", "Cat"):
        rsvp(slug="december", member_id=people[name].member_id, now=timezone.now())
    client.force_login(people["Cat"])
    url = poll_url(text(client.get("/meetups/december/")))
    assert url.endswith("seen=1.2.1.2.waitlisted")
    cancel_rsvp(slug="december", member_id=people["Bob"].member_id, now=timezone.now())
    fragment = text(client.get(url, headers={"HX-Request": "true"}))
    assert "You're waitlisted #1." in fragment and "<form" not in fragment


def test_when_my_own_rsvp_changed_elsewhere_the_whole_panel_comes_back(client, people):
    make_meetup(capacity=1)
    rsvp(slug="december", member_id=people["Ann"].member_id, now=timezone.now())
    rsvp(slug="december", member_id=people["Bob"].member_id, now=timezone.now())
    client.force_login(people["Bob"])
    url = poll_url(text(client.get("/meetups/december/")))
    cancel_rsvp(slug="december", member_id=people["Ann"].member_id, now=timezone.now())  # Bob is promoted
    response = client.get(url, headers={"HX-Request": "true"})
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#rsvp-panel", "outerHTML")
    assert text(response).lstrip().startswith('<section id="rsvp-panel"') and "You're going." in text(response)


def test_a_cancelled_meetup_stops_the_poll(client, people):
    make_meetup(capacity=3)
    client.force_login(people["Ann"])
    url = poll_url(text(client.get("/meetups/december/")))
    cancel_meetup(slug="december", message="Snow.", by="test")
    response = client.get(url, headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#rsvp-panel"
    assert poll_url(text(response)) is None


def test_visitors_who_cannot_act_are_not_polled(client, people):
    make_meetup("open", capacity=3)
    make_meetup("later", capacity=3, rsvp_opens_at=timezone.now() + timedelta(days=2))
    make_meetup("past", capacity=3, starts_in=timedelta(days=-3))
    assert poll_url(text(client.get("/meetups/open/"))) is None  # anonymous: can't RSVP
    client.force_login(people["Ann"])
    assert poll_url(text(client.get("/meetups/open/"))) is not None
    assert poll_url(text(client.get("/meetups/later/"))) is None  # RSVPs not open yet, no RSVP
    assert poll_url(text(client.get("/meetups/past/"))) is None


def test_the_panel_has_no_live_region_that_polls(client, people):
    """Only a member's own action is announced (the message's role=status); the counts
    are not a live region, so a poll never re-announces them."""
    make_meetup(capacity=3)
    client.force_login(people["Ann"])
    page = text(client.get("/meetups/december/"))
    panel = page[page.index('<section id="rsvp-panel"') : page.index("</section>", page.index('<section id="rsvp-panel"'))]
    assert "aria-live" not in panel
    assert '<div role="status" class="panel-message">' in panel
