"""Free text from people: control characters are refused where text comes in, and
stripped where old text goes out.

Refused at the form (and by the decisions, so no other path lets one through): U+0000 to
U+001F except tab and newline, and U+007F. They never reach an event. Feeds and exports
that read events written before this rule strip them (`printable`), so one bad title can
never take a feed down.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n\t]")


def control_characters_in(text: str, *, multiline: bool = True) -> bool:
    """Does the text hold a character a person cannot have meant (a line break, in a
    single-line field)?"""
    return bool(CONTROL.search(text) or (not multiline and LINE_BREAKS.search(text)))


def refuse_control_characters(text: str, *, what: str = "This text", multiline: bool = True) -> None:
    """Form validation: a clear error naming the field."""
    if control_characters_in(text, multiline=multiline):
        if not multiline and not CONTROL.search(text):
            raise ValidationError(f"{what} must be on one line.", code="line_break")
        raise ValidationError(f"{what} contains invisible control characters; please retype it.", code="control")


def printable(text: str) -> str:
    """Old text for a feed or an export: control characters dropped (tab and newline kept)."""
    return CONTROL.sub("", text)
