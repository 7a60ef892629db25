"""/talks/propose/ and /talks/<id>/edit/: the full page, the POST that redirects with a
message, form errors, and the command's refusals shown as they are."""

from datetime import timedelta
from html import unescape

import pytest

from eventstore.store import event_store
from meetups.testing import cancel_meetup, make_meetup
from talks.proposals.projection import TalkProposal
from talks.review.command import set_call_for_proposals
from talks.testing import make_proposal

FORM = {"title": "Testing with pytest", "abstract": "We test **everything**.", "format": "lightning", "level": "beginner", "notes": ""}


def text(response) -> str:
    return unescape(response.content.decode())


def test_proposing_needs_a_login(client, db):
    response = client.get("/talks/propose/")
    assert (response.status_code, response.url) == (302, "/accounts/login/?next=/talks/propose/")


def test_the_form_offers_the_formats_levels_and_upcoming_meetups_and_says_the_abstract_is_markdown(client, ann):
    make_meetup("december", title="December talk night")
    make_meetup("january", title="January talk night", starts_in=timedelta(days=40))
    make_meetup("november", title="November talk night", starts_in=timedelta(days=-20))
    make_meetup("snowed-in", title="Snowed-in night", starts_in=timedelta(days=20))
    cancel_meetup(slug="snowed-in", message="Snow storm", by="test")
    client.force_login(ann)

    page = text(client.get("/talks/propose/"))

    assert 'action="/talks/propose/"' in page
    for label in ("Lightning talk (5 min)", "Short talk (15 min)", "Talk (30 min)", "Long talk (45 min)", "Workshop (90 min)"):
        assert label in page
    assert page.count('type="radio" name="format"') == 5
    assert page.count('type="radio" name="level"') == 3 and "Intermediate" in page
    assert "Markdown: **bold**, *italic*, `code`, lists and links. <span" in page
    assert page.count("Up to 3000 characters.") == 1  # said once, by the character count
    assert 'value="december"' in page and 'value="january"' in page
    assert 'value="november"' not in page and 'value="snowed-in"' not in page
    assert "Only the organisers read these; they are never shown publicly." in page


def test_a_proposal_is_recorded_and_the_speaker_is_sent_to_my_talks_with_a_message(client, ann):
    make_meetup("december")
    client.force_login(ann)

    response = client.post("/talks/propose/", {**FORM, "preferred_meetups": ["december"], "notes": "I need HDMI."}, follow=True)

    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "Thank you! “Testing with pytest” is submitted. We'll email you when the organisers decide." in text(response)
    proposal = TalkProposal.objects.get()
    assert (proposal.title, proposal.format, proposal.level, proposal.preferred_meetups, proposal.notes, proposal.speaker_ids) == (
        "Testing with pytest", "lightning", "beginner", ["december"], "I need HDMI.", [str(ann.member_id)],
    )


@pytest.mark.parametrize(
    ("field", "length", "error"),
    [
        ("title", 121, "The title can have at most 120 characters (it has 121)."),
        ("abstract", 3001, "The abstract can have at most 3000 characters (it has 3001)."),
        ("notes", 1001, "The notes can have at most 1000 characters (it has 1001)."),
    ],
)
def test_too_long_a_title_abstract_or_notes_is_a_form_error_and_nothing_is_recorded(client, ann, field, length, error):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post("/talks/propose/", {**FORM, field: "x" * length})
    assert response.status_code == 200
    assert error in text(response)
    assert event_store().max_notification_id() == before


def test_a_line_break_counts_as_one_character_as_the_speaker_sees_it(client, ann):
    client.force_login(ann)
    abstract = "a" * 1499 + "\r\n" + "b" * 1500  # 3000 characters on screen, 3001 as sent
    response = client.post("/talks/propose/", {**FORM, "abstract": abstract})
    assert response.status_code == 302
    assert TalkProposal.objects.get().abstract == "a" * 1499 + "\n" + "b" * 1500


@pytest.mark.parametrize(
    ("field", "typed", "error"),
    [
        ("title", "Testing\x0bwith pytest", "The title contains invisible control characters; please retype it."),
        ("title", "Testing\x00with pytest", "The title contains invisible control characters; please retype it."),
        ("title", "Testing\r\nwith pytest", "The title must be on one line, without line breaks or tabs."),
        ("abstract", "We test\x1b[2J.", "The abstract contains invisible control characters; please retype it."),
        ("notes", "Tuesdays\x7f only", "The notes field contains invisible control characters; please retype it."),
    ],
    ids=["title-U+000B", "title-NUL", "title-line-break", "abstract-escape", "notes-DEL"],
)
def test_control_characters_are_a_form_error_naming_the_field_and_nothing_is_recorded(client, ann, field, typed, error):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post("/talks/propose/", {**FORM, field: typed})
    assert response.status_code == 200
    assert f'<ul class="errorlist" id="id_{field}_error"><li>{error}</li></ul>' in text(response)
    assert event_store().max_notification_id() == before


def test_tabs_and_line_breaks_stay_in_the_abstract(client, ann):
    client.force_login(ann)
    response = client.post("/talks/propose/", {**FORM, "abstract": "We test.\r\n\r\n\tcode"})
    assert response.status_code == 302
    assert TalkProposal.objects.get().abstract == "We test.\n\n\tcode"


@pytest.mark.parametrize("field", ["title", "abstract", "notes"])
def test_a_huge_text_is_a_form_error(client, ann, field):
    client.force_login(ann)
    response = client.post("/talks/propose/", {**FORM, field: "x" * 100_000})
    assert response.status_code == 200
    assert "characters (it has 100000)." in text(response)
    assert TalkProposal.objects.count() == 0


def test_a_missing_format_and_level_are_form_errors(client, ann):
    client.force_login(ann)
    page = text(client.post("/talks/propose/", {**FORM, "format": "", "level": "expert"}))
    assert "Please choose a format." in page
    assert "Select a valid choice. expert is not one of the available choices." in page
    assert TalkProposal.objects.count() == 0


def test_a_closed_call_for_proposals_is_said_on_the_page_without_a_form(client, ann):
    set_call_for_proposals(open_it=False, by="olivia")
    client.force_login(ann)
    page = text(client.get("/talks/propose/"))
    assert "The call for proposals is closed at the moment. Please come back when it reopens." in page
    assert 'action="/talks/propose/"' not in page


def test_proposing_while_the_call_is_closed_is_refused_with_its_message_and_nothing_recorded(client, ann):
    client.force_login(ann)
    client.get("/talks/propose/")
    set_call_for_proposals(open_it=False, by="olivia")  # closed while the speaker was typing
    before = event_store().max_notification_id()

    response = client.post("/talks/propose/", FORM)

    page = text(response)
    assert response.status_code == 200
    assert '<ul class="errorlist nonfield"><li>The call for proposals is closed at the moment. Please come back when it reopens.</li></ul>' in page
    assert 'value="Testing with pytest"' in page  # what was typed is not lost
    assert event_store().max_notification_id() == before


# -- editing -----------------------------------------------------------------------------------


def test_the_edit_form_is_filled_with_the_proposal(client, ann):
    proposal_id = make_proposal(ann, title="Testing with pytest", notes="I need HDMI.")
    client.force_login(ann)
    page = text(client.get(f"/talks/{proposal_id}/edit/"))
    assert f'action="/talks/{proposal_id}/edit/"' in page
    assert 'value="Testing with pytest"' in page and "I need HDMI.</textarea>" in page
    assert '<input type="radio" name="format" value="talk" required id="id_format_2" checked>' in page
    assert '<input type="radio" name="level" value="beginner" required id="id_level_0" checked>' in page


def test_editing_saves_and_sends_the_speaker_to_my_talks_with_a_message(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/edit/", {**FORM, "title": "Testing with hypothesis"}, follow=True)
    assert response.redirect_chain == [("/talks/mine/", 302)]
    assert "Your proposal is saved." in text(response)
    assert TalkProposal.objects.get().title == "Testing with hypothesis"


def test_saving_an_unchanged_proposal_says_so(client, ann):
    proposal_id = make_proposal(ann, abstract="We test **everything**.", format="lightning")
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/edit/", FORM, follow=True)
    assert "Nothing to change." in text(response)


def test_too_long_a_title_when_editing_is_a_form_error(client, ann):
    proposal_id = make_proposal(ann)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/edit/", {**FORM, "title": "x" * 121})
    assert response.status_code == 200
    assert "The title can have at most 120 characters (it has 121)." in text(response)
    assert TalkProposal.objects.get().title == "Testing with pytest"


def test_a_decided_proposal_cannot_be_edited_and_the_speaker_is_told_why(client, ann, olivia):
    proposal_id = make_proposal(ann, status="accepted", organiser=olivia)
    client.force_login(ann)
    for response in (client.get(f"/talks/{proposal_id}/edit/", follow=True), client.post(f"/talks/{proposal_id}/edit/", FORM, follow=True)):
        assert response.redirect_chain == [("/talks/mine/", 302)]
        assert "This proposal can no longer be edited: it is accepted, waiting for the speaker to confirm." in text(response)
    assert TalkProposal.objects.get().title == "Testing with pytest"


def test_a_proposal_kept_for_later_can_be_edited(client, ann, olivia):
    proposal_id = make_proposal(ann, status="kept_for_later", organiser=olivia)
    client.force_login(ann)
    response = client.post(f"/talks/{proposal_id}/edit/", {**FORM, "title": "Testing, revisited"})
    assert response.status_code == 302
    assert TalkProposal.objects.get().title == "Testing, revisited"
