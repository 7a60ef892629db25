"""A proposal's History page: the review decisions and edits as sentences with the state
before and after; organisers only."""

import re
import uuid

import pytest
from django.utils import timezone

from eventstore.context import acting_as
from membership.testing import make_member
from talks import events as e
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.history.describe import describe_proposal
from talks.propose.command import ProposalContent, edit_proposal
from talks.review.command import decide_on_proposal, review_proposal
from talks.testing import make_proposal
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


def test_members_get_403(client, ann, olivia):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    assert client.get(f"/talks/review/{proposal_id}/history/").status_code == 403


def test_an_unknown_proposal_is_404(client, olivia):
    client.force_login(olivia)
    assert client.get(f"/talks/review/{uuid.uuid4()}/history/").status_code == 404


def test_the_decision_shows_the_state_before_and_after_and_who_decided(client, ann, olivia):
    with acting_as(olivia.member_id, "organiser"):
        proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(olivia)
    page = main_text(client.get(f"/talks/review/{proposal_id}/history/"))
    assert "Accepted the proposal, with the message “accept: thank you!”." in page
    assert "state submitted accepted, waiting for the speaker to confirm" in page
    assert "Olivia (organiser)" in page
    assert "Ann proposed “Testing with pytest” (Talk (30 min), Beginner)." in page


def test_an_edit_lists_each_changed_value():
    submitted = e.ProposalSubmitted(speaker_id=uuid.uuid4(), title="Old", abstract="A", format="talk", level="beginner")
    edited = e.ProposalEdited(
        title="New", abstract="A", format="lightning", level="beginner", preferred_meetups=[], notes="", edited_by=uuid.uuid4()
    )
    [_, entry] = describe_proposal([submitted, edited], {})
    assert entry.sentence == "Edited the proposal: title, format."
    assert [(c.what, c.before, c.after) for c in entry.changes] == [
        ("title", "“Old”", "“New”"), ("format", "Talk (30 min)", "Lightning talk (5 min)"),
    ]


def test_the_admins_history_button_opens_the_history_from_the_log(client, ann, olivia):
    proposal_id = make_proposal(ann)
    client.force_login(olivia)
    response = client.get(f"/admin/talks/talkproposal/{proposal_id}/history/")
    assert (response.status_code, response["Location"]) == (302, f"/talks/review/{proposal_id}/history/")


def review_page_facts(response) -> dict:
    """What the review page says of the proposal: title, status, speakers, format, level,
    and the review summary."""
    page = response.content.decode()
    reviews = re.search(r"<p>(Mean .*? reviews?)</p>", page)
    return {
        "title": re.search(r'<h1 id="proposal-heading">(.*?)</h1>', page).group(1),
        "status": re.search(r"Status: <strong>(.*?)</strong>", page).group(1),
        "speakers": re.findall(r'<a href="/speakers/[^"]+/">(.*?)</a>', page.split("<dt>Speakers</dt>")[1].split("</dd>")[0]),
        "format": re.search(r"<dt>Format</dt><dd>(.*?)</dd>", page).group(1),
        "level": re.search(r"<dt>Level</dt><dd>(.*?)</dd>", page).group(1),
        "reviews": reviews.group(1) if reviews else "0 reviews",
    }


def state_facts(response) -> dict:
    page = response.content.decode().split('<section class="proposal-state"', 1)[1].split("</section>")[0]
    return {
        "title": re.search(r'<p class="title">(.*?)</p>', page).group(1),
        "status": re.search(r"Status: <strong>(.*?)</strong>", page).group(1),
        "speakers": re.search(r"<dt>Speakers</dt><dd>(.*?)</dd>", page).group(1).split(", "),
        "format": re.search(r"<dt>Format</dt><dd>(.*?)</dd>", page).group(1),
        "level": re.search(r"<dt>Level</dt><dd>(.*?)</dd>", page).group(1),
        "reviews": re.search(r'<dd class="reviews-summary">(.*?)</dd>', page).group(1),
    }


def test_as_of_a_moment_shows_the_state_the_review_page_showed_then(client, ann, bob, olivia):
    proposal_id = make_proposal(ann, title="Testing with pytest")
    oscar = make_member("Oscar", organiser=True)
    client.force_login(olivia)
    changes = [
        lambda: edit_proposal(proposal_id=proposal_id, by=ann.member_id, content=ProposalContent(
            "Testing, with pytest", "Abstract", "lightning", "advanced", [], "")),
        lambda: review_proposal(proposal_id=proposal_id, reviewer_id=oscar.member_id, score=4, comment=""),
        lambda: invite_co_speaker(proposal_id=proposal_id, by=ann.member_id, member_id=bob.member_id),
        lambda: answer_invitation(proposal_id=proposal_id, member_id=bob.member_id, accept=True),
        lambda: review_proposal(proposal_id=proposal_id, reviewer_id=olivia.member_id, score=1, comment="Hm"),
        lambda: decide_on_proposal(proposal_id=proposal_id, decision="keep", message="Later", by=olivia.member_id),
        lambda: decide_on_proposal(proposal_id=proposal_id, decision="accept", message="Yes", by=olivia.member_id),
    ]
    snapshots = []
    for change in [*changes, None]:
        snapshots.append((timezone.now(), review_page_facts(client.get(f"/talks/review/{proposal_id}/"))))
        if change:
            change()
    for moment, seen in snapshots:
        response = client.get(f"/talks/review/{proposal_id}/history/", {"as_of": timezone.localtime(moment).isoformat()})
        assert state_facts(response) == seen
    assert state_facts(client.get(f"/talks/review/{proposal_id}/history/")) == snapshots[-1][1]


def test_as_of_before_the_proposal_and_a_bad_moment(client, ann, olivia):
    proposal_id = make_proposal(ann)
    client.force_login(olivia)
    assert "had not been submitted yet" in client.get(
        f"/talks/review/{proposal_id}/history/", {"as_of": "2001-01-01T00:00"}
    ).content.decode()
    for raw in ("not a time", "\x00", "２０２６-01-01T00:00", "2026-02-29T12:00"):
        response = client.get(f"/talks/review/{proposal_id}/history/", {"as_of": raw})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()


def test_an_organiser_sees_no_reviews_of_their_own_proposal(client, olivia, ann):
    proposal_id = make_proposal(olivia)
    review_proposal(proposal_id=proposal_id, reviewer_id=ann.member_id, score=2, comment="")
    client.force_login(olivia)
    page = main_text(client.get(f"/talks/review/{proposal_id}/history/"))
    assert "Reviewed it" not in page and "Reviews" not in page
    audit = main_text(client.get("/organisers/audit/"))
    assert "Reviewed it" not in audit
