"""Talk proposals in a real browser.

1. With JavaScript: a member proposes a talk from the main navigation, then on My talks
   invites a co-speaker (an unknown email first: the error shows in the card) and
   withdraws, each action swapping the proposal's card in place.
2. Without JavaScript, on a phone: an invited member accepts the invitation and
   confirms an accepted talk; each form posts, redirects and shows a message.

Every page is watched for CSP violations, console errors, uncaught exceptions and
failed requests, as in test_signup.py.
"""

import pytest

from meetups.testing import make_meetup
from membership.testing import make_member
from talks.cospeakers.command import invite_co_speaker
from talks.testing import make_proposal
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


def test_a_member_proposes_invites_and_withdraws_with_the_card_swapping_in_place(live_server, open_page, problems):
    make_member("Ann")
    make_member("Bob")
    make_meetup("december", title="December talk night")

    page = open_page(viewport={"width": 1280, "height": 900})
    log_in(page, live_server, "Ann", next_path="/members/me/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Propose a talk").click()
    page.wait_for_url(live_server.url + "/talks/propose/")
    page.get_by_label(label("Title")).fill("Testing with pytest")
    page.get_by_label(label("Abstract")).fill("We test **everything**.\n\n- fixtures\n- parametrize")
    page.get_by_label("Short talk (15 min)").check()
    page.get_by_label("Intermediate").check()
    page.get_by_label("December talk night", exact=False).check()
    page.get_by_label(label("Notes to the organisers (optional)")).fill("I need HDMI.")
    screenshot(page, "talks-propose")
    page.get_by_role("button", name="Submit proposal").click()
    page.wait_for_url(live_server.url + "/talks/mine/")
    assert page.get_by_role("status").filter(has_text="“Testing with pytest” is submitted").is_visible()

    card = page.locator("article.proposal-card")
    assert card.get_by_text("Submitted by Ann.").is_visible()
    mark_document(page)
    card.get_by_text("Invite a co-speaker").click()
    card.get_by_label("Their email (they must be a member)").fill("nobody@example.com")
    swap_by_htmx(page, card.get_by_role("button", name="Send invitation"), "/invite/")
    card.get_by_text("No member with that email; ask them to sign up first.").wait_for()
    card.get_by_label("Their email (they must be a member)").fill("bob@example.com")
    swap_by_htmx(page, card.get_by_role("button", name="Send invitation"), "/invite/")
    card.get_by_text("Bob is invited to co-present").wait_for()
    assert card.get_by_text("Ann invited Bob to co-present.").is_visible()
    assert_same_document(page)
    screenshot(page, "talks-mine-invited")

    card.get_by_text("Withdraw…").click()
    card.get_by_label("Reason (optional; the organisers read it)").fill("I moved to Lisbon.")
    swap_by_htmx(page, card.get_by_role("button", name="Withdraw this proposal"), "/withdraw/")
    card.get_by_text("“Testing with pytest” is withdrawn; the organisers will be told.").wait_for()
    assert card.get_by_text("Withdrawn", exact=True).is_visible()
    assert card.get_by_text("I moved to Lisbon.").is_visible()
    assert_same_document(page)
    screenshot(page, "talks-mine-withdrawn")
    problems.assert_none()


def test_without_javascript_an_invited_member_accepts_and_confirms_on_a_phone(live_server, open_page, problems):
    ann, bob = make_member("Ann"), make_member("Bob")
    olivia = make_member("Olivia", organiser=True)
    talk_id = make_proposal(ann, title="Typing in practice", status="accepted", organiser=olivia)
    invite_co_speaker(proposal_id=talk_id, by=ann.member_id, member_id=bob.member_id)

    page = open_page(java_script_enabled=False, **PHONE)
    log_in(page, live_server, "Bob", next_path="/talks/mine/")
    assert page.get_by_role("heading", name="Invitations to co-present").is_visible()
    assert_fits_width(page)
    screenshot(page, "talks-mine-invitation-phone")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url(live_server.url + "/talks/mine/")
    assert page.get_by_role("status").filter(has_text="You are now a co-speaker on “Typing in practice”.").is_visible()

    page.get_by_role("button", name="Confirm my talk").click()
    page.wait_for_url(live_server.url + "/talks/mine/")
    assert page.get_by_role("status").filter(has_text="Thank you for confirming “Typing in practice”.").is_visible()
    assert page.get_by_text("Confirmed by Bob.").is_visible()
    assert_fits_width(page)
    screenshot(page, "talks-mine-confirmed-phone")

    page.get_by_role("link", name="Typing in practice").click()
    page.wait_for_url(f"{live_server.url}/talks/{talk_id}/")
    assert page.get_by_role("heading", name="Typing in practice").is_visible()
    assert_fits_width(page)
    screenshot(page, "talks-talk-page-phone")
    problems.assert_none()
