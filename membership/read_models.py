"""The membership app's published read models: what other apps and the site may read.

Other apps import membership.events (the facts) and this module, never a slice (import
contracts in .importlinter). Member rows are a projection: filled only by its projector.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from membership.members.projection import Member
from membership.streams import member_stream

__all__ = ["Member", "emails_of", "member_stream", "names_of", "organiser_emails"]


def _ids(member_ids: Iterable[UUID | str]) -> set[UUID]:
    return {m if isinstance(m, UUID) else UUID(str(m)) for m in member_ids}


def names_of(member_ids: Iterable[UUID | str]) -> dict[UUID, str]:
    """Display names by member id (one query; members that do not exist are left out)."""
    ids = _ids(member_ids)
    return dict(Member.objects.filter(member_id__in=ids).values_list("member_id", "display_name")) if ids else {}


def emails_of(member_ids: Iterable[UUID | str]) -> dict[UUID, str]:
    """Primary email addresses by member id (one query): the address the member last made
    primary on the account pages. Former members (erased) have none and are left out."""
    ids = _ids(member_ids)
    if not ids:
        return {}
    return dict(_mailable().filter(member_id__in=ids).values_list("member_id", "email"))


def organiser_emails() -> dict[UUID, str]:
    return dict(_mailable().filter(is_organiser=True).values_list("member_id", "email"))


def _mailable():
    return Member.objects.filter(erased=False).exclude(email="")
