import pytest

from membership.builders import joined
from membership.errors import AlreadyAMember, InvalidProfile
from membership.events import MemberJoined
from membership.join.command import decide_join, default_display_name


def test_a_new_account_joins():
    then = decide_join([], user_id=7, email="bob@example.com", display_name="Bob")
    assert then == [MemberJoined(user_id=7, email="bob@example.com", display_name="Bob")]


def test_an_account_cannot_join_twice():
    with pytest.raises(AlreadyAMember):
        decide_join([joined(user_id=7)], user_id=7, email="bob@example.com", display_name="Bob")


def test_the_default_display_name_is_the_first_part_of_the_email():
    assert default_display_name("grace.hopper@example.com") == "grace.hopper"


def test_a_display_name_with_control_characters_is_refused():
    with pytest.raises(InvalidProfile) as refusal:
        decide_join([], user_id=7, email="bob@example.com", display_name="Bob\x1b[31m")
    assert refusal.value.message == "The display name contains invisible control characters; please retype it."
