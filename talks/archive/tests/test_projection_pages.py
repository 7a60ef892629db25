"""The archive projector renders an abstract's Markdown only when the abstract changed
(a new talk, an edit): the rows must be the same however the events fall into pages."""

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from talks import events as e
from talks.archive.projection import ArchiveEntry, ArchiveProjection
from web.markdown import render_markdown

T0 = datetime(2026, 5, 1, 18, tzinfo=UTC)


def talk_events():
    talk, speaker = uuid4(), uuid4()

    def stamp(event, version):
        return event.__class__(**{**event.__dict__, "originator_id": talk, "originator_version": version,
                                  "timestamp": T0 + timedelta(minutes=version)})

    events = [
        e.ProposalSubmitted(speaker_id=speaker, title="First", abstract="*One* abstract", format="talk", level="beginner"),
        e.ProposalEdited(title="Second", abstract="An **edited** abstract\n\n- with a list", format="talk",
                         level="advanced", preferred_meetups=[], notes="", edited_by=speaker),
        e.ResourceAttached(resource_id=uuid4(), title="Slides", url="https://example.com/s", kind="slides", added_by=speaker),
        e.TalkTagged(tags=["python"], tagged_by=speaker),
    ]
    return talk, [(n, stamp(ev, n)) for n, ev in enumerate(events, start=1)]


def rows():
    return list(ArchiveEntry.objects.order_by("talk_id").values())


@pytest.mark.django_db
def test_rows_are_the_same_whether_the_events_come_in_one_page_or_one_page_each():
    talk, page = talk_events()
    projection = ArchiveProjection()
    projection.apply(page, "default")
    in_one_page = rows()
    projection.wipe("default")
    for item in page:
        projection.apply([item], "default")
    assert rows() == in_one_page
    entry = ArchiveEntry.objects.get(talk_id=talk)
    assert entry.abstract_html == render_markdown("An **edited** abstract\n\n- with a list")
    assert "<strong>edited</strong>" in entry.abstract_html and entry.title == "Second"


@pytest.mark.django_db
def test_an_edit_in_a_later_page_renders_the_new_abstract():
    talk, page = talk_events()
    projection = ArchiveProjection()
    projection.apply(page[:1], "default")
    assert ArchiveEntry.objects.get(talk_id=talk).abstract_html == render_markdown("*One* abstract")
    projection.apply(page[1:], "default")
    assert ArchiveEntry.objects.get(talk_id=talk).abstract_html == render_markdown("An **edited** abstract\n\n- with a list")
