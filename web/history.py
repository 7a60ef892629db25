"""How a history shows values: times in the group's time zone, long text cut short, and
text that cannot be read aloud (control characters) made printable."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format

from web.text import printable


def when(moment: datetime | None) -> str:
    if moment is None:
        return "(none)"
    return date_format(timezone.localtime(moment), "D j M Y, H:i")


def quoted(text: str, limit: int = 120) -> str:
    text = " ".join(printable(text or "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{text}”" if text else "(empty)"
