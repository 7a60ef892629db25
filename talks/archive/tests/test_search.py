"""Archive search on a fixed corpus: the same expectations run on SQLite (FTS5) and on
PostgreSQL (tsvector): ranking, filters, highlighting, stemming and bad queries."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.db import connection

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild
from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from membership.testing import UpdateProfile, make_member, update_profile
from talks.agenda.command import schedule_talk
from talks.archive.projection import ArchiveEntry
from talks.meetup_agenda import take_out_talk
from talks.resources.command import ResourceInput, attach_resource, tag_talk
from talks.testing import make_proposal

pytestmark = pytest.mark.django_db(transaction=True)

CORPUS = [
    # title, abstract, level, tags, resources, meetup
    ("Testing with pytest", "Fixtures, parametrize and plugins.", "beginner", ["testing", "pytest"], [("Slides", "slides")], "recent"),
    ("Property-based thinking", "Hypothesis finds the bugs your tests miss.", "advanced", ["testing"], [("Recording", "video")], "recent"),
    ("Pandas for spreadsheet people", "DataFrames, groupby and plotting.", "intermediate", ["data"], [("Notebook", "code")], "old"),
    ("Async in practice", "asyncio and trio side by side.", "advanced", ["async"], [("Tested examples", "code")], "old"),
    ("Testing the future", "Not given yet.", "beginner", [], [], "upcoming"),
]


def text(response) -> str:
    return unescape(b"".join(response.streaming_content).decode())


@pytest.fixture
def corpus():
    olivia = make_member("Olivia", organiser=True)
    speakers = [make_member(name) for name in ("Ann", "Bob", "Cat", "Dan", "Eve")]
    make_meetup("recent", starts_in=timedelta(days=-20), title="Recent talk night")
    make_meetup("old", starts_in=timedelta(days=-400), title="Old talk night")
    make_meetup("upcoming", starts_in=timedelta(days=20), title="Upcoming talk night")
    ids = {}
    for i, (title, abstract, level, tags, resources, slug) in enumerate(CORPUS):
        talk = make_proposal(speakers[i], title=title, abstract=abstract, level=level, status="confirmed", organiser=olivia)
        meetup = MeetupListing.objects.get(slug=slug)
        schedule_talk(slug=slug, talk_id=talk, starts_at=meetup.starts_at + timedelta(minutes=40 * (i % 2)), minutes=30, by="t")
        if tags:
            tag_talk(talk_id=talk, tags=tags, by=olivia.member_id)
        for res_title, kind in resources:
            attach_resource(talk_id=talk, resource=ResourceInput(res_title, f"https://example.com/{i}/{kind}", kind), by=speakers[i].member_id)
        ids[title] = talk
    return {"ids": ids, "olivia": olivia, "speakers": speakers}


def titles(page: str) -> list[str]:
    return re.findall(r'<h2><a href="/talks/[0-9a-f-]+/">([^<]+)</a></h2>', page)


def test_the_archive_lists_past_talks_newest_first(client, corpus):
    page = text(client.get("/archive/"))
    # Newest first: the later talk of a night comes first too.
    assert titles(page) == ["Property-based thinking", "Testing with pytest", "Async in practice", "Pandas for spreadsheet people"]
    assert "Testing the future" not in page
    assert "4 talks" in page


def test_stemming_finds_tests_and_tested_for_testing_and_ranks_title_matches_first(client, corpus):
    page = text(client.get("/archive/?q=testing"))
    found = titles(page)
    assert found[0] == "Testing with pytest"  # the title match ranks first
    assert set(found) == {"Testing with pytest", "Property-based thinking", "Async in practice"}  # tags, "tests", "Tested"


def test_matching_words_are_highlighted_and_the_rest_escaped(client, corpus):
    page = b"".join(client.get("/archive/?q=hypothesis").streaming_content).decode()
    assert "<mark>Hypothesis</mark> finds the bugs" in page


def test_filters_by_year_level_tag_and_resource_kind(client, corpus):
    old_year = ArchiveEntry.objects.get(title="Async in practice").year
    assert titles(text(client.get("/archive/?level=advanced"))) == ["Property-based thinking", "Async in practice"]
    assert titles(text(client.get("/archive/?tag=testing"))) == ["Property-based thinking", "Testing with pytest"]
    assert titles(text(client.get("/archive/?kind=code"))) == ["Async in practice", "Pandas for spreadsheet people"]
    assert set(titles(text(client.get(f"/archive/?year={old_year}")))) >= {"Pandas for spreadsheet people", "Async in practice"}
    assert titles(text(client.get("/archive/?q=testing&level=advanced"))) in (
        ["Property-based thinking", "Async in practice"], ["Async in practice", "Property-based thinking"]
    )


def test_phrases_or_and_exclusions(client, corpus):
    assert titles(text(client.get('/archive/?q="side by side"'))) == ["Async in practice"]
    assert set(titles(text(client.get("/archive/?q=pandas or asyncio")))) == {"Pandas for spreadsheet people", "Async in practice"}
    assert titles(text(client.get("/archive/?q=testing -hypothesis -asyncio"))) == ["Testing with pytest"]


def test_an_empty_result_says_so_and_suggests_removing_filters(client, corpus):
    page = text(client.get("/archive/?q=kubernetes&level=beginner"))
    assert "No talks match “kubernetes” with these filters." in page
    assert 'href="/archive/?q=kubernetes">removing the filters</a>' in page


@pytest.mark.parametrize(
    "query",
    ['"', '""', "'", "a & b | !c", "(((", "-", "or", "NEAR(a b)", "title:x", "*", "x" * 10000, "nul\x00byte", "\x00", "<script>alert(1)</script>", "% _ \\"],
)
def test_bad_queries_never_fail(client, corpus, query):
    response = client.get("/archive/", {"q": query})
    assert response.status_code == 200
    page = b"".join(response.streaming_content).decode()
    assert "<script>alert(1)</script>" not in page


def test_live_search_with_htmx_returns_only_the_results(client, corpus):
    response = client.get("/archive/?q=pandas", headers={"HX-Request": "true"})
    page = text(response)
    assert "<html" not in page and titles(page) == ["Pandas for spreadsheet people"]
    assert response["Vary"] == "HX-Request, HX-History-Restore-Request"


def test_a_history_restore_gets_the_whole_page(client, corpus):
    """Live search pushes its URL; when htmx lost its cached copy it asks for that URL
    again with HX-History-Restore-Request: the whole page, or the browser shows a fragment."""
    response = client.get("/archive/?q=pandas", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    page = text(response)
    assert page.lstrip().startswith("<!DOCTYPE html>") and "</html>" in page
    assert titles(page) == ["Pandas for spreadsheet people"]


def test_the_page_shell_comes_before_the_results(client, corpus):
    chunks = [c.decode() for c in client.get("/archive/?q=testing").streaming_content]
    assert len(chunks) >= 3
    assert 'role="search"' in chunks[0] and "archive-item" not in chunks[0]


def test_adding_a_resource_or_taking_a_talk_off_the_agenda_shows_on_the_next_request(client, corpus):
    talk = corpus["ids"]["Pandas for spreadsheet people"]
    attach_resource(talk_id=talk, resource=ResourceInput("Pandas cheat sheet", "https://example.com/cheat", "article"), by=corpus["olivia"].member_id, is_organiser=True)
    assert titles(text(client.get("/archive/?q=cheat"))) == ["Pandas for spreadsheet people"]
    take_out_talk(slug="old", talk_id=talk, by="t")
    assert "Pandas for spreadsheet people" not in text(client.get("/archive/"))


def test_the_archive_projection_equals_a_fresh_rebuild(client, corpus):
    def snapshot():
        rows = list(ArchiveEntry.objects.order_by("talk_id").values())
        for row in rows:
            row.pop("search", None)
        return rows, titles(text(client.get("/archive/?q=testing")))

    before = snapshot()
    rebuild(consumers.get(Projection, "archive"))
    assert snapshot() == before


def test_a_renamed_speaker_is_renamed_in_the_archive(client, corpus):
    update_profile(user_id=corpus["speakers"][2].pk, command=UpdateProfile("Catherine", "", []))
    page = text(client.get("/archive/?q=catherine"))
    assert titles(page) == ["Pandas for spreadsheet people"]


@pytest.mark.parametrize("talks", [1, 3])
def test_the_archive_makes_a_fixed_number_of_queries(client, django_assert_num_queries, talks, settings):
    settings.PREPARED_PAGES = False  # the fresh render's queries (a prepared page's: web/tests/test_prepared.py)
    olivia = make_member("Olivia", organiser=True)
    make_meetup("past", starts_in=timedelta(days=-20), title="Past talk night")
    starts = MeetupListing.objects.get(slug="past").starts_at
    for i in range(talks):
        speaker = make_member(f"Speaker{i}")
        talk = make_proposal(speaker, title=f"Talk {i}", status="confirmed", organiser=olivia)
        schedule_talk(slug="past", talk_id=talk, starts_at=starts + timedelta(minutes=35 * i), minutes=30, by="t")
        tag_talk(talk_id=talk, tags=["testing", f"t{i}"], by=olivia.member_id)
        attach_resource(talk_id=talk, resource=ResourceInput("Slides", f"https://example.com/{i}", "slides"), by=speaker.member_id)
    # The facets, then the page of results and its count; SQLite reads the page's keys
    # first (listing) or its snippets apart (search): one more, whatever the number of talks.
    queries = 5 if connection.vendor == "sqlite" else 4  # and the group's face (the header)
    for query in ("", "?q=talk", "?tag=testing"):
        with django_assert_num_queries(queries):
            page = text(client.get(f"/archive/{query}"))
        assert len(titles(page)) == talks, query


@pytest.mark.parametrize("query", ["*", "(", "\"\"", "- * ( )"])
def test_a_query_of_operators_only_is_no_query(client, corpus, query):
    page = text(client.get("/archive/", {"q": query}))
    assert set(titles(page)) == {"Testing with pytest", "Property-based thinking", "Pandas for spreadsheet people",
                                 "Async in practice"}
    assert "matching" not in page
    assert 'name="q" value=""' in page


def test_a_lone_exclusion_lists_the_talks_without_that_word(client, corpus):
    page = text(client.get("/archive/", {"q": "-testing"}))
    assert set(titles(page)) == {"Pandas for spreadsheet people"}  # the others are tagged testing or say "tests"
    page = text(client.get("/archive/", {"q": "-pandas -async"}))
    assert set(titles(page)) == {"Testing with pytest", "Property-based thinking"}


def test_a_typo_with_no_result_suggests_the_closest_known_word(client, corpus):
    page = text(client.get("/archive/", {"q": "pytset"}))
    assert titles(page) == []
    assert 'Did you mean <a href="?q=pytest">pytest</a>?' in page
    assert "Did you mean" not in text(client.get("/archive/", {"q": "zzzzqqq"}))


def test_a_page_past_the_last_of_results_is_404(client, corpus):
    assert client.get("/archive/", {"q": "testing", "page": "2"}).status_code == 404
    assert client.get("/archive/", {"page": "2"}).status_code == 404


def test_many_tags_are_grouped_by_first_letter(client, corpus, monkeypatch):
    from talks.archive import view  # the threshold, lowered for the test

    monkeypatch.setattr(view, "TAGS_UNGROUPED", 2)
    page = text(client.get("/archive/"))
    assert '<optgroup label="T"><option value="testing">testing</option></optgroup>' in page
    assert '<optgroup label="P"><option value="pytest">pytest</option></optgroup>' in page
