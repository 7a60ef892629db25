"""Helpers for tests that use the database (this app's and other apps'): members made
through the real commands."""

from __future__ import annotations

from membership.join.command import sign_up
from membership.organisers.command import appoint_organiser
from membership.profile.command import UpdateProfile, update_profile
from membership.streams import member_stream
from membership.visibility.command import show_profile

__all__ = ["UpdateProfile", "make_member", "update_profile"]


def make_member(name: str, *, organiser: bool = False, verified: bool = False, public: bool = False):
    """A user who joined as `name` (email name@example.com, password pw-<name>-12345),
    with `.member_id`; an organiser if asked; with a confirmed address, and a public
    profile (which needs one), if asked."""
    user = sign_up(
        email=f"{name.lower()}@example.com", password=f"pw-{name}-12345", display_name=name, verified=verified or public
    )
    if public:
        show_profile(user_id=user.pk)
    if organiser:
        appoint_organiser(user_id=user.pk, by="test")
        user.refresh_from_db()
    user.member_id = member_stream(user.pk)
    return user
