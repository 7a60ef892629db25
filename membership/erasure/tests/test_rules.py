from __future__ import annotations

import pytest

from membership.erasure.command import decide_erase
from membership.errors import MemberAlreadyErased, NotAMember
from membership.events import MemberErased, MemberJoined, ProfileUpdated

JOINED = MemberJoined(user_id=1, email="ann@example.com", display_name="Ann")


def test_erasing_a_member_records_who_asked():
    assert decide_erase([JOINED], by="member") == [MemberErased(by="member", kept_name_on_talks="")]


def test_a_member_may_keep_their_current_name_on_their_talks():
    history = [JOINED, ProfileUpdated(display_name="Ann Lee", bio="", links=[])]
    assert decide_erase(history, by="member", keep_name_on_talks=True) == [MemberErased(by="member", kept_name_on_talks="Ann Lee")]


def test_an_account_that_never_joined_is_refused():
    with pytest.raises(NotAMember):
        decide_erase([], by="member")


def test_a_member_is_erased_once():
    with pytest.raises(MemberAlreadyErased):
        decide_erase([JOINED, MemberErased(by="member")], by="member")
