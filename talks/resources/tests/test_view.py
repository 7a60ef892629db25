"""Resources and tags on the talk page: speakers and organisers add, change and remove
resources; organisers tag; everyone else is refused; bad links are a message."""

from html import unescape

import pytest

from membership.testing import make_member
from talks.archive.projection import ArchiveEntry
from talks.testing import make_proposal


@pytest.fixture
def people(db):
    return {"olivia": make_member("Olivia", organiser=True), "ann": make_member("Ann"), "bob": make_member("Bob")}


@pytest.fixture
def talk(people):
    return make_proposal(people["ann"], status="confirmed", organiser=people["olivia"])


def page(client, talk):
    return unescape(client.get(f"/talks/{talk}/").content.decode())


def test_a_speaker_adds_slides_and_they_show_on_the_talk_page(client, people, talk):
    client.force_login(people["ann"])
    response = client.post(f"/talks/{talk}/resources/", {"title": "My slides", "url": "https://example.com/s.pdf", "kind": "slides"}, follow=True)
    assert response.redirect_chain == [(f"/talks/{talk}/#resources", 302)]
    html = unescape(response.content.decode())
    assert "Resource added." in html
    assert '<a href="https://example.com/s.pdf" rel="nofollow noopener">My slides</a>' in html
    assert ArchiveEntry.objects.get(talk_id=talk).resources[0]["kind"] == "slides"


def test_a_javascript_link_is_refused_with_a_message_and_nothing_saved(client, people, talk):
    client.force_login(people["ann"])
    response = client.post(f"/talks/{talk}/resources/", {"title": "x", "url": "javascript:alert(1)", "kind": "slides"}, follow=True)
    assert "The link must be a web address starting with http:// or https://." in unescape(response.content.decode())
    assert ArchiveEntry.objects.get(talk_id=talk).resources == []


def test_editing_and_removing_a_resource(client, people, talk):
    client.force_login(people["ann"])
    client.post(f"/talks/{talk}/resources/", {"title": "Slides", "url": "https://example.com/s", "kind": "slides"})
    resource_id = ArchiveEntry.objects.get(talk_id=talk).resources[0]["id"]
    client.post(f"/talks/{talk}/resources/{resource_id}/", {"title": "Video", "url": "https://video.example/1", "kind": "video"})
    assert ArchiveEntry.objects.get(talk_id=talk).resources == [
        {"id": resource_id, "title": "Video", "url": "https://video.example/1", "kind": "video"}
    ]
    client.post(f"/talks/{talk}/resources/{resource_id}/remove/")
    assert ArchiveEntry.objects.get(talk_id=talk).resources == []


def test_another_member_cannot_add_resources_or_sees_no_form(client, people, talk):
    client.force_login(people["bob"])
    assert "Add slides, a video or code" not in page(client, talk)
    response = client.post(f"/talks/{talk}/resources/", {"title": "Spam", "url": "https://spam.example", "kind": "other"}, follow=True)
    assert "Only the proposal's speakers can do that." in unescape(response.content.decode())
    assert ArchiveEntry.objects.get(talk_id=talk).resources == []


def test_only_organisers_tag_talks(client, people, talk):
    client.force_login(people["ann"])
    assert client.post(f"/talks/{talk}/tags/", {"tags": "testing"}).status_code == 403
    client.force_login(people["olivia"])
    client.post(f"/talks/{talk}/tags/", {"tags": "Testing, pytest"})
    assert ArchiveEntry.objects.get(talk_id=talk).tags == ["testing", "pytest"]
    assert 'href="/archive/?tag=pytest">pytest</a>' in page(client, talk)


def test_resources_need_a_login(client, people, talk):
    response = client.post(f"/talks/{talk}/resources/", {"title": "x", "url": "https://a.b", "kind": "slides"})
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"title": "My\x0b slides"}, "The title contains invisible control characters; please retype it."),
        ({"url": "https://example.com/\x00s.pdf"}, "The link contains invisible control characters; please retype it."),
        ({"title": "x" * 100_000}, "A resource needs a title of 1 to 200 characters."),
    ],
    ids=["title-U+000B", "link-NUL", "huge-title"],
)
def test_a_resource_with_control_characters_or_a_huge_title_is_refused_with_a_message(client, people, talk, typed, message):
    client.force_login(people["ann"])
    form = {"title": "My slides", "url": "https://example.com/s.pdf", "kind": "slides"} | typed
    response = client.post(f"/talks/{talk}/resources/", form, follow=True)
    assert response.redirect_chain == [(f"/talks/{talk}/#resources", 302)]
    assert message in unescape(response.content.decode())
    assert ArchiveEntry.objects.get(talk_id=talk).resources == []


@pytest.mark.parametrize(
    ("tags", "message"),
    [("testing\tpytest", "The tag list must be on one line, without line breaks or tabs."),
     ("testing py\x00test", "The tag list contains invisible control characters; please retype it.")],
    ids=["tab", "NUL"],
)
def test_tags_with_control_characters_are_refused_with_a_message(client, people, talk, tags, message):
    client.force_login(people["olivia"])
    response = client.post(f"/talks/{talk}/tags/", {"tags": tags}, follow=True)
    assert message in unescape(response.content.decode())
    assert ArchiveEntry.objects.get(talk_id=talk).tags == []


def test_a_huge_tag_list_is_cut_and_refused_with_a_message(client, people, talk):
    client.force_login(people["olivia"])
    response = client.post(f"/talks/{talk}/tags/", {"tags": "t" * 100_000}, follow=True)
    assert f"“{'t' * 40}” is not a tag: use lower-case letters, digits, and + # . -" in unescape(response.content.decode())
    assert ArchiveEntry.objects.get(talk_id=talk).tags == []
