import pytest

from membership.builders import joined, profile
from membership.errors import InvalidProfile, NotAMember
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


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (UpdateProfile("Ann\x0bB."), "The display name contains invisible control characters; please retype it."),
        (UpdateProfile("Ann\tB."), "The display name must be on one line, without line breaks or tabs."),
        (UpdateProfile("Ann", "Hi\x00"), "The bio contains invisible control characters; please retype it."),
        (UpdateProfile("Ann", "", ["https://a.example/\x01"]), "A link contains invisible control characters; please retype it."),
    ],
    ids=["name-U+000B", "name-tab", "bio-NUL", "link-U+0001"],
)
def test_control_characters_in_a_profile_are_refused(command, message):
    with pytest.raises(InvalidProfile) as refusal:
        decide_update_profile([joined(name="Ann")], command)
    assert refusal.value.message == message


def test_a_bio_keeps_its_line_breaks():
    then = decide_update_profile([joined(name="Ann")], UpdateProfile("Ann", "Hi.\n\tPythonista"))
    assert then == [ProfileUpdated(display_name="Ann", bio="Hi.\n\tPythonista", links=[])]
