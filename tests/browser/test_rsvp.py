"""RSVPs and check-in in a real browser.

1. With JavaScript, two members race for the last seat: the RSVP panel swaps in place
   (no page load), the second member is waitlisted, and when the first cancels the
   second is promoted.
2. Without JavaScript the same form posts, redirects, and shows a message.
3. An organiser checks a member in from the roster on a phone-sized screen.

Every page is watched for CSP violations, console errors, uncaught exceptions and
failed requests, as in test_signup.py.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.testing import make_member
from tests.browser.support import (
    PHONE,
    assert_fits_width,
    assert_same_document,
    label,
    log_in,
    mark_document,
    screenshot,
    swap_by_htmx,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def panel(page):
    return page.locator("#rsvp-panel")


def test_two_members_race_for_the_last_seat_and_the_panel_swaps_in_place(live_server, open_page, problems):
    make_member("Ann")
    make_member("Bob")
    slug = make_meetup("one-seat", capacity=1)
    path = f"/meetups/{slug}/"

    a = open_page(viewport={"width": 1280, "height": 900})
    a.goto(live_server.url + path)
    assert panel(a).get_by_text("1 of 1 seats left").is_visible()
    screenshot(a, "meetup-anonymous")
    # The panel's "Log in" link brings Ann back here.
    panel(a).get_by_role("link", name="Log in").click()
    a.wait_for_url(re.compile(r"/accounts/login/\?next="))
    a.get_by_label(label("Email")).fill("ann@example.com")
    a.get_by_label(label("Password")).fill("pw-Ann-12345")
    a.get_by_role("button", name="Log in", exact=True).click()
    a.wait_for_url(live_server.url + path)
    assert panel(a).get_by_text("You're not going.").is_visible()
    assert a.evaluate("typeof window.htmx") == "object", "htmx did not load (blocked by CSP?)"

    navigations = []
    a.on("framenavigated", lambda frame: frame == a.main_frame and navigations.append(frame.url))
    mark_document(a)
    swap_by_htmx(a, panel(a).get_by_role("button", name="RSVP"), "/rsvp/")
    panel(a).get_by_text("You're going.", exact=True).wait_for()
    assert panel(a).get_by_text("0 of 1 seats left").is_visible()
    assert panel(a).get_by_role("status").inner_text() == "You're going! See you there."
    assert panel(a).get_by_role("button", name="Cancel my RSVP").is_visible()
    assert_same_document(a)
    assert navigations == [], f"navigated: {navigations}"
    screenshot(a, "meetup-going-desktop")

    b = open_page(**PHONE)
    log_in(b, live_server, "Bob", next_path=path)
    assert panel(b).get_by_text("0 of 1 seats left").is_visible()
    assert panel(b).get_by_text("You're not going.").is_visible()
    mark_document(b)
    swap_by_htmx(b, panel(b).get_by_role("button", name="Join the waitlist"), "/rsvp/")
    panel(b).get_by_text("You're waitlisted #1.").wait_for()
    assert panel(b).get_by_text("0 of 1 seats left · 1 on the waitlist").is_visible()
    assert "#1 on the waitlist" in panel(b).get_by_role("status").inner_text()
    assert_same_document(b)
    assert_fits_width(b)
    screenshot(b, "meetup-waitlisted-phone")

    dialogs = []
    a.once("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    swap_by_htmx(a, panel(a).get_by_role("button", name="Cancel my RSVP"), "/rsvp/cancel/")
    assert dialogs == ["Cancel your RSVP? Your seat goes to the next person waiting."]
    panel(a).get_by_text("You're not going.").wait_for()
    assert panel(a).get_by_role("status").inner_text() == "Your RSVP is cancelled."
    assert_same_document(a)
    assert navigations == [], f"navigated: {navigations}"

    b.reload()
    assert panel(b).get_by_text("You're going.", exact=True).is_visible()
    assert panel(b).get_by_text("0 of 1 seats left").is_visible()
    assert panel(b).get_by_text("on the waitlist").count() == 0
    assert_fits_width(b)
    screenshot(b, "meetup-going-phone")
    problems.assert_none()


def test_rsvp_without_javascript_posts_and_redirects_with_a_message(live_server, open_page, problems):
    make_member("Cy")
    slug = make_meetup("no-js", capacity=5)
    path = f"/meetups/{slug}/"

    page = open_page(java_script_enabled=False)
    log_in(page, live_server, "Cy", next_path=path)
    assert panel(page).get_by_text("5 of 5 seats left").is_visible()

    with page.expect_navigation() as navigation:
        panel(page).get_by_role("button", name="RSVP").click()
    response = navigation.value
    assert response.url == live_server.url + path
    posted = response.request.redirected_from
    assert posted is not None and posted.method == "POST" and posted.url.endswith(f"{path}rsvp/"), posted
    assert "hx-request" not in posted.headers

    assert page.get_by_role("status").filter(has_text="You're going! See you there.").is_visible()
    assert panel(page).get_by_text("You're going.", exact=True).is_visible()
    assert panel(page).get_by_text("4 of 5 seats left").is_visible()
    screenshot(page, "meetup-going-no-js")
    problems.assert_none()


def test_organiser_checks_a_member_in_from_the_roster_on_a_phone(live_server, open_page, problems):
    make_member("Olivia", organiser=True)
    dee, eve = make_member("Dee"), make_member("Eve")
    slug = make_meetup("tonight", capacity=1, starts_in=timedelta(hours=1))
    rsvp(slug=slug, member_id=dee.member_id, now=timezone.now())
    rsvp(slug=slug, member_id=eve.member_id, now=timezone.now())  # waitlisted
    path = f"/meetups/{slug}/roster/"

    page = open_page(**PHONE)
    log_in(page, live_server, "Olivia", next_path=path)
    lists = page.locator("#roster-lists")
    assert lists.get_by_role("heading", name="Going (1)").is_visible()
    assert lists.get_by_role("heading", name="Waitlist (1)").is_visible()
    assert_fits_width(page)
    screenshot(page, "roster-phone")

    # Password managers (and Playwright's own screenshots) give inputs a style attribute
    # through the CSSOM, which the CSP allows; htmx must not copy it onto the swapped-in
    # inputs with setAttribute("style"), which the CSP blocks.
    page.locator("#roster-lists input[name=reason]").first.evaluate("input => { input.style.outline = '0' }")
    mark_document(page)
    with page.expect_response(lambda r: "/roster/check-in/" in r.url) as answer:
        lists.get_by_role("button", name="Check in Dee").tap()
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true"
    undo = page.get_by_role("button", name="✓ Checked in Dee (press to undo)")
    undo.wait_for()
    # What it shows (the rest is for screen readers) starts its accessible name.
    assert undo.evaluate("button => button.firstChild.textContent") == "✓ Checked in"
    assert page.locator("#roster-lists").get_by_role("status").inner_text() == "Checked in."
    assert page.locator(".roster-row.attended").count() == 1
    assert_same_document(page)
    assert_fits_width(page)
    screenshot(page, "roster-checked-in-phone")
    problems.assert_none()


def test_the_panel_refreshes_its_counts_without_taking_focus_from_the_rsvp_button(live_server, open_page, problems, settings):
    """Ann has tabbed to the RSVP button; meanwhile Bob takes the last seat. The counts
    and the button's label refresh in place (the poll), focus stays on the button, and
    pressing Enter puts Ann on the waitlist."""
    settings.RSVP_POLL_SECONDS = 1
    make_member("Ann")
    bob = make_member("Bob")
    slug = make_meetup("one-seat", capacity=1)
    path = f"/meetups/{slug}/"
    page = open_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "Ann", next_path=path)
    button = panel(page).get_by_role("button", name="RSVP")
    button.focus()
    assert page.evaluate("document.activeElement.id") == "rsvp-action"
    mark_document(page)

    rsvp(slug=slug, member_id=bob.member_id, now=timezone.now())
    panel(page).get_by_text("0 of 1 seats left").wait_for(timeout=8_000)
    panel(page).get_by_role("button", name="Join the waitlist").wait_for()
    assert page.evaluate("document.activeElement.id") == "rsvp-action", "the poll moved keyboard focus"
    assert_same_document(page)
    # Nothing changed since: the next polls answer 204 and swap nothing.
    with page.expect_response(lambda r: "/seats/" in r.url, timeout=5_000) as poll:
        pass
    assert poll.value.status == 204

    page.keyboard.press("Enter")
    panel(page).get_by_text("You're waitlisted #1.").wait_for()
    problems.assert_none()


def test_without_javascript_the_waitlist_promotes_when_a_seat_frees_and_the_worker_mails_it(
    live_server, open_page, problems, deliver_mail, mailoutbox
):
    """The race of the first test with every form posting and redirecting: Ann takes the
    only seat, Bob joins the waitlist, Ann cancels through the confirm page, and Bob has
    the seat (the promotion is part of the cancel: no worker needed); the worker's
    promotion mail tells him so."""
    make_member("Ann")
    make_member("Bob")
    slug = make_meetup("one-seat", capacity=1, title="One seat night")
    path = f"/meetups/{slug}/"

    a = open_page(java_script_enabled=False)
    log_in(a, live_server, "Ann", next_path=path)
    panel(a).get_by_role("button", name="RSVP").click()
    a.get_by_role("status").filter(has_text="You're going! See you there.").wait_for()
    assert panel(a).get_by_text("0 of 1 seats left").is_visible()

    b = open_page(java_script_enabled=False, **PHONE)
    log_in(b, live_server, "Bob", next_path=path)
    with b.expect_navigation():
        panel(b).get_by_role("button", name="Join the waitlist").click()
    assert panel(b).get_by_text("You're waitlisted #1.").is_visible()
    assert panel(b).get_by_text("0 of 1 seats left · 1 on the waitlist").is_visible()
    assert_fits_width(b)
    screenshot(b, "meetup-waitlisted-phone-no-js")

    panel(a).get_by_role("button", name="Cancel my RSVP").click()
    a.wait_for_url(re.compile(rf"{path}rsvp/cancel/\??$"))
    a.get_by_role("button", name="Yes, cancel my RSVP").click()
    a.wait_for_url(live_server.url + path)
    assert a.get_by_text("Your RSVP is cancelled.").is_visible()
    assert panel(a).get_by_text("You're not going.").is_visible()

    b.reload()
    assert panel(b).get_by_text("You're going.", exact=True).is_visible()
    assert panel(b).get_by_text("on the waitlist").count() == 0
    screenshot(b, "meetup-promoted-phone-no-js")
    deliver_mail()  # what the worker does in the background
    assert [m.subject for m in mailoutbox if m.to == ["bob@example.com"]][-1] == "You have a seat at One seat night"
    problems.assert_none()
