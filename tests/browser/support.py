"""Helpers shared by the browser tests: what counts as a problem in a page (CSP
violations, console errors, uncaught exceptions, failed requests) and how to watch a page
for it, logging in through the real form, screenshots, and checks of in-place swaps and
of the page's width.

The fixtures built on these (`problems`, `open_page`) are in conftest.py beside this file."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


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


def watch(page, seen: BrowserProblems):
    """Record what goes wrong in `page` into `seen` (CSP violations become console errors)."""
    page.set_default_timeout(10_000)
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
    return page


def assert_htmx_from_our_static(page, live_server) -> None:
    sources = page.locator("script[src]").evaluate_all("scripts => scripts.map(s => s.src)")
    htmx = [src for src in sources if "htmx" in src]
    assert htmx, f"no htmx script tag; scripts: {sources}"
    assert all(src.startswith(live_server.url + "/static/") for src in htmx), htmx
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load (blocked by CSP?)"


def log_in(page, live_server, name: str, *, next_path: str) -> None:
    """Through the real login form as make_member(name), landing on `next_path`."""
    log_in_as(page, live_server, f"{name.lower()}@example.com", f"pw-{name}-12345", next_path=next_path)


def log_in_as(page, live_server, email: str, password: str, *, next_path: str) -> None:
    """Through the real login form with an email and password, landing on `next_path`."""
    page.goto(f"{live_server.url}/accounts/login/?next={next_path}")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(live_server.url + next_path)


def mark_document(page) -> None:
    """Set a marker that only survives while this document stays loaded."""
    page.evaluate("window.__sameDocument = true")


def assert_same_document(page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded (expected an in-place swap)"


def assert_fits_width(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the viewport (sideways scrolling)"


def swap_by_htmx(page, button, url_part: str) -> None:
    """Click `button`, expecting an htmx request (not a form submission) to `url_part`."""
    with page.expect_response(lambda r: url_part in r.url and r.request.method == "POST") as answer:
        button.click()
    response = answer.value
    assert response.status == 200, f"{response.url}: {response.status}"
    assert response.request.headers.get("hx-request") == "true", "the form was submitted without htmx"


# -- keyboard ---------------------------------------------------------------------------------
# What has keyboard focus: where it stands in document order, what it is, and whether the
# focus is drawn (an outline or a box shadow while it matches :focus-visible).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    order: Array.prototype.indexOf.call(document.querySelectorAll("*"), el),
    what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.innerText || el.value || el.getAttribute("aria-label") || el.name || "").trim().slice(0, 40)}"`,
    visible: el.matches(":focus-visible") && (outline || shadow),
  };
}"""


def tab_until(page, found, *, limit: int = 80) -> list[dict]:
    """Press Tab from where focus is until `found(page)` is true; returns each stop (FOCUSED's
    answer), checking on the way that every stop shows its focus and that the stops follow
    the document's order."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        assert stop is not None, f"Tab left the page after {[s['what'] for s in stops]}"
        assert stop["visible"], f"no visible focus on {stop['what']} (after {[s['what'] for s in stops][-3:]})"
        if stops:
            assert stop["order"] > stops[-1]["order"], f"Tab went back up the page: {stops[-1]['what']} -> {stop['what']}"
        stops.append(stop)
        if found(page):
            return stops
    raise AssertionError(f"not reached in {limit} presses of Tab: {[s['what'] for s in stops]}")
