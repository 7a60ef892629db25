"""Sealing the personal fields that releases before crypto-shredding stored in the clear
(the log's version 1 payloads) under their person's key: the log's version 2.

Run by migration eventstore 0004 (and `manage.py reseal_personal_data`, idempotent, for a
backup restored from before it). Each stored event of a class with personal fields whose
payload has no sealed value is read with the mapper (as it always could be) and written
back sealed, in place: same id, stream, version, topic and meaning; only the encoding of
its personal fields changes. Why it is done in place rather than by copying the log:
docs/decisions/0013-crypto-shredding.md; run once more by meetups' migration 0007 for
`RsvpRemoved.reason`, sealed since docs/decisions/0018.
After the rewrite the old payloads are gone from the table, but not yet from the
database's free pages: SQLite is VACUUMed and PostgreSQL's table VACUUM FULL-ed (outside
the transaction), so no copy of the clear text remains on disk.
"""

from __future__ import annotations

import json

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from eventsourcing.utils import resolve_topic

from eventstore.personal import SEALED, personal_fields
from eventstore.store import event_store

PAGE = 500


def _topics_with_personal_data(using: str) -> list[str]:
    store = event_store(using)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT topic FROM {store.recorder.table}")
        topics = [row[0] for row in cursor.fetchall()]
    found = []
    for topic in topics:
        try:
            cls = resolve_topic(topic)
        except Exception:  # a topic of a class no longer in the code (the tests' own events)
            continue
        if personal_fields(cls) is not None:
            found.append(topic)
    return found


def reseal(using: str = DEFAULT_DB_ALIAS) -> int:
    """Seal every clear personal field in the log; returns how many events were rewritten."""
    store = event_store(using)
    if not store.mapper.encrypt:
        return 0
    topics = _topics_with_personal_data(using)
    if not topics:
        return 0
    rewritten = 0
    with transaction.atomic(using=using):
        after = 0
        while page := store.recorder.select_notifications(after, PAGE, topics=topics, inclusive_of_start=False):
            changed = []
            for notification in page:
                if SEALED in json.loads(notification.state):
                    continue
                event = store.mapper.to_domain_event(notification)
                changed.append((notification.id, store.mapper.to_stored_event(event).state))
            store.recorder.rewrite_states(changed)
            rewritten += len(changed)
            after = page[-1].id
    store.histories.clear()
    if rewritten:
        _vacuum(using)
    return rewritten


def _vacuum(using: str) -> None:
    connection = connections[using]
    if connection.in_atomic_block:
        return  # a caller's transaction (the tests): VACUUM cannot run inside one
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
        else:
            cursor.execute(f"VACUUM FULL {event_store(using).recorder.table}")
