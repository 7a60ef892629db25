import pytest

from membership.builders import joined, profile
from membership.errors import NotAMember
from membership.events import ProfileUpdated
from membership.profile.command import UpdateProfile, decide_update_profile


def test_a_member_updates_their_profile():
    then = decide_update_profile([joined(name="Ann")], UpdateProfile("Ann B.", "Hi", ["https://a.example"]))
    assert then == [ProfileUpdated(display_name="Ann B.", bio="Hi", links=["https://a.example"])]


def test_saving_an_unchanged_profile_records_nothing():
    given = [joined(name="Ann"), profile("Ann", "Hi", ["https://a.example"])]
    assert decide_update_profile(given, UpdateProfile("Ann", "Hi", ["https://a.example"])) == []


def test_only_members_have_a_profile():
    with pytest.raises(NotAMember):
        decide_update_profile([], UpdateProfile("Ann"))
