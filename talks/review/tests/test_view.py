"""The organisers' review pages: who may see them, what they show, and the review,
decision and call-for-proposals forms (no-JS posts that redirect with a message)."""

import re
from html import unescape
from uuid import uuid4

import pytest
from django.core import mail

from eventstore.store import event_store
from membership.testing import make_member
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.proposal import CFP_STREAM, cfp_is_open
from talks.proposals.projection import TalkProposal
from talks.review.command import review_proposal
from talks.testing import make_proposal


def text(response) -> str:
    return unescape(response.content.decode())


@pytest.fixture
def talk(ann):
    return make_proposal(ann, title="Fixtures all the way down", notes="I can only do Tuesdays.", format="long", level="advanced")


ORGANISER_ROUTES = [
    ("get", "/talks/review/"),
    ("post", "/talks/review/cfp/"),
    ("get", "/talks/review/{id}/"),
    ("post", "/talks/review/{id}/score/"),
    ("post", "/talks/review/{id}/decide/"),
    ("post", "/talks/review/{id}/schedule/"),
    ("post", "/talks/review/{id}/unschedule/"),
]


@pytest.mark.parametrize(("method", "path"), ORGANISER_ROUTES)
def test_organiser_only_pages_answer_403_to_members(client, ann, talk, method, path):
    client.force_login(ann)
    assert getattr(client, method)(path.format(id=talk), {"score": "5", "state": "closed"}).status_code == 403


@pytest.mark.parametrize(("method", "path"), ORGANISER_ROUTES)
def test_organiser_only_pages_send_visitors_to_log_in(client, talk, method, path):
    response = getattr(client, method)(path.format(id=talk))
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/accounts/login/")


def test_the_review_list_groups_proposals_by_status_with_their_review_statistics(client, olivia, ann, talk):
    bob = make_member("Bob", organiser=True)
    cat = make_member("Cat")
    make_proposal(cat, title="Why I rewrote everything in Perl", status="declined", organiser=olivia)
    review_proposal(proposal_id=talk, reviewer_id=olivia.member_id, score=5, comment="Yes")
    review_proposal(proposal_id=talk, reviewer_id=bob.member_id, score=2, comment="Too long")
    review_proposal(proposal_id=talk, reviewer_id=cat.member_id, score=4, comment="")
    client.force_login(olivia)
    page = text(client.get("/talks/review/"))
    assert page.index("Submitted (1)</h2>") < page.index("Fixtures all the way down") < page.index("Declined (1)</h2>")
    assert page.index("Declined (1)</h2>") < page.index("Why I rewrote everything in Perl")
    row = page[page.index("Fixtures all the way down"):page.index("</tr>", page.index("Fixtures all the way down"))]
    cells = [c.split("</td>")[0].strip() for c in re.split(r'<td data-label="[^"]*">', row)[1:]]
    assert cells == ["Ann", "Long talk (45 min)", "Advanced", "3.7", "4.0", "3"]
    assert "(you: 5)" in row
    assert "The call for proposals is open" in page


def test_the_review_list_filters_by_status(client, olivia, ann, talk):
    make_proposal(ann, title="Plotting without tears", status="accepted", organiser=olivia)
    client.force_login(olivia)
    page = text(client.get("/talks/review/?status=accepted"))
    assert "Plotting without tears" in page
    assert "Fixtures all the way down" not in page
    assert "Accepted, waiting for the speakers to confirm (1)</h2>" in page


def test_closing_the_call_for_proposals_and_closing_it_again_is_refused(client, olivia):
    client.force_login(olivia)
    response = client.post("/talks/review/cfp/", {"state": "closed"}, follow=True)
    assert response.redirect_chain == [("/talks/review/", 302)]
    assert "The call for proposals is closed." in text(response)
    assert cfp_is_open(event_store().load(CFP_STREAM)) is False
    again = text(client.post("/talks/review/cfp/", {"state": "closed"}, follow=True))
    assert "The call for proposals is already closed." in again
    assert "Open the call</button>" in again


def test_the_proposal_page_shows_notes_and_every_review_with_names(client, olivia, ann, talk):
    bob = make_member("Bob", organiser=True)
    review_proposal(proposal_id=talk, reviewer_id=bob.member_id, score=2, comment="Needs more live code")
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{talk}/"))
    assert "I can only do Tuesdays." in page
    assert "<strong>Bob</strong>: <span class=\"score\">2/5</span> · Needs more live code" in page
    assert "Mean 2.0 · median 2.0 · 1 review" in page
    assert f'action="/talks/review/{talk}/score/"' in page
    assert f'action="/talks/review/{talk}/decide/"' in page


def test_scoring_again_replaces_my_review(client, olivia, talk):
    client.force_login(olivia)
    client.post(f"/talks/review/{talk}/score/", {"score": "2", "comment": "Hm"})
    response = client.post(f"/talks/review/{talk}/score/", {"score": "5", "comment": "Convinced"}, follow=True)
    assert "Your review is saved." in text(response)
    row = TalkProposal.objects.get(pk=talk)
    assert (row.reviews, row.review_count, row.score_mean) == ({str(olivia.member_id): [5, "Convinced"]}, 1, 5.0)


def test_a_score_out_of_range_is_refused_with_the_rules_message(client, olivia, talk):
    client.force_login(olivia)
    response = client.post(f"/talks/review/{talk}/score/", {"score": "9"}, follow=True)
    assert "A score is a whole number from 1 to 5." in text(response)
    assert TalkProposal.objects.get(pk=talk).review_count == 0


@pytest.mark.parametrize("score", ["٣", "3.0", "1_0", "", "9" * 5000], ids=["arabic-indic-3", "decimal", "underscore", "empty", "huge"])
def test_a_score_that_is_not_one_of_the_forms_digits_is_refused_with_the_rules_message(client, olivia, talk, score):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post(f"/talks/review/{talk}/score/", {"score": score, "comment": "Hm"})
    assert response.status_code == 302
    assert "A score is a whole number from 1 to 5." in text(client.get(response["Location"]))
    assert event_store().max_notification_id() == before


@pytest.mark.parametrize("comment", ["Good\x00fit", "Good\x0bfit"], ids=["NUL", "U+000B"])
def test_a_comment_with_a_control_character_is_refused_with_a_message_and_nothing_recorded(client, olivia, talk, comment):
    client.force_login(olivia)
    before = event_store().max_notification_id()
    response = client.post(f"/talks/review/{talk}/score/", {"score": "4", "comment": comment}, follow=True)
    assert response.redirect_chain == [(f"/talks/review/{talk}/", 302)]
    assert "The comment contains invisible control characters; please retype it." in text(response)
    assert (event_store().max_notification_id(), TalkProposal.objects.get(pk=talk).review_count) == (before, 0)


def test_a_comment_keeps_its_line_breaks_as_typed_and_a_huge_one_is_cut_to_the_textarea(client, olivia, talk):
    client.force_login(olivia)
    client.post(f"/talks/review/{talk}/score/", {"score": "4", "comment": "Good fit.\r\nShorter?"})
    assert TalkProposal.objects.get(pk=talk).reviews == {str(olivia.member_id): [4, "Good fit.\nShorter?"]}
    again = client.post(f"/talks/review/{talk}/score/", {"score": "4", "comment": "Good fit.\r\nShorter?"}, follow=True)
    assert "Your review is unchanged." in text(again)  # a double submit records nothing
    client.post(f"/talks/review/{talk}/score/", {"score": "4", "comment": "y" * 100_000})
    assert TalkProposal.objects.get(pk=talk).reviews == {str(olivia.member_id): [4, "y" * 2000]}


def test_an_organisers_own_proposal_shows_no_reviews_and_cannot_be_reviewed(client, olivia):
    bob = make_member("Bob", organiser=True)
    mine = make_proposal(olivia, title="Organising a user group")
    review_proposal(proposal_id=mine, reviewer_id=bob.member_id, score=1, comment="Secret opinion")
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{mine}/"))
    assert "Secret opinion" not in page and "1/5" not in page
    assert "This is your own proposal: you cannot review it, and its reviews are hidden from you." in page
    assert text(client.get("/talks/review/")).count("hidden from speakers") == 1
    refused = text(client.post(f"/talks/review/{mine}/score/", {"score": "5"}, follow=True))
    assert "You cannot review your own proposal." in refused


def test_a_decision_emails_its_message_to_every_speaker(client, olivia, ann, talk, deliver_mail):
    bob = make_member("Bob")
    invite_co_speaker(proposal_id=talk, by=ann.member_id, member_id=bob.member_id)
    answer_invitation(proposal_id=talk, member_id=bob.member_id, accept=True)
    deliver_mail()
    mail.outbox.clear()
    client.force_login(olivia)
    response = client.post(f"/talks/review/{talk}/decide/", {"decision": "accept", "message": "See you in December!"}, follow=True)
    deliver_mail()
    assert "Accepted. The speakers will be emailed your message." in text(response)
    assert sorted((m.subject, m.to[0]) for m in mail.outbox) == [
        ("Your talk “Fixtures all the way down” is accepted", "ann@example.com"),
        ("Your talk “Fixtures all the way down” is accepted", "bob@example.com"),
    ]
    assert mail.outbox[0].body.startswith("See you in December!\n")
    assert TalkProposal.objects.get(pk=talk).status == "accepted"


def test_a_decision_without_a_message_is_refused_and_emails_nobody(client, olivia, talk, deliver_mail):
    client.force_login(olivia)
    deliver_mail()
    mail.outbox.clear()
    response = client.post(f"/talks/review/{talk}/decide/", {"decision": "decline", "message": "  "}, follow=True)
    deliver_mail()
    assert "Please write a message for the speakers." in text(response)
    assert (mail.outbox, TalkProposal.objects.get(pk=talk).status) == ([], "submitted")


def test_a_decision_message_with_a_control_character_is_refused_and_emails_nobody(client, olivia, talk, deliver_mail):
    client.force_login(olivia)
    deliver_mail()
    mail.outbox.clear()
    response = client.post(f"/talks/review/{talk}/decide/", {"decision": "accept", "message": "See you\x1b[2J"}, follow=True)
    deliver_mail()
    assert "The message contains invisible control characters; please retype it." in text(response)
    assert (mail.outbox, TalkProposal.objects.get(pk=talk).status) == ([], "submitted")


def test_a_decision_message_keeps_its_line_breaks_as_typed(client, olivia, talk, deliver_mail):
    client.force_login(olivia)
    client.post(f"/talks/review/{talk}/decide/", {"decision": "accept", "message": "See you\r\nin December!"})
    assert event_store().load(talk)[-1].message == "See you\nin December!"


def test_a_decision_that_does_not_fit_the_status_is_refused(client, olivia, ann):
    declined = make_proposal(ann, status="declined", organiser=olivia)
    client.force_login(olivia)
    page = text(client.get(f"/talks/review/{declined}/"))
    assert "This proposal is declined: no decision is open." in page
    response = client.post(f"/talks/review/{declined}/decide/", {"decision": "accept", "message": "Oops"}, follow=True)
    assert "That decision does not fit a proposal that is declined." in text(response)


def test_an_unknown_proposal_is_404(client, olivia):
    client.force_login(olivia)
    assert client.get(f"/talks/review/{uuid4()}/").status_code == 404


@pytest.mark.parametrize("path", ["/talks/{id}/", "/talks/mine/"])
def test_scores_and_comments_never_appear_on_pages_speakers_see(client, olivia, ann, path):
    talk = make_proposal(ann, title="Fixtures all the way down", status="confirmed", organiser=olivia)
    review_proposal(proposal_id=talk, reviewer_id=olivia.member_id, score=3, comment="Needs more live code")
    path = path.format(id=talk)
    shown = 0
    for viewer in (ann, olivia, None):  # the speaker, even an organiser, and a visitor
        if viewer:
            client.force_login(viewer)
        else:
            client.logout()
        response = client.get(path)
        if response.status_code != 200:
            continue
        shown += 1
        page = text(response)
        assert "Needs more live code" not in page and "3/5" not in page and "Mean 3" not in page
    assert shown >= 1


@pytest.mark.parametrize("n", [1, 3])
def test_the_review_list_makes_a_fixed_number_of_queries(client, olivia, ann, django_assert_num_queries, n):
    for i in range(n):
        talk = make_proposal(make_member(f"Speaker{i}"), title=f"Talk {i}")
        review_proposal(proposal_id=talk, reviewer_id=olivia.member_id, score=3, comment="")
    client.force_login(olivia)
    client.get("/talks/review/")  # warm the call-for-proposals stream cache
    # session, user, proposals (counted by status from them), speakers' names, the call for proposals' stream, the group's face
    with django_assert_num_queries(6):
        client.get("/talks/review/")


def test_closing_the_call_for_proposals_asks_first(client, olivia, talk):
    client.force_login(olivia)
    page = text(client.get("/talks/review/"))
    assert '<form method="get" action="/talks/review/cfp/"' in page and "Close the call…</button>" in page
    confirm = text(client.get("/talks/review/cfp/"))
    assert "Close the call for proposals?" in confirm and "(1 waiting for a decision)" in confirm
    assert cfp_is_open(event_store().load(CFP_STREAM)) is True  # asking changed nothing
    response = client.post("/talks/review/cfp/", {"state": "closed"}, follow=True)
    assert "The call for proposals is closed." in text(response)
    assert cfp_is_open(event_store().load(CFP_STREAM)) is False
