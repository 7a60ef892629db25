"""Events written before crypto-shredding (personal fields in the clear) are sealed by the
migration's reseal; they load the same, and erasure then shreds them too."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import connection

from eventstore.personal import FORMER_MEMBER
from eventstore.reseal import reseal
from eventstore.store import event_store
from membership.erasure.command import erase_member
from membership.events import MemberJoined, ProfileUpdated
from membership.testing import UpdateProfile, make_member, update_profile

pytestmark = pytest.mark.django_db(transaction=True)

BIO = "Collects vintage slide rules"


@contextmanager
def as_an_older_release():
    mapper = event_store().mapper
    mapper.encrypt = False
    try:
        yield
    finally:
        mapper.encrypt = True


def stored_payloads() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT state FROM eventstore_events")  # the test reads the table itself, to see what is on disk
        return "\n".join(row[0] or "" for row in cursor.fetchall())


def test_clear_personal_fields_are_sealed_and_load_the_same():
    with as_an_older_release():
        ann = make_member("Ann")
        update_profile(user_id=ann.pk, command=UpdateProfile(display_name="Ann Old", bio=BIO, links=[]))
    assert BIO in stored_payloads() and "ann@example.com" in stored_payloads()
    event_store().histories.clear()
    before = event_store().load(ann.member_id)

    assert reseal() == 2
    assert BIO not in stored_payloads() and "ann@example.com" not in stored_payloads()
    event_store().histories.clear()
    after = event_store().load(ann.member_id)
    assert after == before
    assert [(e.originator_version, e.timestamp) for e in after] == [(e.originator_version, e.timestamp) for e in before]
    assert reseal() == 0  # idempotent

    erase_member(user_id=ann.pk, by="member")
    joined, profile, _ = event_store().load(ann.member_id)
    assert isinstance(joined, MemberJoined) and (joined.display_name, joined.email) == (FORMER_MEMBER, "")
    assert isinstance(profile, ProfileUpdated) and (profile.display_name, profile.bio) == (FORMER_MEMBER, "")
