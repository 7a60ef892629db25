"""An organiser creates a monthly series in the admin, in a real browser (with JavaScript
and without: the admin's form is a plain form), and the next
three meetups of the series appear on the home page (no worker needed: starting a
series makes its first occurrences; the worker's timer makes the later ones)."""

from datetime import time

import pytest
from django.utils import timezone

from meetups.series.command import group_zone
from meetups.series.rules import Rule, upcoming
from membership.testing import make_member
from tests.browser.support import label, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("javascript", [True, False])
def test_an_organiser_creates_a_monthly_series_and_the_next_three_meetups_show_on_the_home_page(
    live_server, open_page, problems, javascript
):
    make_member("Olivia", organiser=True)
    page = open_page(**DESKTOP, java_script_enabled=javascript)
    log_in(page, live_server, "Olivia", next_path="/admin/community/serieslisting/add/")
    page.get_by_label(label("Slug")).fill("pyrva")
    page.get_by_label(label("Title")).fill("PyRVA {month} meetup")
    page.get_by_label(label("Frequency")).select_option("monthly_weekday")
    page.get_by_label(label("Weekday")).select_option(label="Tuesday")
    page.get_by_label(label("Week of the month")).select_option(label="Third")
    page.get_by_label(label("First date")).fill(timezone.localdate().isoformat())
    page.get_by_label(label("Start time")).fill("17:45")
    page.get_by_label(label("Venue name")).fill("Main Library")
    page.get_by_label(label("Capacity")).fill("40")
    screenshot(page, f"series-add-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(f"{live_server.url}/admin/community/serieslisting/")
    assert page.locator("#result_list").get_by_role("link", name="PyRVA {month} meetup").is_visible()

    page.goto(live_server.url + "/")
    expected = upcoming(Rule("monthly_weekday", weekday=1, nth=3), first=timezone.localdate(), at=time(17, 45),
                        zone=group_zone(), after=timezone.now(), count=3)
    titles = [f"PyRVA {day:%B} meetup" for day in expected]
    for title in titles:
        assert page.get_by_role("link", name=title, exact=True).is_visible(), title
    screenshot(page, "series-home")
    # The meetup page carries its schema.org JSON-LD block; the CSP (no inline script) lets
    # the data block be, with no violation reported (the problems watcher fails on one).
    page.get_by_role("link", name=titles[0], exact=True).click()
    page.wait_for_url(f"{live_server.url}/meetups/pyrva-{expected[0].isoformat()}/")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    # Django's admin pages link no icon, so the browser asked for /favicon.ico there (404).
    problems.console_errors[:] = [m for m in problems.console_errors if "/favicon.ico" not in m]
    problems.assert_none()
