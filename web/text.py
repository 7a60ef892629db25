"""Free text from people: control characters are refused where text comes in, and
stripped where old text goes out.

Refused at the form (and by the decisions, so no other path lets one through): U+0000 to
U+001F except tab and newline, and U+007F. They never reach an event. Feeds and exports
that read events written before this rule strip them (`printable`), so one bad title can
never take a feed down.

A form field for typed text is a `TypedText`; a decision asks `text_problem` and raises
its app's refusal with the message, so a person sees the same words either way. Text
from a textarea arrives with CRLF line breaks (browsers send them so): `with_line_feeds`
turns them into LF before any check, as the stored text has them.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
LINE_BREAKS = re.compile(r"[\r\n\t]")


def control_characters_in(text: str, *, multiline: bool = True) -> bool:
    """Does the text hold a character a person cannot have meant (a line break, in a
    single-line field)?"""
    return bool(CONTROL.search(text) or (not multiline and LINE_BREAKS.search(text)))


def text_problem(text: str, *, what: str = "This text", multiline: bool = True) -> str:
    """What the person must fix in the text, in words naming the field (`what`), or ""
    if nothing: the message forms and decisions share."""
    if not control_characters_in(text, multiline=multiline):
        return ""
    if not multiline and not CONTROL.search(LINE_BREAKS.sub("", text)):  # CR is one too
        return f"{what} must be on one line, without line breaks or tabs."
    return f"{what} contains invisible control characters; please retype it."


def refuse_control_characters(text: str, *, what: str = "This text", multiline: bool = True) -> None:
    """Form validation: a clear error naming the field."""
    problem = text_problem(text, what=what, multiline=multiline)
    if problem:
        raise ValidationError(problem, code="line_break" if "one line" in problem else "control")


def with_line_feeds(text: str) -> str:
    """Line breaks as one LF each (browsers send a textarea's as CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def checked_text(value: str | None, *, what: str, multiline: bool = False) -> str:
    """A form's text as stored: line feeds only (browsers send CRLF), and refused
    (ValidationError) with control characters in it."""
    value = value or ""
    if multiline:
        value = with_line_feeds(value)
    refuse_control_characters(value, what=what, multiline=multiline)
    return value


class TypedText(forms.CharField):
    """A form field for text a person types: control characters are refused with an
    error naming the field (`what`, e.g. "The title"). One line unless `multiline`; a
    multi-line field gets its line breaks as LF before its length is counted, so the
    length is the one the page's counter shows."""

    def __init__(self, *, what: str, multiline: bool = False, **kwargs):
        self.what, self.multiline = what, multiline
        super().__init__(**kwargs)
        self.counted = self.max_length is not None  # the page shows a live count (templates/forms/field.html)

    def widget_attrs(self, widget):
        """No maxlength: the browser would cut pasted text silently. The page shows a live
        count (templates/forms/field.html, static/js/site.js) and the form says when the
        text is too long."""
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        return with_line_feeds(value) if self.multiline and value else value

    def validate(self, value):
        super().validate(value)
        refuse_control_characters(value, what=self.what, multiline=self.multiline)


def printable(text: str) -> str:
    """Old text for a feed or an export: control characters dropped (tab and newline kept)."""
    return CONTROL.sub("", text)
