"""Why a meetup command is refused; each message is shown to the person as it is."""

from django.utils import timezone

from eventstore.errors import CommandRefused


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%a %d %b %Y, %H:%M")


class MeetupNotFound(CommandRefused):
    def __init__(self) -> None:
        super().__init__("There is no such meetup.")


class SlugTaken(CommandRefused):
    def __init__(self, slug: str) -> None:
        super().__init__(f"A meetup with the address “{slug}” already exists; choose another slug.")


class InvalidMeetup(CommandRefused):
    """Bad times, capacity and the like (organisers' input)."""


class MeetupCancelled(CommandRefused):
    def __init__(self, title: str) -> None:
        super().__init__(f"“{title}” has been cancelled.")


class MeetupInThePast(CommandRefused):
    def __init__(self, title: str) -> None:
        super().__init__(f"“{title}” has already taken place.")


class RsvpNotOpenYet(CommandRefused):
    def __init__(self, opens_at) -> None:
        super().__init__(f"RSVPs open on {_when(opens_at)}.")


class RsvpClosed(CommandRefused):
    def __init__(self, closed_at) -> None:
        super().__init__(f"RSVPs closed on {_when(closed_at)}.")


class AlreadyGoing(CommandRefused):
    def __init__(self) -> None:
        super().__init__("You are already going.")


class AlreadyWaitlisted(CommandRefused):
    def __init__(self, position: int) -> None:
        super().__init__(f"You are already on the waitlist (#{position}).")


class NoRsvp(CommandRefused):
    def __init__(self, who: str = "You have") -> None:
        super().__init__(f"{who} no RSVP to this meetup.")


class NotWaitlisted(CommandRefused):
    def __init__(self) -> None:
        super().__init__("That member is not on the waitlist.")


class NotGoing(CommandRefused):
    def __init__(self) -> None:
        super().__init__("Only members who are going can be checked in.")


class CheckInNotOpen(CommandRefused):
    def __init__(self, opens_at) -> None:
        super().__init__(f"Check-in opens on {_when(opens_at)}.")


class CannotUndo(CommandRefused):
    """An undo the rules refuse (not yours, too old, changed since, would overbook...):
    the message says which."""


# -- series --------------------------------------------------------------------------------


class SeriesNotFound(CommandRefused):
    def __init__(self) -> None:
        super().__init__("There is no such series.")


class SeriesSlugTaken(CommandRefused):
    def __init__(self, slug: str) -> None:
        super().__init__(f"A series with the address “{slug}” already exists; choose another slug.")


class InvalidSeries(CommandRefused):
    """A rule, times or texts that make no sense (organisers' input)."""


class SeriesAlreadyEnded(CommandRefused):
    def __init__(self, title: str) -> None:
        super().__init__(f"The series “{title}” has ended.")


class NotAnOccurrence(CommandRefused):
    def __init__(self, day) -> None:
        super().__init__(f"The series does not meet on {day:%A %d %B %Y}.")
