"""Profiles are private until the member shows theirs; only members with a confirmed
address may; the public address is random and kept."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from django.urls import reverse

from eventstore.store import event_store
from membership.errors import NotAMember, NotVerified
from membership.events import (
    EmailAddressVerified,
    MemberErased,
    MemberJoined,
    PublicProfileHidden,
    PublicProfileShown,
)
from membership.members.projection import Member
from membership.testing import make_member
from membership.visibility.command import decide_hide_profile, decide_show_profile

PUBLIC_ID = UUID("3b0f1d2c-9a8e-4f7d-b6c5-a4e3d2c1b0a9")
JOINED = MemberJoined(user_id=1, email="ann@example.com", display_name="Ann")
VERIFIED = EmailAddressVerified(email="ann@example.com")


def test_an_unverified_sign_up_cannot_show_a_profile():
    with pytest.raises(NotVerified):
        decide_show_profile([JOINED], new_public_id=PUBLIC_ID)


def test_a_verified_member_shows_a_profile_at_a_new_random_address():
    assert decide_show_profile([JOINED, VERIFIED], new_public_id=PUBLIC_ID) == [PublicProfileShown(public_id=PUBLIC_ID)]


def test_showing_again_after_hiding_keeps_the_address():
    history = [JOINED, VERIFIED, PublicProfileShown(public_id=PUBLIC_ID), PublicProfileHidden()]
    assert decide_show_profile(history, new_public_id=uuid4()) == [PublicProfileShown(public_id=PUBLIC_ID)]


def test_showing_a_shown_profile_or_hiding_a_hidden_one_records_nothing():
    assert decide_show_profile([JOINED, VERIFIED, PublicProfileShown(public_id=PUBLIC_ID)], new_public_id=uuid4()) == []
    assert decide_hide_profile([JOINED, VERIFIED]) == []


def test_an_erased_member_cannot_show_a_profile():
    with pytest.raises(NotAMember):
        decide_show_profile([JOINED, VERIFIED, MemberErased(by="member")], new_public_id=PUBLIC_ID)


def test_the_public_address_is_random_not_the_member_id(client, db):
    dora = make_member("Dora", verified=True)
    client.force_login(dora)
    response = client.post(reverse("profile-visibility"), {"show": "yes"}, follow=True)
    assert "Your profile is public now." in response.content.decode()
    member = Member.objects.get(user_id=dora.pk)
    assert member.is_public and member.public_id.version == 4 and member.public_id != member.member_id
    assert client.get(reverse("member-profile", args=[member.public_id])).status_code == 200

    response = client.post(reverse("profile-visibility"), {"show": "no"}, follow=True)
    assert "Your profile is private now." in response.content.decode()
    assert client.get(reverse("member-profile", args=[member.public_id])).status_code == 404


def test_an_unverified_member_is_told_why(client, ann):
    client.force_login(ann)
    before = event_store().max_notification_id()
    response = client.post(reverse("profile-visibility"), {"show": "yes"}, follow=True)
    assert "Please confirm your email address first" in response.content.decode()
    assert event_store().max_notification_id() == before


@pytest.mark.parametrize("value", ["", "maybe", "yes\x00", "１"])
def test_a_bad_answer_is_a_400(client, ann, value):
    client.force_login(ann)
    assert client.post(reverse("profile-visibility"), {"show": value}).status_code == 400


def test_changing_visibility_needs_a_login_and_a_post(client, ann):
    assert client.post(reverse("profile-visibility"), {"show": "yes"}).status_code == 302
    client.force_login(ann)
    assert client.get(reverse("profile-visibility")).status_code == 405
