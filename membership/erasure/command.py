"""Erasing a member (/members/me/delete/, and the admin's delete of a user).

In one transaction: `MemberErased` is appended to the member's stream and their key is
destroyed (eventstore/personal.py), so every personal field of every event about them,
wherever it is in the log, reads as "Former member" (or empty) from now on; their user
account goes (allauth's addresses with it); what is personal outside the log is removed:
their mail in the outbox (and their name or address in anyone else's), their sessions,
the admin's log lines about them. After the commit, the projections that hold personal
data are rebuilt from the log, so they show "Former member" too (the search index of the
archive with them). The log itself is never edited: it stays append-only and replays.
docs/decisions/0013-crypto-shredding.md.
"""

from __future__ import annotations

import re
from uuid import UUID

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Q

from eventstore import consumers, idempotency
from eventstore.events import Event
from eventstore.outbox import OutboxMessage
from eventstore.personal import FORMER_MEMBER, personal_fields
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store, execute
from membership.errors import MemberAlreadyErased, NotAMember
from membership.events import MemberErased
from membership.state import MemberState
from membership.streams import member_stream


def decide_erase(history: list[Event], *, by: str, keep_name_on_talks: bool = False) -> list[Event]:
    """Refuses an account that never joined, and a member erased already."""
    member = MemberState.fold(history)
    if not member.joined:
        raise NotAMember
    if member.erased:
        raise MemberAlreadyErased
    return [MemberErased(by=by, kept_name_on_talks=member.display_name if keep_name_on_talks else "")]


def erase_member(*, user_id: int, by: str, keep_name_on_talks: bool = False) -> UUID:
    """Erase the member of account `user_id`; returns their member id."""
    stream = member_stream(user_id)
    store = event_store()
    with transaction.atomic():
        history = store.load(stream)
        member = MemberState.fold(history)
        name, addresses = member.display_name, set(member.emails) | {member.email}
        execute(stream, lambda h: decide_erase(h, by=by, keep_name_on_talks=keep_name_on_talks))
        store.keys.destroy(stream)
        user = get_user_model().objects.filter(pk=user_id).first()
        if user is not None:
            addresses |= _allauth_addresses(user) | {user.email}
        addresses.discard("")
        _forget_outside_the_log(user_id, name=name, addresses=addresses)
        if user is not None:
            user.delete()
    # Decoded histories in this process hold what the key opened.
    store.histories.clear()
    for projection in projections_with_personal_data():
        rebuild(projection)
    _compact()
    return stream


def _compact() -> None:
    """SQLite keeps deleted rows in free pages and in its WAL until they are reused: VACUUM
    and a checkpoint leave no copy of what was erased in the database files. (PostgreSQL's
    dead rows are never in a dump and are reclaimed by autovacuum.)"""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return  # inside a caller's transaction (tests): VACUUM cannot run there
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def projections_with_personal_data() -> list[Projection]:
    return [p for p in consumers.registered(Projection) if any(personal_fields(e) for e in p.events)]


def _allauth_addresses(user) -> set[str]:
    # allauth's models need the app registry: this module is imported while URLs load, before it is ready in scripts.
    from allauth.account.models import EmailAddress

    return set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))


def _mentions(texts: set[str]) -> re.Pattern[str] | None:
    words = [re.escape(t) for t in sorted(texts, key=len, reverse=True) if t and t != FORMER_MEMBER]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None


def _forget_outside_the_log(user_id: int, *, name: str, addresses: set[str]) -> None:
    # Their own mail: gone, sent or not.
    OutboxMessage.objects.filter(to__in=addresses).delete()
    for address in addresses:
        OutboxMessage.objects.filter(to__iexact=address).delete()
    # Anyone else's mail that names them: the name and addresses become "Former member".
    pattern = _mentions({name, *addresses})
    if pattern is not None:
        query = Q()
        for text in {name, *addresses} - {"", FORMER_MEMBER}:
            query |= Q(subject__icontains=text) | Q(body__icontains=text) | Q(html__icontains=text)
        for message in OutboxMessage.objects.filter(query):
            message.subject = pattern.sub(FORMER_MEMBER, message.subject)
            message.body = pattern.sub(FORMER_MEMBER, message.body)
            message.html = pattern.sub(FORMER_MEMBER, message.html)
            message.save(update_fields=["subject", "body", "html"])
    _forget_sessions(user_id)
    _forget_admin_log(user_id, pattern)
    # The answers kept for forms they (or anyone, about them) sent: eventstore/idempotency.py.
    idempotency.forget_user(user_id, mentions={name, *addresses} - {FORMER_MEMBER})


def _forget_sessions(user_id: int) -> None:
    # Only when sessions are kept in the database (the default here).
    from django.contrib.sessions.models import Session  # needs the app registry (see _allauth_addresses)

    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id", "")) == str(user_id):
            session.delete()


def _forget_admin_log(user_id: int, pattern: re.Pattern[str] | None) -> None:
    from django.contrib.admin.models import LogEntry  # needs the app registry (see _allauth_addresses)
    from django.contrib.contenttypes.models import ContentType  # (same)

    user_type = ContentType.objects.get_for_model(get_user_model())
    LogEntry.objects.filter(content_type=user_type, object_id=str(user_id)).delete()
    if pattern is None:
        return
    for entry in LogEntry.objects.all().iterator():
        if pattern.search(entry.object_repr or "") or pattern.search(str(entry.change_message or "")):
            entry.delete()
