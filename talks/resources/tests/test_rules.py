"""Resource and tag rules (no database)."""

from uuid import UUID

import pytest

from talks import errors
from talks import events as e
from talks.resources.command import ResourceInput, decide_attach, decide_change, decide_remove, decide_tag

ANN, BOB, OLIVIA = UUID(int=1), UUID(int=2), UUID(int=3)
R1 = UUID(int=100)


def submitted():
    return e.ProposalSubmitted(speaker_id=ANN, title="Testing", abstract="About tests", format="talk", level="beginner")


def accepted():
    return e.ProposalAccepted(message="Yes", decided_by=OLIVIA)


SLIDES = ResourceInput("Slides", "https://example.com/slides.pdf", "slides")


def test_a_speaker_attaches_slides_to_an_accepted_talk():
    then = decide_attach([submitted(), accepted()], resource_id=R1, resource=SLIDES, by=ANN, is_organiser=False)
    assert then == [e.ResourceAttached(resource_id=R1, title="Slides", url="https://example.com/slides.pdf", kind="slides", added_by=ANN)]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.com/x", "example.com", "https://", "data:text/html,hi", "http://a b"])
def test_only_http_links_are_accepted(url):
    with pytest.raises(errors.InvalidProposal, match="http:// or https://"):
        decide_attach([submitted(), accepted()], resource_id=R1, resource=ResourceInput("x", url, "slides"), by=ANN, is_organiser=False)


def test_an_unknown_kind_is_refused():
    with pytest.raises(errors.InvalidProposal, match="what kind"):
        decide_attach([submitted(), accepted()], resource_id=R1, resource=ResourceInput("x", "https://a.b", "pdf"), by=ANN, is_organiser=False)


def test_someone_else_cannot_attach_to_my_talk():
    with pytest.raises(errors.NotASpeaker):
        decide_attach([submitted(), accepted()], resource_id=R1, resource=SLIDES, by=BOB, is_organiser=False)


def test_an_organiser_can_attach_to_any_talk():
    then = decide_attach([submitted(), accepted()], resource_id=R1, resource=SLIDES, by=OLIVIA, is_organiser=True)
    assert then[0].added_by == OLIVIA


def test_resources_belong_to_accepted_talks_only():
    with pytest.raises(errors.WrongStatus):
        decide_attach([submitted()], resource_id=R1, resource=SLIDES, by=ANN, is_organiser=False)


def test_editing_and_removing_a_resource():
    given = [submitted(), accepted(), e.ResourceAttached(resource_id=R1, title="Slides", url="https://a.b/s", kind="slides", added_by=ANN)]
    video = ResourceInput("Recording", "https://video.example/1", "video")
    assert decide_change(given, resource_id=R1, resource=video, by=ANN, is_organiser=False) == [
        e.ResourceChanged(resource_id=R1, title="Recording", url="https://video.example/1", kind="video", changed_by=ANN)
    ]
    assert decide_remove(given, resource_id=R1, by=ANN, is_organiser=False) == [e.ResourceRemoved(resource_id=R1, removed_by=ANN)]


def test_removing_a_resource_that_is_not_there_is_refused():
    with pytest.raises(errors.InvalidProposal):
        decide_remove([submitted(), accepted()], resource_id=R1, by=ANN, is_organiser=False)


def test_tags_are_cleaned_and_replace_the_previous_set():
    given = [submitted(), accepted(), e.TalkTagged(tags=["testing"], tagged_by=OLIVIA)]
    assert decide_tag(given, tags=["Testing", "pytest", "pytest"], by=OLIVIA) == [e.TalkTagged(tags=["testing", "pytest"], tagged_by=OLIVIA)]
    assert decide_tag(given, tags=["testing"], by=OLIVIA) == []


def test_a_malformed_tag_is_refused():
    with pytest.raises(errors.InvalidProposal, match="is not a tag"):
        decide_tag([submitted(), accepted()], tags=["<script>"], by=OLIVIA)


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        (ResourceInput("Sli\x0bdes", "https://example.com/s.pdf", "slides"), "The title contains invisible control characters; please retype it."),
        (ResourceInput("Slides\nand notes", "https://example.com/s.pdf", "slides"), "The title must be on one line, without line breaks or tabs."),
        (ResourceInput("Slides", "https://example.com/\x00s.pdf", "slides"), "The link contains invisible control characters; please retype it."),
    ],
    ids=["title-U+000B", "title-line-break", "link-NUL"],
)
def test_control_characters_in_a_resource_are_refused(resource, message):
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_attach([submitted(), accepted()], resource_id=R1, resource=resource, by=ANN, is_organiser=False)
    assert refusal.value.message == message


def test_a_tag_with_a_control_character_is_refused_without_echoing_it():
    with pytest.raises(errors.InvalidProposal) as refusal:
        decide_tag([submitted(), accepted()], tags=["testing", "py\x00test"], by=OLIVIA)
    assert refusal.value.message == "A tag contains invisible control characters; please retype it."
