"""A visitor signs up in a real browser, lands on their profile, logs out and back in;
the skip link works, and the account pages linked from the profile load cleanly.

Runs Debian's chromium through Playwright (the `page` fixture in the root conftest.py)
against pytest-django's live server. Every page is also checked for what a unit test
cannot see: Content-Security-Policy violations, console errors, uncaught exceptions,
failed requests, and htmx loading from our own static files.
"""

import os
import re
from dataclasses import dataclass, field

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-42"


# Django's labels end with a colon ("Password:"); match the words, not the punctuation.
def label(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}:?$")


def screenshot(page, name: str) -> None:
    """Full-page screenshot into $BROWSER_SCREENSHOTS (a directory) when it is set."""
    directory = os.environ.get("BROWSER_SCREENSHOTS")
    if directory:
        page.screenshot(path=os.path.join(directory, f"{name}.png"), full_page=True)


# Chromium reports CSP violations as console errors, but only when it decides to; this
# listener (installed through DevTools, so the page's CSP does not apply to it) makes
# every violation a console error we can count on.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
                + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


@dataclass
class BrowserProblems:
    """What went wrong in the page while a test drove it."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    def assert_none(self) -> None:
        assert self.console_errors == [], "console errors (CSP violations included)"
        assert self.page_errors == [], "uncaught JavaScript exceptions"
        assert self.failed_requests == [], "requests that failed or answered >= 400"


@pytest.fixture
def problems(page) -> BrowserProblems:
    seen = BrowserProblems()
    page.add_init_script(REPORT_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda message: message.type == "error"
        and seen.console_errors.append(f"{message.text} ({message.location.get('url', '?')})"),
    )
    page.on("pageerror", lambda error: seen.page_errors.append(str(error)))
    # net::ERR_ABORTED is a load cut short by the next navigation (a favicon, typically): not a fault.
    page.on(
        "requestfailed",
        lambda request: request.failure != "net::ERR_ABORTED"
        and seen.failed_requests.append(f"{request.url}: {request.failure}"),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and seen.failed_requests.append(f"{response.url}: {response.status}"),
    )
    return seen


def assert_htmx_from_our_static(page, live_server) -> None:
    sources = page.locator("script[src]").evaluate_all("scripts => scripts.map(s => s.src)")
    htmx = [src for src in sources if "htmx" in src]
    assert htmx, f"no htmx script tag; scripts: {sources}"
    assert all(src.startswith(live_server.url + "/static/") for src in htmx), htmx
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load (blocked by CSP?)"


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
    assert page.locator(".messages").inner_text().split("\n") == [
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
    page.get_by_role("button", name="Sign in").click()
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
