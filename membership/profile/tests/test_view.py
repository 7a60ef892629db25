from html import unescape

import pytest
from django.urls import reverse

from eventstore.store import event_store
from membership.members.projection import Member
from membership.testing import make_member


def test_editing_the_profile_appends_an_event_and_the_next_page_shows_it(client, ann):
    client.force_login(ann)
    response = client.post(
        reverse("edit-my-profile"),
        {"display_name": "  Ann   Bee ", "bio": "Pythonista", "links": "https://ann.example\nhttps://github.com/ann"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("my-profile"), 302)]
    page = response.content.decode()
    assert "Profile saved." in page
    assert "Ann Bee" in page and "https://github.com/ann" in page
    member = Member.objects.get(user_id=ann.pk)
    assert (member.display_name, member.bio, member.links) == ("Ann Bee", "Pythonista", ["https://ann.example", "https://github.com/ann"])


def test_a_link_that_is_not_http_is_refused_with_a_message_and_nothing_saved(client, ann):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "", "links": "javascript:alert(1)"})
    assert response.status_code == 200
    assert "is not a web address starting with http:// or https://" in response.content.decode()
    assert event_store().max_notification_id() == before


def test_too_long_a_bio_is_a_form_error(client, ann):
    client.force_login(ann)
    response = client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "x" * 501, "links": ""})
    assert response.status_code == 200
    assert "at most 500 characters" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ({"display_name": "Ann\x0bBee"}, "The display name contains invisible control characters; please retype it."),
        ({"display_name": "Ann\x7fBee"}, "The display name contains invisible control characters; please retype it."),
        ({"display_name": "Ann\tBee"}, "The display name must be on one line, without line breaks or tabs."),
        ({"bio": "Pythonista\x00"}, "The bio contains invisible control characters; please retype it."),
        ({"links": "https://ann.example/\x01"}, "A link contains invisible control characters; please retype it."),
        ({"links": "https://ann.example\x0bhttps://b.example"}, "A link contains invisible control characters; please retype it."),
    ],
    ids=["name-U+000B", "name-DEL", "name-tab", "bio-NUL", "link-U+0001", "links-U+000B"],
)
def test_control_characters_are_a_form_error_naming_the_field_and_nothing_is_saved(client, ann, typed, error):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "", "links": ""} | typed)
    assert response.status_code == 200
    assert error in unescape(response.content.decode())
    assert event_store().max_notification_id() == before


def test_a_bio_keeps_its_line_breaks_as_typed(client, ann):
    client.force_login(ann)
    client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "Pythonista.\r\n\tAnd cellist.", "links": ""})
    assert Member.objects.get(user_id=ann.pk).bio == "Pythonista.\n\tAnd cellist."


@pytest.mark.parametrize(
    ("field", "error"),
    [
        ("display_name", "Ensure this value has at most 80 characters (it has 100000)."),
        ("bio", "Ensure this value has at most 500 characters (it has 100000)."),
        ("links", f"This link is longer than 200 characters: {'x' * 60}…"),
    ],
)
def test_a_huge_text_is_a_form_error(client, ann, field, error):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "", "links": ""} | {field: "x" * 100_000})
    assert response.status_code == 200
    assert error in unescape(response.content.decode())
    assert event_store().max_notification_id() == before


def test_saving_an_unchanged_profile_says_so(client, ann):
    client.force_login(ann)
    response = client.post(reverse("edit-my-profile"), {"display_name": "Ann", "bio": "", "links": ""}, follow=True)
    assert "Nothing to change." in response.content.decode()


def test_a_public_profile_page(client, db):
    dora = make_member("Dora", public=True)
    member = Member.objects.get(user_id=dora.pk)
    response = client.get(reverse("member-profile", args=[member.public_id]))
    assert response.status_code == 200
    assert "Edit profile" not in response.content.decode()


def test_a_profile_is_private_by_default_and_not_found_by_member_id(client, ann):
    member = Member.objects.get(user_id=ann.pk)
    assert (member.is_public, member.public_id) == (False, None)
    assert client.get(f"/members/{member.member_id}/").status_code == 404


def test_an_unknown_member_is_a_404(client, db):
    assert client.get("/members/00000000-0000-0000-0000-000000000001/").status_code == 404
