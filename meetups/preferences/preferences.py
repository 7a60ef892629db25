"""A member's meetup mail preferences, folded from their settings stream, and the
decisions that change them (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventstore.events import Event
from meetups import events as e

# kind -> (what the profile form says, wanted until the member says otherwise)
KINDS: dict[str, tuple[str, bool]] = {
    "reminders": ("Reminders before meetups I RSVPed to", True),
    "announcements": ("A new meetup is open for RSVPs", False),
    "waitlist": ("My seat and waitlist changes (a seat, a promotion, an RSVP removed)", True),
    "schedule": ("A meetup I RSVPed to moves or is cancelled", True),
}
CAUSES = ("profile", "unsubscribe_link")


class UnknownMailKind(ValueError):
    pass


@dataclass
class MemberSettings:
    wanted: dict[str, bool] = field(default_factory=lambda: {kind: default for kind, (_, default) in KINDS.items()})
    calendar_generation: int = 0  # how many times the personal calendar address was reset

    @classmethod
    def fold(cls, history: list[Event]) -> MemberSettings:
        s = cls()
        for event in history:
            match event:
                case e.MailPreferenceChanged() if event.kind in KINDS:
                    s.wanted[event.kind] = event.wanted
                case e.CalendarAddressReset():
                    s.calendar_generation += 1
        return s


def decide_preferences(history: list[Event], *, member_id: UUID, wanted: dict[str, bool], by: UUID | None,
                       cause: str = "profile") -> list[Event]:
    """One event per kind that changes; nothing for a kind already as wanted (a double
    submit, a second click on an unsubscribe link). Refuses a kind that does not exist."""
    for kind in wanted:
        if kind not in KINDS:
            raise UnknownMailKind(kind)
    current = MemberSettings.fold(history).wanted
    return [
        e.MailPreferenceChanged(member_id=member_id, kind=kind, wanted=value, by=by, cause=cause)
        for kind, value in wanted.items()
        if current[kind] != value
    ]


def decide_reset_calendar(history: list[Event], *, member_id: UUID, by: UUID | None) -> list[Event]:
    return [e.CalendarAddressReset(member_id=member_id, by=by)]
