"""Signing up on the site: the user row and MemberJoined commit together."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from eventstore.store import event_store
from membership.events import MemberJoined
from membership.members.projection import Member
from membership.streams import member_stream

SIGNUP = {"email": "new@example.com", "display_name": "New Person", "password1": "a-long-pass-phrase-42", "password2": "a-long-pass-phrase-42"}


@pytest.mark.django_db(transaction=True)
def test_signing_up_creates_the_account_the_event_and_the_profile(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert response.url == "/members/me/"
    user = get_user_model().objects.get(email="new@example.com")
    assert event_store().load(member_stream(user.pk)) == [
        MemberJoined(user_id=user.pk, email="new@example.com", display_name="New Person")
    ]
    assert Member.objects.get(user_id=user.pk).display_name == "New Person"
    assert "New Person" in client.get("/members/me/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_failure_after_the_user_insert_leaves_neither_user_nor_event(client):
    with mock.patch(
        "eventstore.persistence.DjangoApplicationRecorder._insert_rows", side_effect=RuntimeError("disk full")
    ):
        with pytest.raises(RuntimeError):
            client.post(reverse("account_signup"), SIGNUP)

    assert get_user_model().objects.filter(email="new@example.com").count() == 0
    assert event_store().max_notification_id() == 0
    assert Member.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_signup_with_a_taken_email_is_a_form_error_and_appends_nothing(client):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    events_before = event_store().max_notification_id()

    response = client.post(reverse("account_signup"), SIGNUP | {"display_name": "Impostor"})

    assert response.status_code == 200
    assert "already" in response.content.decode()
    assert event_store().max_notification_id() == events_before


@pytest.mark.django_db(transaction=True)
def test_signup_with_mismatched_passwords_is_a_form_error(client):
    response = client.post(reverse("account_signup"), SIGNUP | {"password2": "something-else-entirely"})
    assert response.status_code == 200
    assert get_user_model().objects.count() == 0
    assert event_store().max_notification_id() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("name", "error"),
    [("New\x00Person", "The display name contains invisible control characters; please retype it."),
     ("New\tPerson", "The display name must be on one line, without line breaks or tabs.")],
    ids=["NUL", "tab"],
)
def test_a_display_name_with_control_characters_is_a_form_error_and_creates_nothing(client, name, error):
    response = client.post(reverse("account_signup"), SIGNUP | {"display_name": name})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (get_user_model().objects.count(), event_store().max_notification_id()) == (0, 0)
