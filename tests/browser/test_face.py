"""The site as a newcomer meets it on a phone: one-row header with a menu that opens
without JavaScript, the home page's one-tap RSVP, the roster's name search (live and
as a plain GET form), a confirm step without JavaScript. (axe-core over every page, light and dark, phone and
desktop: test_accessibility.py.)"""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from community.group.command import describe_group, list_sponsors
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.testing import make_member
from tests.browser.support import PHONE, assert_fits_width, assert_same_document, log_in, mark_document, swap_by_htmx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def describe(name="PyRVA"):
    describe_group(
        by="test", name=name, summary="Richmond's Python user group.", meets_where="Main Library",
        meets_when="Second Tuesday, 6:30 PM", chat_url="https://chat.example.org/", code_of_conduct="Be kind.",
        about="## Our story\n\nSix people and a projector.",
    )
    list_sponsors(sponsors=[("Library", "https://library.example.org/")], by="test")


@pytest.mark.parametrize("javascript", [True, False])
def test_on_a_phone_the_header_is_one_row_and_the_menu_opens(live_server, open_page, problems, javascript):
    describe()
    page = open_page(**PHONE, java_script_enabled=javascript)
    page.goto(live_server.url + "/")
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 70, f"the header is {header['height']}px tall: more than one row"
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Archive").count() == 0  # the row's copy is display: none, the menu closed
    nav.locator("summary", has_text="Menu").click()
    nav.get_by_role("link", name="Archive").wait_for()
    assert nav.get_by_role("link", name="Archive").is_visible()
    nav.get_by_role("link", name="Archive").click()
    page.wait_for_url(live_server.url + "/archive/")
    assert_fits_width(page)
    problems.assert_none()


def test_desktop_shows_the_links_in_a_row_without_a_menu(live_server, open_page, problems):
    page = open_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Archive").is_visible()
    assert not nav.locator("summary").is_visible()
    problems.assert_none()


def test_the_home_page_rsvp_is_one_tap_on_a_phone(live_server, open_page, problems):
    describe()
    make_member("Ann")
    make_meetup("december", capacity=3, title="December talk night")
    page = open_page(**PHONE)
    log_in(page, live_server, "Ann", next_path="/")
    next_meetup = page.locator(".next-meetup")
    assert next_meetup.get_by_role("heading", name="December talk night").is_visible()
    assert next_meetup.get_by_text("3 of 3 seats left").is_visible()
    mark_document(page)
    swap_by_htmx(page, next_meetup.get_by_role("button", name="RSVP"), "/meetups/december/rsvp/")
    next_meetup.get_by_text("You're going.", exact=True).wait_for()
    assert next_meetup.get_by_text("2 of 3 seats left").is_visible()
    assert_same_document(page)
    assert_fits_width(page)
    problems.assert_none()


@pytest.fixture
def door(db):
    make_member("Olivia", organiser=True)
    members = [make_member(name) for name in ("Zed", "Ann", "Bea", "Annika")]
    slug = make_meetup("tonight", capacity=10, starts_in=timedelta(hours=1))
    for member in members:
        rsvp(slug=slug, member_id=member.member_id, now=timezone.now())
    return f"/meetups/{slug}/roster/"


def roster_names(page) -> list[str]:
    return [n.strip() for n in page.locator("#roster-lists .roster .who").all_inner_texts()]


def test_the_roster_search_filters_as_you_type_and_check_in_keeps_focus(live_server, open_page, problems, door):
    page = open_page(**PHONE)
    log_in(page, live_server, "Olivia", next_path=door)
    assert roster_names(page) == ["Zed", "Ann", "Bea", "Annika"]
    mark_document(page)
    with page.expect_response(lambda r: "/roster/?q=ann" in r.url):
        page.get_by_label("Find a name").fill("ann")
    expect(page.locator("#roster-lists .roster .who")).to_have_count(2)
    assert roster_names(page) == ["Ann", "Annika"]
    assert_same_document(page)
    assert page.url.endswith("?q=ann&order=rsvp")  # pushed: Back and a reload keep the search
    button = page.get_by_role("button", name="Check in Annika")
    button.focus()
    swap_by_htmx(page, button, "/roster/check-in/")
    page.get_by_role("button", name=re.compile(r"^✓ Checked in Annika")).wait_for()
    assert roster_names(page) == ["Ann", "Annika"]  # the search held
    assert page.evaluate("document.activeElement.id") == page.get_by_role("button", name=re.compile("Annika")).get_attribute("id")
    page.get_by_label("Order").select_option("name")
    expect(page).to_have_url(re.compile(r"order=name"))
    page.get_by_label("Find a name").fill("")
    expect(page.locator("#roster-lists .roster .who")).to_have_count(4)
    assert roster_names(page) == ["Ann", "Annika", "Bea", "Zed"]
    assert_fits_width(page)
    problems.assert_none()


def test_the_roster_search_works_without_javascript(live_server, open_page, problems, door):
    page = open_page(**PHONE, java_script_enabled=False)
    log_in(page, live_server, "Olivia", next_path=door)
    page.get_by_label("Find a name").fill("bea")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"\?q=bea"))
    assert roster_names(page) == ["Bea"]
    page.get_by_role("button", name="Check in Bea").click()
    page.wait_for_url(re.compile(r"/roster/\?q=bea#member-"))
    assert roster_names(page) == ["Bea"]
    assert page.get_by_role("button", name=re.compile(r"^✓ Checked in Bea")).is_visible()
    problems.assert_none()


def test_cancelling_an_rsvp_without_javascript_has_a_confirm_step(live_server, open_page, problems):
    make_member("Cy")
    slug = make_meetup("december", capacity=5)
    page = open_page(**PHONE, java_script_enabled=False)
    log_in(page, live_server, "Cy", next_path=f"/meetups/{slug}/")
    page.locator("#rsvp-panel").get_by_role("button", name="RSVP").click()
    page.get_by_text("You're going.", exact=True).wait_for()
    page.get_by_role("button", name="Cancel my RSVP").click()
    page.wait_for_url(re.compile(rf"/meetups/{slug}/rsvp/cancel/\??$"))
    assert page.get_by_role("heading", name="Cancel your RSVP?").is_visible()
    page.get_by_role("link", name="No, keep it").click()
    page.wait_for_url(live_server.url + f"/meetups/{slug}/")
    assert page.get_by_text("You're going.", exact=True).is_visible()
    page.get_by_role("button", name="Cancel my RSVP").click()
    page.get_by_role("button", name="Yes, cancel my RSVP").click()
    page.wait_for_url(live_server.url + f"/meetups/{slug}/")
    assert page.get_by_text("Your RSVP is cancelled.").is_visible()
    problems.assert_none()
