"""The members projection: exact rows from events, and a rebuild equal to the
incremental result."""

import pytest
from django.core.management import call_command

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from membership.events import ProfileUpdated
from membership.join.command import sign_up
from membership.members.projection import Member
from membership.organisers.command import appoint_organiser
from membership.profile.command import UpdateProfile, update_profile
from membership.streams import member_stream


def rows():
    return list(Member.objects.order_by("member_id").values())


@pytest.mark.django_db(transaction=True)
def test_rows_follow_the_events():
    ann = sign_up(email="ann@example.com", password="pw-ann-12345", display_name="Ann")
    update_profile(user_id=ann.pk, command=UpdateProfile("Ann B", "Bio", ["https://a.example"]))
    appoint_organiser(user_id=ann.pk, by="test")

    member = Member.objects.get()
    assert (member.member_id, member.user_id, member.email) == (member_stream(ann.pk), ann.pk, "ann@example.com")
    assert (member.display_name, member.bio, member.links, member.is_organiser, member.version) == (
        "Ann B", "Bio", ["https://a.example"], True, 3
    )
    history = event_store().load(member_stream(ann.pk))
    assert member.joined_at == history[0].timestamp
    assert member.updated_at == history[-1].timestamp


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_equals_the_incremental_result():
    for i in range(12):
        user = sign_up(email=f"m{i}@example.com", password="pw-member-123", display_name=f"M{i}")
        if i % 2:
            update_profile(user_id=user.pk, command=UpdateProfile(f"Member {i}", "x" * i, []))
        if i % 5 == 0:
            appoint_organiser(user_id=user.pk, by="test")
    incremental = rows()
    position = event_store().tracking.position("members").notification_id

    applied = rebuild(consumers.get(Projection, "members"), page_size=5)

    assert rows() == incremental
    assert applied == len(event_store().read(limit=100)) == 21
    assert event_store().tracking.position("members").notification_id == position == event_store().max_notification_id()


@pytest.mark.django_db(transaction=True)
def test_the_worker_catches_up_events_appended_without_projecting():
    ann = sign_up(email="ann@example.com", password="pw-ann-12345", display_name="Ann")
    history = event_store().load(member_stream(ann.pk))
    # An import that skips inline projection (project=False) leaves the row behind...
    event_store().append(
        member_stream(ann.pk),
        [ProfileUpdated(display_name="Ann Imported", bio="", links=[])],
        after_version=len(history),
        project=False,
    )
    assert Member.objects.get().display_name == "Ann"
    # ...until run_projections catches it up.
    call_command("run_worker", "--once")
    assert Member.objects.get().display_name == "Ann Imported"
