"""Staff rights change only through the organiser commands: the Django user admin shows
them read-only and its actions send the commands (an event each)."""

import pytest
from django.contrib.auth import get_user_model

from eventstore.store import event_store
from membership.events import OrganiserAppointed, OrganiserStoodDown
from membership.testing import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(db):
    user = make_member("Root", organiser=True)
    user.is_superuser = True
    user.save()
    return user


def change_form(user):
    return {
        "username": user.username, "email": user.email, "first_name": "", "last_name": "", "is_active": "on",
        "is_staff": "on", "is_superuser": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00",
    }


def test_posting_rights_on_the_change_form_changes_nothing(client, root, ann):
    client.force_login(root)
    response = client.post(f"/admin/auth/user/{ann.pk}/change/", change_form(ann))
    assert response.status_code == 302
    ann.refresh_from_db()
    assert (ann.is_staff, ann.is_superuser) == (False, False)
    assert "Rights change only with the list" in client.get(f"/admin/auth/user/{ann.pk}/change/").content.decode()


def test_the_actions_appoint_and_stand_down_through_the_commands(client, root, ann):
    client.force_login(root)
    client.post("/admin/auth/user/", {"action": "appoint_organisers", "_selected_action": [ann.pk]})
    ann.refresh_from_db()
    assert ann.is_staff
    client.post("/admin/auth/user/", {"action": "stand_down_organisers", "_selected_action": [ann.pk]})
    ann.refresh_from_db()
    assert not ann.is_staff
    history = event_store().load(ann.member_id)
    assert [type(x) for x in history[-2:]] == [OrganiserAppointed, OrganiserStoodDown]
    assert {(x.actor_id, x.actor_kind) for x in history[-2:]} == {(root.member_id, "organiser")}


def test_appointing_someone_who_is_already_an_organiser_is_a_message(client, root, olivia):
    client.force_login(root)
    response = client.post("/admin/auth/user/", {"action": "appoint_organisers", "_selected_action": [olivia.pk]}, follow=True)
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=olivia.pk).is_staff
    assert "Olivia@example.com: Olivia is already an organiser." in response.content.decode()
