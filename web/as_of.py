"""`?as_of=2026-05-01T18:00`: a moment in the past, as a datetime-local picker sends it
(the group's time zone; seconds and an explicit UTC offset allowed too). Pages folded
"as of" a moment read the events up to it (timestamp <= the moment)."""

from __future__ import annotations

import re
from datetime import datetime

from django.utils import timezone

MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?", re.ASCII
)
EARLIEST, LATEST = 2000, 2100


class BadMoment(ValueError):
    """The text is not a moment we can show the site at; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_as_of(raw: str | None) -> datetime | None:
    """None when no moment was asked for (the page as it is now)."""
    if raw is None or raw == "":
        return None
    if len(raw) > 40 or not MOMENT.fullmatch(raw.strip()):
        raise BadMoment("Please give the moment as a date and time, like 2026-05-01T18:00.")
    try:
        moment = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise BadMoment("That date or time does not exist (check the month, the day and the hour).") from None
    if not EARLIEST <= moment.year < LATEST:
        raise BadMoment(f"Please pick a moment between {EARLIEST} and {LATEST}.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def picker_value(moment: datetime | None) -> str:
    """The value a datetime-local input shows for `moment` (local time, to the second)."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S")
