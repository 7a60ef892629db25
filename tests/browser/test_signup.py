"""A visitor signs up in a real browser, lands on their profile, logs out and back in;
the skip link works, and the account pages linked from the profile load cleanly.

Runs Debian's chromium through Playwright (the `page` fixture in the root conftest.py)
against pytest-django's live server. Every page is also checked for what a unit test
cannot see: Content-Security-Policy violations, console errors, uncaught exceptions,
failed requests, and htmx loading from our own static files.
"""

import re

import pytest

from tests.browser.support import BrowserProblems, assert_htmx_from_our_static, label, screenshot, watch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def problems(page) -> BrowserProblems:
    """Watches the root conftest's `page` (these tests use one page each)."""
    seen = BrowserProblems()
    watch(page, seen)
    return seen


def sign_up(page, live_server, *, email: str, display_name: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    page.wait_for_url(re.compile(r"/accounts/signup/$"))
    screenshot(page, "signup")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Display name")).fill(display_name)
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_label(label("Password (again)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(live_server.url + "/members/me/")


def test_visitor_signs_up_and_lands_on_their_profile(live_server, page, problems):
    response = page.goto(live_server.url + "/")
    csp = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in csp and "style-src 'self'" in csp, csp
    assert_htmx_from_our_static(page, live_server)
    screenshot(page, "home")

    sign_up(page, live_server, email="ada@example.org", display_name="Ada Lovelace")

    assert page.get_by_role("heading", level=1).inner_text() == "Ada Lovelace"
    assert page.title().startswith("Ada Lovelace")
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").get_attribute(
        "aria-current"
    ) == "page"
    assert page.locator(".messages .message").all_inner_texts() == [
        "Confirmation email sent to ada@example.org.",
        "Successfully signed in as ada@example.org.",
    ]
    assert page.locator(".profile").get_by_text("Signed in as ada@example.org").is_visible()
    screenshot(page, "profile")
    assert_htmx_from_our_static(page, live_server)
    problems.assert_none()


def test_member_logs_out_and_back_in(live_server, page, problems):
    sign_up(page, live_server, email="grace@example.org", display_name="Grace Hopper")

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(live_server.url + "/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Log in").is_visible()
    assert nav.get_by_role("link", name="My profile").count() == 0

    nav.get_by_role("link", name="Log in").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    screenshot(page, "login")
    page.get_by_label(label("Email")).fill("grace@example.org")
    page.get_by_label(label("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(live_server.url + "/members/me/")

    assert page.get_by_role("heading", level=1).inner_text() == "Grace Hopper"
    assert_htmx_from_our_static(page, live_server)
    problems.assert_none()


def test_skip_link_is_the_first_stop_and_moves_focus_to_main(live_server, page, problems):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("link => link === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"skip link off screen when focused: {box}"
    outline = skip.evaluate("link => getComputedStyle(link).outlineStyle")
    assert outline != "none", "no visible focus outline on the skip link"
    screenshot(page, "home-skip-link")

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    problems.assert_none()


def test_account_pages_linked_from_the_profile_keep_to_the_csp(live_server, page, problems):
    sign_up(page, live_server, email="katherine@example.org", display_name="Katherine Johnson")
    linked = {
        "Edit profile": "/members/me/edit/",
        "email": "/accounts/email/",
        "password": "/accounts/password/change/",
    }
    for link, path in linked.items():
        page.goto(live_server.url + "/members/me/")
        page.get_by_role("main").get_by_role("link", name=link, exact=True).click()
        page.wait_for_url(live_server.url + path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert_htmx_from_our_static(page, live_server)
        screenshot(page, "account-" + link.lower().replace(" ", "-"))
    problems.assert_none()


@pytest.mark.parametrize("javascript", [True, False])
def test_sign_up_and_confirm_the_address_from_the_mail(live_server, open_page, problems, deliver_mail, mailoutbox,
                                                       javascript):
    """The whole sign-up, with JavaScript and without: the form, the profile, the
    confirmation mail the worker sends, its link, and the confirmed address."""
    # An address per run: allauth's rate limit on confirmation mail is per address, in the cache.
    email = f"mary-{'js' if javascript else 'nojs'}@example.org"
    page = open_page(java_script_enabled=javascript)
    sign_up(page, live_server, email=email, display_name="Mary Jackson")
    assert page.get_by_role("heading", level=1).inner_text() == "Mary Jackson"
    assert page.locator(".messages").get_by_text(f"Confirmation email sent to {email}.").is_visible()

    deliver_mail()  # what the worker does in the background
    [message] = [m for m in mailoutbox if m.to == [email]]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)
    page.goto(live_server.url + link)
    screenshot(page, f"signup-confirm-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/(members/me|accounts/email)/$"))
    assert page.get_by_text(f"You have confirmed {email}.").is_visible()
    page.goto(live_server.url + "/accounts/email/")
    assert page.get_by_text("Verified").first.is_visible()
    problems.assert_none()
