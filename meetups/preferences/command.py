"""Members choose which meetup mail they get (on their profile, or with the one-click
unsubscribe link of a mail) and reset their personal calendar's secret address."""

from __future__ import annotations

from uuid import UUID

from eventstore.store import Recording, execute
from meetups.preferences.preferences import decide_preferences, decide_reset_calendar
from meetups.streams import member_settings_stream


def set_mail_preferences(*, member_id: UUID, wanted: dict[str, bool], by: UUID | None, cause: str = "profile") -> list[Recording]:
    return execute(member_settings_stream(member_id),
                   lambda h: decide_preferences(h, member_id=member_id, wanted=wanted, by=by, cause=cause))


def unsubscribe(*, member_id: UUID, kind: str) -> list[Recording]:
    """From a mail's link: no login, the signed token is the proof (meetups/preferences/links.py)."""
    return set_mail_preferences(member_id=member_id, wanted={kind: False}, by=None, cause="unsubscribe_link")


def reset_calendar_address(*, member_id: UUID, by: UUID | None) -> list[Recording]:
    return execute(member_settings_stream(member_id), lambda h: decide_reset_calendar(h, member_id=member_id, by=by))
