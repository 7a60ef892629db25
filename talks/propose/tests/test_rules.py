"""Proposing and editing: given events, when a command, then events (no database)."""

import pytest

from talks import errors
from talks.builders import (
    ANN,
    BOB,
    CAT,
    accepted,
    cfp_closed,
    cfp_opened,
    confirmed_talk,
    content,
    declined,
    edited,
    invited,
    joined,
    kept,
    submitted,
    withdrawn,
)
from talks.proposal import ABSTRACT_MAX, NOTES_MAX, TITLE_MAX
from talks.propose.command import decide_edit, decide_submit

# -- submitting --------------------------------------------------------------------------------


def test_a_proposal_is_submitted_while_the_call_is_open():
    assert decide_submit([cfp_opened()], [], speaker_id=ANN, content=content()) == [submitted(ANN)]


def test_the_call_is_open_until_an_organiser_first_closes_it():
    assert decide_submit([], [], speaker_id=ANN, content=content()) == [submitted(ANN)]


def test_proposing_while_the_call_is_closed_is_refused_with_a_message():
    with pytest.raises(errors.CallForProposalsClosed) as refusal:
        decide_submit([cfp_opened(), cfp_closed()], [], speaker_id=ANN, content=content())
    assert refusal.value.message == "The call for proposals is closed at the moment. Please come back when it reopens."


def test_proposing_after_the_call_reopens_is_accepted():
    assert decide_submit([cfp_closed(), cfp_opened()], [], speaker_id=ANN, content=content()) == [submitted(ANN)]


def test_a_proposal_id_is_used_once():
    with pytest.raises(errors.InvalidProposal):
        decide_submit([], [submitted(ANN)], speaker_id=BOB, content=content())


def test_the_content_is_kept_without_surrounding_blanks_and_repeated_meetups():
    typed = content(title="  Testing with pytest \n", abstract="\nWe test.  ", notes="  ", preferred_meetups=["dec", "jan", "dec"])
    [event] = decide_submit([], [], speaker_id=ANN, content=typed)
    assert (event.title, event.abstract, event.notes, event.preferred_meetups) == ("Testing with pytest", "We test.", "", ["dec", "jan"])


def test_notes_to_the_organisers_are_kept_with_the_proposal():
    [event] = decide_submit([], [], speaker_id=ANN, content=content(notes="I need a projector."))
    assert event.notes == "I need a projector."


def test_a_title_of_the_maximum_length_is_accepted():
    [event] = decide_submit([], [], speaker_id=ANN, content=content(title="t" * TITLE_MAX))
    assert event.title == "t" * TITLE_MAX


def test_a_title_longer_than_the_maximum_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(title="t" * (TITLE_MAX + 1)))
    assert refusal.value.message == "The title needs 1 to 120 characters."


def test_a_blank_title_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(title="   "))
    assert refusal.value.message == "The title needs 1 to 120 characters."


def test_an_abstract_longer_than_the_maximum_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(abstract="a" * (ABSTRACT_MAX + 1)))
    assert refusal.value.message == "The abstract needs 1 to 3000 characters."


def test_notes_longer_than_the_maximum_are_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(notes="n" * (NOTES_MAX + 1)))
    assert refusal.value.message == "Notes to the organisers can have at most 1000 characters."


def test_an_unknown_format_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(format="keynote"))
    assert refusal.value.message == "Please choose a format."


def test_an_unknown_audience_level_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(level="expert"))
    assert refusal.value.message == "Please choose an audience level."


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("title", "Testing\x0bwith pytest", "The title contains invisible control characters; please retype it."),
        ("title", "Testing\nwith pytest", "The title must be on one line, without line breaks or tabs."),
        ("abstract", "We test.\x00", "The abstract contains invisible control characters; please retype it."),
        ("notes", "I need \x1b[31ma projector", "The notes field contains invisible control characters; please retype it."),
    ],
    ids=["title-U+000B", "title-line-break", "abstract-NUL", "notes-escape"],
)
def test_control_characters_in_the_content_are_refused(field, typed, message):
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_submit([], [], speaker_id=ANN, content=content(**{field: typed}))
    assert refusal.value.message == message


def test_the_abstract_and_notes_keep_their_line_breaks_and_tabs():
    [event] = decide_submit([], [], speaker_id=ANN, content=content(abstract="We test.\n\n\tcode", notes="Tuesdays\nonly"))
    assert (event.abstract, event.notes) == ("We test.\n\n\tcode", "Tuesdays\nonly")


def test_an_edit_with_a_control_character_is_refused():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_edit([submitted(ANN)], by=ANN, content=content(title="Testing\x7fwith pytest"))
    assert refusal.value.message == "The title contains invisible control characters; please retype it."


# -- editing -----------------------------------------------------------------------------------


def test_the_speaker_edits_an_undecided_proposal():
    then = decide_edit([submitted(ANN)], by=ANN, content=content(title="Testing with hypothesis"))
    assert then == [edited(ANN, title="Testing with hypothesis")]


def test_an_accepted_co_speaker_edits_like_the_speaker():
    then = decide_edit([submitted(ANN), invited(BOB), joined(BOB)], by=BOB, content=content(level="advanced"))
    assert then == [edited(BOB, level="advanced")]


def test_a_proposal_kept_for_later_can_still_be_edited():
    then = decide_edit([submitted(ANN), kept()], by=ANN, content=content(format="long"))
    assert then == [edited(ANN, format="long")]


def test_saving_unchanged_content_records_nothing():
    assert decide_edit([submitted(ANN)], by=ANN, content=content(title=" Testing with pytest ")) == []


def test_a_member_who_is_not_a_speaker_cannot_edit():
    with pytest.raises(errors.NotASpeaker):
        decide_edit([submitted(ANN)], by=CAT, content=content(title="Mine now"))


def test_an_invited_member_cannot_edit_before_accepting():
    with pytest.raises(errors.NotASpeaker):
        decide_edit([submitted(ANN), invited(BOB)], by=BOB, content=content(title="Mine now"))


@pytest.mark.parametrize(
    ("decision", "status"),
    [([accepted()], "accepted, waiting for the speaker to confirm"), ([accepted(), confirmed_talk()], "confirmed"),
     ([declined()], "declined"), ([withdrawn()], "withdrawn")],
)
def test_a_decided_proposal_can_no_longer_be_edited(decision, status):
    with pytest.raises(errors.AlreadyDecided) as refusal:
        decide_edit([submitted(ANN), *decision], by=ANN, content=content(title="Later"))
    assert refusal.value.message == f"This proposal can no longer be edited: it is {status}."


def test_editing_a_proposal_that_does_not_exist_is_refused():
    with pytest.raises(errors.ProposalNotFound):
        decide_edit([], by=ANN, content=content())
