"""/members/me/delete/: a confirmation page, then erasure; never a 500."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from eventstore.store import event_store
from membership.events import MemberErased


def test_the_page_asks_for_confirmation_first(client, ann):
    client.force_login(ann)
    page = client.get(reverse("delete-me")).content.decode()
    assert "Delete my account" in page and reverse("my-data-export") in page


def test_a_double_submit_erases_once_and_the_second_is_sent_to_log_in(client, ann):
    client.force_login(ann)
    first = client.post(reverse("delete-me"), {"confirm": "on"})
    second = client.post(reverse("delete-me"), {"confirm": "on"})
    assert first.status_code == 302 and first.url == reverse("home")
    assert second.status_code == 302 and second.url.startswith(reverse("account_login"))
    assert [type(e) for e in event_store().load(ann.member_id)].count(MemberErased) == 1


def test_hostile_input_is_a_form_error_or_a_harmless_yes(client, ann):
    client.force_login(ann)
    response = client.post(reverse("delete-me"), {"confirm": "", "keep_name_on_talks": "\x00" * 10_000})
    assert response.status_code == 200 and "Please tick the box" in response.content.decode()
    assert get_user_model().objects.filter(pk=ann.pk).exists()


def test_the_page_needs_a_login(client, db):
    assert client.get(reverse("delete-me")).status_code == 302
