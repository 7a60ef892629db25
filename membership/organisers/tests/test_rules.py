import pytest

from membership.builders import appointed, joined
from membership.errors import AlreadyAnOrganiser, NotAMember
from membership.events import OrganiserAppointed, OrganiserStoodDown
from membership.organisers.command import decide_appoint, decide_stand_down


def test_a_member_is_appointed_organiser():
    assert decide_appoint([joined()], by="olivia") == [OrganiserAppointed(appointed_by="olivia")]


def test_an_organiser_is_not_appointed_twice():
    with pytest.raises(AlreadyAnOrganiser):
        decide_appoint([joined(), appointed()], by="olivia")


def test_only_members_become_organisers():
    with pytest.raises(NotAMember):
        decide_appoint([], by="olivia")


def test_an_organiser_stands_down():
    assert decide_stand_down([joined(), appointed()], by="olivia") == [OrganiserStoodDown(stood_down_by="olivia")]


def test_standing_down_a_plain_member_records_nothing():
    assert decide_stand_down([joined()], by="olivia") == []
