"""From proposal to schedule in a real browser.

A member proposes a talk through the proposal form. An organiser opens the review
pages, accepts the proposal with a message (the speaker is emailed it), picks another
upcoming meetup in the scheduling panel (htmx swaps the panel in place with that
meetup's agenda and its first free time) and schedules the talk there. The talk then
shows on the public schedule (/schedule/) and in the agenda of the meetup's page, in
time order after the talk already on it; the speaker sees it on My talks.

Every page is watched for CSP violations, console errors, uncaught exceptions and
failed requests (tests/browser/support.py).
"""

import re
from datetime import timedelta

import pytest
from django.utils import dateformat, timezone

from meetups.listing.projection import MeetupListing
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import schedule_talk
from talks.proposals.projection import TalkProposal
from talks.testing import make_proposal
from tests.browser.support import assert_same_document, label, log_in, mark_document, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
TITLE = "Structured concurrency with trio"


def clock(moment) -> str:
    """A time as the pages show it (the group's time zone), e.g. "7:30 PM"."""
    return dateformat.format(timezone.localtime(moment), "g:i A")


def whole_minute_after(moment):
    """What the scheduling form proposes for `moment`: the next whole minute (never earlier)."""
    local = timezone.localtime(moment)
    if local.second or local.microsecond:
        local = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    return local


def test_a_proposed_talk_is_accepted_scheduled_and_shows_on_the_schedule_and_the_meetup_page(
    live_server, open_page, problems, mailoutbox, deliver_mail
):
    ann, bob = make_member("Ann"), make_member("Bob")
    olivia = make_member("Olivia", organiser=True)
    make_meetup("december", starts_in=timedelta(days=7), title="December talk night")
    make_meetup("january", starts_in=timedelta(days=35), title="January talk night")
    january = MeetupListing.objects.get(slug="january")
    # Bob's talk opens January's agenda: the first free time is after it.
    bobs_talk = make_proposal(bob, title="Packaging without tears", status="confirmed", organiser=olivia)
    schedule_talk(slug="january", talk_id=bobs_talk, starts_at=january.starts_at, minutes=30, by=str(olivia.member_id))

    # The member proposes a talk (preferring December).
    member = open_page(**DESKTOP)
    log_in(member, live_server, "Ann", next_path="/talks/propose/")
    member.get_by_label(label("Title")).fill(TITLE)
    member.get_by_label(label("Abstract")).fill("Nurseries, cancel scopes and **why** they beat bare tasks.")
    member.get_by_label("Talk (30 min)").check()
    member.get_by_label("Intermediate").check()
    member.get_by_label("December talk night", exact=False).check()
    member.get_by_role("button", name="Submit proposal").click()
    member.wait_for_url(live_server.url + "/talks/mine/")
    assert member.get_by_role("status").filter(has_text=f"“{TITLE}” is submitted").is_visible()
    talk_id = TalkProposal.objects.get(title=TITLE).proposal_id

    # An organiser reviews it.
    organiser = open_page(**DESKTOP)
    log_in(organiser, live_server, "Olivia", next_path="/talks/review/")
    submitted = organiser.get_by_role("region", name="Submitted (1)")
    assert submitted.get_by_role("cell", name="Ann", exact=True).is_visible()
    screenshot(organiser, "review-list")
    submitted.get_by_role("link", name=TITLE).click()
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/")
    assert organiser.get_by_role("heading", level=1).inner_text() == TITLE
    assert organiser.locator(".status").inner_text() == "Status: submitted"
    assert organiser.get_by_text("Only accepted talks go on an agenda.").is_visible()

    # Accepts it with a message, which is emailed to the speaker.
    decision = organiser.locator("#decision")
    decision.get_by_label("Accept", exact=True).check()
    decision.get_by_label("Message to the speakers (emailed to them)").fill("Welcome aboard! Slides by the 1st, please.")
    decision.get_by_role("button", name="Send the decision").click()
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/")
    assert organiser.get_by_role("status").filter(has_text="Accepted. The speakers will be emailed your message.").is_visible()
    assert organiser.locator(".status").inner_text().startswith("Status: accepted")
    deliver_mail()  # what the worker does in the background
    [email] = [m for m in mailoutbox if m.to == ["ann@example.com"]]
    assert email.subject == f"Your talk “{TITLE}” is accepted"
    assert "Welcome aboard! Slides by the 1st, please." in email.body

    # Schedules it: the panel offers the preferred meetup first; choosing January swaps
    # in January's agenda and the first free time after Bob's talk.
    panel = organiser.locator("#agenda-panel")
    meetup_select = panel.get_by_label("Meetup", exact=True)
    assert meetup_select.input_value() == "december"
    mark_document(organiser)
    with organiser.expect_response(lambda r: f"/talks/review/{talk_id}/?meetup=january" in r.url) as answer:
        meetup_select.select_option("january")
    assert answer.value.status == 200
    assert answer.value.request.headers.get("hx-request") == "true", "the meetup was chosen without htmx"
    panel.get_by_role("button", name="Schedule at January talk night").wait_for()
    assert_same_document(organiser)
    assert panel.locator(".chosen-agenda").inner_text() == f"{clock(january.starts_at)}, 30 min: Packaging without tears"
    start = whole_minute_after(january.starts_at + timedelta(minutes=30))
    starts_at = panel.get_by_label(re.compile(r"^Starts at"))
    assert starts_at.input_value() == start.strftime("%Y-%m-%dT%H:%M")
    assert panel.get_by_label("Minutes", exact=True).input_value() == "30"
    # A few minutes' break after Bob's talk.
    start += timedelta(minutes=5)
    starts_at.fill(start.strftime("%Y-%m-%dT%H:%M"))
    screenshot(organiser, "review-detail-scheduling")
    panel.get_by_role("button", name="Schedule at January talk night").click()
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/#scheduling")
    assert organiser.get_by_role("status").filter(
        has_text=f"“{TITLE}” is on the agenda of January talk night at {clock(start)}."
    ).is_visible()
    assert panel.get_by_role("link", name="January talk night").is_visible()
    assert "30 minutes" in panel.inner_text()
    screenshot(organiser, "review-detail-scheduled")

    # The public schedule: in January's agenda, after Bob's talk; December still to come.
    nav = organiser.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Schedule").click()
    organiser.wait_for_url(live_server.url + "/schedule/")
    assert nav.get_by_role("link", name="Schedule").get_attribute("aria-current") == "page"
    january_section = organiser.get_by_role("region", name="January talk night")
    items = january_section.locator(".agenda-item")
    assert items.count() == 2
    assert items.nth(0).get_by_role("link", name="Packaging without tears").is_visible()
    ours = items.nth(1)
    assert ours.get_by_role("link", name=TITLE).get_attribute("href") == f"/talks/{talk_id}/"
    assert ours.get_by_role("link", name="Ann", exact=True).is_visible()
    assert ours.inner_text().startswith(f"{clock(start)}–{clock(start + timedelta(minutes=30))}")
    assert "Talk (30 min) · Intermediate" in ours.inner_text()
    december_section = organiser.get_by_role("region", name="December talk night")
    assert december_section.get_by_text("The agenda will be announced soon.").is_visible()
    screenshot(organiser, "schedule")

    # The meetup page's agenda.
    january_section.get_by_role("link", name="January talk night").click()
    organiser.wait_for_url(live_server.url + "/meetups/january/")
    agenda = organiser.get_by_role("region", name="Agenda")
    assert agenda.locator(".agenda-item").all_inner_texts()[1].startswith(clock(start))
    agenda.get_by_role("link", name=TITLE).click()
    organiser.wait_for_url(f"{live_server.url}/talks/{talk_id}/")
    assert organiser.get_by_role("heading", name=TITLE).is_visible()

    # The speaker sees where and when.
    member.goto(live_server.url + "/talks/mine/")
    card = member.locator("article.proposal-card")
    assert card.get_by_role("link", name="January talk night").is_visible()
    assert clock(start) in card.inner_text()
    screenshot(member, "talks-mine-scheduled")
    problems.assert_none()


def test_without_javascript_a_talk_is_proposed_accepted_and_scheduled(live_server, open_page, problems, mailoutbox,
                                                                      deliver_mail):
    """The same journey with every form a plain form: choosing the meetup loads the page
    with that meetup's agenda (the Choose button) instead of swapping the panel."""
    make_member("Ann")
    make_member("Olivia", organiser=True)
    make_meetup("december", starts_in=timedelta(days=7), title="December talk night")
    make_meetup("january", starts_in=timedelta(days=35), title="January talk night")
    january = MeetupListing.objects.get(slug="january")

    member = open_page(java_script_enabled=False, **DESKTOP)
    log_in(member, live_server, "Ann", next_path="/talks/propose/")
    member.get_by_label(label("Title")).fill(TITLE)
    member.get_by_label(label("Abstract")).fill("Nurseries and cancel scopes.")
    member.get_by_label("Talk (30 min)").check()
    member.get_by_label("Intermediate").check()
    member.get_by_role("button", name="Submit proposal").click()
    member.wait_for_url(live_server.url + "/talks/mine/")
    assert member.get_by_role("status").filter(has_text=f"“{TITLE}” is submitted").is_visible()
    talk_id = TalkProposal.objects.get(title=TITLE).proposal_id

    organiser = open_page(java_script_enabled=False, **DESKTOP)
    log_in(organiser, live_server, "Olivia", next_path="/talks/review/")
    organiser.get_by_role("region", name="Submitted (1)").get_by_role("link", name=TITLE).click()
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/")
    decision = organiser.locator("#decision")
    decision.get_by_label("Accept", exact=True).check()
    decision.get_by_label("Message to the speakers (emailed to them)").fill("Welcome aboard!")
    with organiser.expect_navigation():
        decision.get_by_role("button", name="Send the decision").click()
    assert organiser.locator(".status").inner_text().startswith("Status: accepted")
    deliver_mail()
    assert [m.subject for m in mailoutbox if m.to == ["ann@example.com"]] == [f"Your talk “{TITLE}” is accepted"]

    panel = organiser.locator("#agenda-panel")
    panel.get_by_label("Meetup", exact=True).select_option("january")
    with organiser.expect_navigation() as navigation:
        panel.get_by_role("button", name="Choose").click()
    assert "hx-request" not in navigation.value.request.headers
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/?meetup=january#scheduling")
    assert panel.get_by_text("Nothing on the agenda of January talk night yet").is_visible()
    start = whole_minute_after(january.starts_at)
    assert panel.get_by_label(re.compile(r"^Starts at")).input_value() == start.strftime("%Y-%m-%dT%H:%M")
    screenshot(organiser, "review-detail-scheduling-no-js")
    panel.get_by_role("button", name="Schedule at January talk night").click()
    organiser.wait_for_url(f"{live_server.url}/talks/review/{talk_id}/#scheduling")
    assert organiser.get_by_role("status").filter(
        has_text=f"“{TITLE}” is on the agenda of January talk night at {clock(start)}."
    ).is_visible()

    organiser.goto(live_server.url + "/schedule/")
    january_section = organiser.get_by_role("region", name="January talk night")
    assert january_section.get_by_role("link", name=TITLE).get_attribute("href") == f"/talks/{talk_id}/"
    organiser.goto(live_server.url + "/meetups/january/")
    assert organiser.get_by_role("region", name="Agenda").get_by_role("link", name=TITLE).is_visible()
    member.goto(live_server.url + "/talks/mine/")
    assert member.locator("article.proposal-card").get_by_role("link", name="January talk night").is_visible()
    problems.assert_none()
