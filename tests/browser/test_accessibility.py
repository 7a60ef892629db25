"""Accessibility in a real browser, on the demo data (tests/site_pages.py).

1. axe-core finds nothing serious or critical on any page of the site (public pages,
   account pages, a member's and an organiser's pages, forms shown back with their
   errors), on a phone and on a desktop, light and dark.
2. Keyboard only: from the top of a meetup page, Tab reaches the RSVP button in document
   order with the focus drawn at every stop; Enter RSVPs, and the result is announced
   (with JavaScript focus stays on the panel's button; without, the page says so).
3. Keyboard only, a talk is proposed: the form is filled and sent from the keyboard, and
   its errors (a missing title) are reachable and tied to their field."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.support import FOCUSED, PHONE, log_in_as, screenshot, tab_until
from tests.site_pages import MEMBER_EMAIL, NO_RSVPS, PASSWORD, seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
WIDTHS = {390: PHONE, 1280: DESKTOP}


def serious(results) -> list:
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


def submit_with(page, form: dict[str, str]) -> None:
    """Fill the named fields and send their form as is (the browser's own checks off: the
    server's errors are what is looked at)."""
    for name, value in form.items():
        page.locator(f'[name="{name}"]').fill(value)
    field = page.locator(f'[name="{next(iter(form))}"]')
    with page.expect_navigation():
        field.evaluate("field => { field.form.noValidate = true; field.form.requestSubmit(); }")


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_axe_finds_nothing_serious_on_any_page(live_server, open_page, problems, width, scheme):
    pages = seed()
    axe = Axe()
    tabs = {}
    found = {}
    for check in pages:
        if check.who not in tabs:
            tabs[check.who] = open_page(**WIDTHS[width], color_scheme=scheme)
            if check.who:
                log_in_as(tabs[check.who], live_server, check.who, PASSWORD, next_path="/")
        page = tabs[check.who]
        page.goto(live_server.url + check.path)
        if check.form is not None:
            submit_with(page, check.form)
            assert page.locator(".errors, .form-errors, .errorlist").count(), f"{check.label}: no errors shown"
        # label-content-name-mismatch is experimental in axe (off by default): the roster's
        # check-in buttons once failed it, so it runs here.
        bad = serious(axe.run(page, options={"rules": {"label-content-name-mismatch": {"enabled": True}}}))
        if bad:
            found[check.label] = bad
    assert found == {}
    problems.assert_none()


def at_rsvp_button(page) -> bool:
    return page.evaluate("document.activeElement && document.activeElement.id === 'rsvp-action'")


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_rsvp_with_the_keyboard_only(live_server, open_page, problems, width, javascript):
    seed()
    page = open_page(**WIDTHS[width], java_script_enabled=javascript)
    log_in_as(page, live_server, MEMBER_EMAIL, PASSWORD, next_path=f"/meetups/{NO_RSVPS}/")
    page.goto(f"{live_server.url}/meetups/{NO_RSVPS}/")
    stops = tab_until(page, at_rsvp_button)
    assert stops[0]["what"].startswith('a "Skip to content"'), stops[0]
    assert page.locator("#rsvp-action").inner_text() == "RSVP"
    screenshot(page, f"keyboard-rsvp-focused-{width}-{'js' if javascript else 'nojs'}")

    page.keyboard.press("Enter")
    status = page.get_by_role("status").filter(has_text="You're going! See you there.")
    status.wait_for()
    screenshot(page, f"keyboard-rsvp-done-{width}-{'js' if javascript else 'nojs'}")
    assert page.locator("#rsvp-panel").get_by_text("You're going.", exact=True).is_visible()
    if javascript:
        # Swapped in place: focus stays on the panel's button, which now cancels (htmx
        # restores it as the swap settles, which can come a moment after the message shows).
        page.wait_for_function("document.activeElement && document.activeElement.id === 'rsvp-action'", timeout=5000)
        assert at_rsvp_button(page)
        assert page.locator("#rsvp-action").inner_text() == "Cancel my RSVP"
        assert page.evaluate(FOCUSED)["visible"]
    else:
        # A new page: its message is on screen, and Tab goes on from the top of the page.
        assert status.is_visible()
        box = status.bounding_box()
        assert box["y"] < WIDTHS[width]["viewport"]["height"], f"the message is below the fold: {box}"
    problems.assert_none()


def focused_name(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.name || document.activeElement.id)")


@pytest.mark.parametrize("javascript", [True, False])
def test_propose_a_talk_with_the_keyboard_only(live_server, open_page, problems, javascript):
    seed()
    page = open_page(**DESKTOP, java_script_enabled=javascript)
    log_in_as(page, live_server, MEMBER_EMAIL, PASSWORD, next_path="/talks/propose/")

    # Tab from the top to the title, skipping nothing it should not.
    stops = tab_until(page, lambda p: focused_name(p) == "title")
    assert stops[0]["what"].startswith('a "Skip to content"'), stops[0]
    # Sent with no title: the errors come back, reachable and tied to their fields.
    tab_until(page, lambda p: page.evaluate("document.activeElement.type") == "submit"
              and page.evaluate("document.activeElement.innerText") == "Submit proposal")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    title = page.get_by_label(re.compile(r"^Title"))
    if javascript:  # focus is on the first field in error; without JavaScript Tab gets there from the top
        assert focused_name(page) == "title"
        assert page.evaluate(FOCUSED)["visible"]
    error = page.locator(".field.has-error").filter(has=title).locator(".errors[role=alert]")
    assert error.is_visible(), "no error beside the title"
    described = title.get_attribute("aria-describedby") or ""
    error_id = error.locator("[id]").first.get_attribute("id") if error.locator("[id]").count() else None
    assert title.get_attribute("aria-invalid") == "true", "the title is not marked invalid"
    assert error_id and error_id in described.split(), f"the title's error is not tied to it: {described!r}"
    screenshot(page, f"keyboard-propose-errors-{'js' if javascript else 'nojs'}")

    # Fill it in, with the keyboard only.
    if not javascript:
        tab_until(page, lambda p: focused_name(p) == "title")
    page.keyboard.type("Keyboards all the way down")
    tab_until(page, lambda p: focused_name(p) == "abstract")
    page.keyboard.type("Why every form should work **without** a mouse.")
    tab_until(page, lambda p: focused_name(p) == "format")
    page.keyboard.press("Space")  # the first format
    tab_until(page, lambda p: focused_name(p) == "level")
    page.keyboard.press("Space")
    tab_until(page, lambda p: page.evaluate("document.activeElement.innerText") == "Submit proposal")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/talks/mine/")
    assert page.get_by_role("status").filter(has_text="“Keyboards all the way down” is submitted").is_visible()
    problems.assert_none()
