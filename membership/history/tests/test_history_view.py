"""A member's History page: joining, profile changes with before/after, organiser rights;
organisers only."""

import uuid

import pytest

from eventstore.context import acting_as
from membership.organisers.command import appoint_organiser, stand_down_organiser
from membership.testing import UpdateProfile, make_member, update_profile
from tests.history_text import main_text

pytestmark = pytest.mark.django_db


def test_members_get_403(client, ann, bob):
    client.force_login(ann)
    assert client.get(f"/members/{bob.member_id}/history/").status_code == 403


def test_an_unknown_member_is_404(client, olivia):
    client.force_login(olivia)
    assert client.get(f"/members/{uuid.uuid4()}/history/").status_code == 404


def test_profile_changes_and_rights_show_before_and_after(client, olivia):
    cat = make_member("Cat")
    with acting_as(cat.member_id, "member"):
        update_profile(user_id=cat.pk, command=UpdateProfile(display_name="Catherine", bio="Hi"))
    with acting_as(olivia.member_id, "organiser"):
        appoint_organiser(user_id=cat.pk, by=str(olivia.member_id))
        stand_down_organiser(user_id=cat.pk, by=str(olivia.member_id))
    client.force_login(olivia)
    page = main_text(client.get(f"/members/{cat.member_id}/history/"))
    assert "Joined as “Cat”." in page
    assert "Updated the profile: name, bio." in page
    assert "name “Cat” “Catherine”" in page
    assert "Was appointed an organiser (staff rights). " in page
    assert "organiser yes no" in page
    assert page.count("Olivia (organiser)") == 2
    assert "cat@example.com" not in page


def test_the_admins_history_button_opens_the_history_from_the_log(client, olivia, ann):
    client.force_login(olivia)
    response = client.get(f"/admin/membership/member/{ann.member_id}/history/")
    assert (response.status_code, response["Location"]) == (302, f"/members/{ann.member_id}/history/")
