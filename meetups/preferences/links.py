"""Signed links that work without logging in: a mail's one-click unsubscribe link and a
member's personal calendar feed. Nothing secret is stored: the link carries the member id
(and the kind of mail, or the calendar address's generation) signed with SECRET_KEY, so a
link cannot be guessed or changed; resetting the calendar address raises the generation,
and the old link stops working."""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core import signing
from django.urls import reverse

from meetups.preferences.preferences import KINDS

UNSUBSCRIBE_SALT = "meetups.unsubscribe"
CALENDAR_SALT = "meetups.personal-calendar"


def _sign(value: list, salt: str) -> str:
    """The same link for the same member every time (a link made a second later is not a
    different address: the calendar address a member copies stays the one on the page)."""
    return signing.Signer(salt=salt).sign_object(value)


def _unsign(token: str, salt: str):
    """Links made before they were stable carry a timestamp (signing.dumps): both read."""
    try:
        return signing.Signer(salt=salt).unsign_object(token)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return signing.loads(token, salt=salt)


def unsubscribe_token(member_id: UUID, kind: str) -> str:
    return _sign([member_id.hex, kind], UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[UUID, str] | None:
    """(member id, kind), or None for a link that was not made here (or was changed)."""
    try:
        member_hex, kind = _unsign(token, UNSUBSCRIBE_SALT)
        member_id = UUID(hex=member_hex)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
    return (member_id, kind) if kind in KINDS else None


def unsubscribe_url(member_id: UUID, kind: str) -> str:
    return settings.SITE_URL + reverse("mail-unsubscribe", args=[unsubscribe_token(member_id, kind)])


def unsubscribe_headers(member_id: UUID, kind: str) -> dict[str, str]:
    """RFC 2369 List-Unsubscribe and RFC 8058 one-click: a mail client's "Unsubscribe"
    button POSTs to the link (meetups/preferences/view.py takes that POST without a login)."""
    return {"List-Unsubscribe": f"<{unsubscribe_url(member_id, kind)}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def calendar_token(member_id: UUID, generation: int) -> str:
    return _sign([member_id.hex, generation], CALENDAR_SALT)


def read_calendar_token(token: str) -> tuple[UUID, int] | None:
    try:
        member_hex, generation = _unsign(token, CALENDAR_SALT)
        return UUID(hex=member_hex), int(generation)
    except (signing.BadSignature, ValueError, TypeError, UnicodeDecodeError):
        return None
