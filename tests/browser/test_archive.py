"""The talk archive (/archive/) in a real browser.

1. With JavaScript, live search: typing in the search box swaps the results in place
   (no page load) after a pause, the address follows the search (?q=...), the matching
   word is highlighted; the Level select filters the same way; a search that finds
   nothing says so. On a phone the page keeps to the screen's width.
2. Without JavaScript the same form is a plain GET form: submitting it loads the page
   with the results.

Every page is watched for CSP violations, console errors, uncaught exceptions and
failed requests (tests/browser/support.py).
"""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from meetups.listing.projection import MeetupListing
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.resources.command import ResourceInput, attach_resource, tag_talk
from talks.testing import make_proposal
from tests.browser.support import PHONE, assert_fits_width, assert_same_document, mark_document, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}

PAST_TALKS = [
    # title, abstract, level, tags, resources (title, kind), meetup, minutes after its start
    ("Testing with pytest", "Fixtures, parametrize and plugins for everyday testing.", "beginner",
     ["testing", "pytest"], [("Slides", "slides"), ("Recording", "video")], "october", 0),
    ("Async in practice", "Event loops, asyncio and trio side by side, with structured concurrency.", "advanced",
     ["async"], [("Example code", "code")], "october", 40),
    ("Pandas for spreadsheet people", "DataFrames, groupby and plotting for people who live in spreadsheets.",
     "intermediate", ["data", "pandas"], [("Notebook", "code")], "october", 80),
    ("Packaging without tears", "pyproject.toml, wheels and publishing a package.", "beginner",
     ["packaging"], [], "june", 0),
    ("Typing in practice", "Gradual typing of a large codebase with mypy and protocols.", "advanced",
     ["typing"], [("Slides", "slides")], "june", 40),
]


@pytest.fixture
def past_talks():
    """Five confirmed talks given at two past meetups, tagged, some with resources."""
    olivia = make_member("Olivia", organiser=True)
    make_meetup("october", starts_in=timedelta(days=-30), title="October talk night")
    make_meetup("june", starts_in=timedelta(days=-150), title="June talk night")
    for i, (title, abstract, level, tags, resources, slug, offset) in enumerate(PAST_TALKS):
        speaker = make_member(f"Speaker{i}")
        talk = make_proposal(speaker, title=title, abstract=abstract, level=level, status="confirmed", organiser=olivia)
        meetup = MeetupListing.objects.get(slug=slug)
        schedule_talk(slug=slug, talk_id=talk, starts_at=meetup.starts_at + timedelta(minutes=offset), minutes=30,
                      by=str(olivia.member_id))
        tag_talk(talk_id=talk, tags=tags, by=olivia.member_id)
        for res_title, kind in resources:
            attach_resource(talk_id=talk, resource=ResourceInput(res_title, f"https://example.com/{i}/{kind}", kind),
                            by=speaker.member_id)
    return [t[0] for t in PAST_TALKS]


def results(page):
    return page.locator("#results")


def titles(page) -> list[str]:
    return results(page).locator(".archive-item h2").all_inner_texts()


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# Records the URL of every htmx request whose answer has been swapped in and settled.
RECORD_SWAPS = """
if (!window.__settled) {
  window.__settled = [];
  // A history restore settles too, with no request (detail.xhr is undefined then).
  document.body.addEventListener("htmx:afterSettle", (event) => event.detail.xhr && window.__settled.push(event.detail.xhr.responseURL));
}
"""


def search_by_htmx(page, action, **expected_params) -> None:
    """Do `action` (typing, choosing), expecting an htmx GET of the results (not a page
    load) whose query has `expected_params` (a missing parameter counts as ""), and wait
    until its answer is swapped in."""

    def is_search(response) -> bool:
        url = urlsplit(response.url)
        params = parse_qs(url.query, keep_blank_values=True)
        return (
            url.path == "/archive/"
            and response.request.method == "GET"
            and all(params.get(key, [""]) == [value] for key, value in expected_params.items())
        )

    page.evaluate(RECORD_SWAPS)
    with page.expect_response(is_search) as answer:
        action()
    response = answer.value
    assert response.status == 200, f"{response.url}: {response.status}"
    assert response.request.headers.get("hx-request") == "true", "the search was not sent by htmx"
    page.wait_for_function("url => window.__settled.includes(url)", arg=response.url)


def test_live_search_swaps_the_results_in_place_follows_in_the_address_and_highlights(live_server, open_page, problems,
                                                                                     past_talks):
    page = open_page(**DESKTOP)
    page.goto(live_server.url + "/archive/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Archive").get_attribute("aria-current") == "page"
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load (blocked by CSP?)"
    # Newest first: October's last talk first, June's first talk last.
    assert titles(page) == [
        "Pandas for spreadsheet people", "Async in practice", "Testing with pytest",
        "Typing in practice", "Packaging without tears",
    ]
    assert results(page).locator(".result-count").inner_text() == "5 talks"
    screenshot(page, "archive-desktop")

    # htmx's pushState counts as a (same-document) navigation; a page load fires "load".
    loads = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    requests = []
    page.on("request", lambda r: urlsplit(r.url).path == "/archive/" and requests.append(r.url))
    mark_document(page)

    # Typing: the search waits for a pause (300 ms), so one request for the whole word.
    box = page.get_by_role("searchbox", name="Search talks")
    search_by_htmx(page, lambda: box.press_sequentially("pytest", delay=40), q="pytest")
    assert titles(page) == ["Testing with pytest"]
    assert results(page).locator(".result-count").inner_text() == "1 talk matching “pytest”"
    assert query_of(page).get("q") == ["pytest"]
    assert len(requests) < len("pytest"), f"a request per keystroke: {requests}"
    marks = results(page).locator(".snippet mark").all_inner_texts()
    assert marks and all(m.lower() == "pytest" for m in marks), marks
    assert_same_document(page)
    screenshot(page, "archive-search-desktop")

    # Another search replaces the results.
    search_by_htmx(page, lambda: box.fill("practice"), q="practice")
    assert sorted(titles(page)) == ["Async in practice", "Typing in practice"]
    assert query_of(page).get("q") == ["practice"]
    assert_same_document(page)

    # The Level select filters at once, keeping the search.
    level = page.get_by_role("combobox", name="Level")
    search_by_htmx(page, lambda: level.select_option("advanced"), q="practice", level="advanced")
    assert sorted(titles(page)) == ["Async in practice", "Typing in practice"]
    search_by_htmx(page, lambda: box.fill(""), q="", level="advanced")
    assert titles(page) == ["Async in practice", "Typing in practice"]
    assert query_of(page).get("level") == ["advanced"]
    search_by_htmx(page, lambda: level.select_option("beginner"), level="beginner")
    assert titles(page) == ["Testing with pytest", "Packaging without tears"]
    assert query_of(page).get("level") == ["beginner"]
    assert_same_document(page)

    # Nothing found: said so, with a way out of the filters.
    search_by_htmx(page, lambda: box.fill("haskell"), q="haskell", level="beginner")
    assert titles(page) == []
    empty = results(page).locator(".empty-state")
    assert empty.get_by_text("No talks match “haskell” with these filters.").is_visible()
    assert empty.get_by_role("link", name="removing the filters").get_attribute("href") == "/archive/?q=haskell"
    assert query_of(page) == {"q": ["haskell"], "level": ["beginner"]}
    screenshot(page, "archive-empty-desktop")
    search_by_htmx(page, lambda: level.select_option(""), q="haskell", level="")
    assert query_of(page) == {"q": ["haskell"]}
    empty.get_by_text("No talks match “haskell”.").wait_for()

    assert_same_document(page)
    assert loads == [], f"page loads: {loads}"
    problems.assert_none()


def test_the_archive_on_a_phone_fits_the_screen_and_pages(live_server, open_page, problems, past_talks, monkeypatch):
    monkeypatch.setattr("talks.archive.view.PAGE_SIZE", 3)  # the live server runs in this process
    page = open_page(**PHONE)
    page.goto(live_server.url + "/archive/")
    assert titles(page) == ["Pandas for spreadsheet people", "Async in practice", "Testing with pytest"]
    pages = page.get_by_role("navigation", name="Pages")
    assert pages.get_by_text("Page 1 of 2").is_visible()
    assert pages.get_by_role("link").all_inner_texts() == ["Older →"]
    assert_fits_width(page)
    screenshot(page, "archive-phone")

    pages.get_by_role("link", name="Older →").click()
    page.wait_for_url(re.compile(r"/archive/\?page=2$"))
    assert titles(page) == ["Typing in practice", "Packaging without tears"]
    assert pages.get_by_text("Page 2 of 2").is_visible()
    assert pages.get_by_role("link").all_inner_texts() == ["← Newer"]
    assert_fits_width(page)
    screenshot(page, "archive-page-2-phone")

    mark_document(page)
    box = page.get_by_role("searchbox", name="Search talks")
    search_by_htmx(page, lambda: box.fill("spreadsheets"), q="spreadsheets")
    assert titles(page) == ["Pandas for spreadsheet people"]
    assert pages.count() == 0
    assert_same_document(page)
    assert_fits_width(page)
    screenshot(page, "archive-search-phone")
    problems.assert_none()


def test_without_javascript_the_search_form_is_a_plain_get_form(live_server, open_page, problems, past_talks):
    page = open_page(java_script_enabled=False, **DESKTOP)
    page.goto(live_server.url + "/archive/")
    assert len(titles(page)) == 5

    page.get_by_role("searchbox", name="Search talks").fill("pandas")
    page.get_by_role("combobox", name="Level").select_option("intermediate")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Search").click()
    response = navigation.value
    assert response.status == 200
    assert response.request.method == "GET" and "hx-request" not in response.request.headers
    assert query_of(page)["q"] == ["pandas"] and query_of(page)["level"] == ["intermediate"]

    assert titles(page) == ["Pandas for spreadsheet people"]
    assert results(page).locator(".result-count").inner_text() == "1 talk matching “pandas”"
    assert [m.lower() for m in results(page).locator(".snippet mark").all_inner_texts()] == ["pandas"]
    # The form shows what was searched for.
    assert page.get_by_role("searchbox", name="Search talks").input_value() == "pandas"
    assert page.get_by_role("combobox", name="Level").input_value() == "intermediate"
    screenshot(page, "archive-search-no-js")

    page.get_by_role("searchbox", name="Search talks").fill("haskell")
    with page.expect_navigation():
        page.get_by_role("searchbox", name="Search talks").press("Enter")
    assert titles(page) == []
    assert page.get_by_text("No talks match “haskell” with these filters.").is_visible()
    problems.assert_none()


def test_back_and_forward_restore_the_search_form_with_its_results(live_server, open_page, problems, past_talks):
    page = open_page(**DESKTOP)
    page.goto(live_server.url + "/archive/")
    mark_document(page)
    box = page.get_by_role("searchbox", name="Search talks")
    level = page.get_by_role("combobox", name="Level")
    search_by_htmx(page, lambda: box.fill("practice"), q="practice")
    search_by_htmx(page, lambda: level.select_option("advanced"), q="practice", level="advanced")
    search_by_htmx(page, lambda: box.fill("pytest"), q="pytest", level="advanced")
    assert titles(page) == []

    page.go_back()
    page.wait_for_url(re.compile(r"\?q=practice&.*level=advanced"))
    assert_form(page, q="practice", level="advanced")
    assert sorted(titles(page)) == ["Async in practice", "Typing in practice"]

    page.go_back()
    page.wait_for_url(re.compile(r"\?q=practice(&year=&tag=&level=&kind=)?$"))
    assert_form(page, q="practice", level="")
    assert sorted(titles(page)) == ["Async in practice", "Typing in practice"]

    page.go_forward()
    page.wait_for_url(re.compile(r"\?q=practice&.*level=advanced"))
    assert_form(page, q="practice", level="advanced")
    assert_same_document(page)
    problems.assert_none()


def assert_form(page, *, q: str, level: str) -> None:
    expect(page.get_by_role("searchbox", name="Search talks")).to_have_value(q)
    expect(page.get_by_role("combobox", name="Level")).to_have_value(level)
