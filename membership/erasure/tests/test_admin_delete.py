"""The admin's delete of a user erases the member through the command."""

from __future__ import annotations

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from eventstore.personal import FORMER_MEMBER
from eventstore.store import event_store
from membership.events import MemberErased
from membership.members.projection import Member
from membership.streams import member_stream


def superuser():
    return get_user_model().objects.create_superuser("root@example.com", "root@example.com", "pw-root-12345")


def test_deleting_a_user_in_the_admin_erases_the_member(client, ann):
    admin_user = superuser()
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_user_delete", args=[ann.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=ann.pk).exists()
    member = Member.objects.get(member_id=ann.member_id)
    assert (member.display_name, member.email, member.erased) == (FORMER_MEMBER, "", True)
    assert event_store().load(ann.member_id)[-1] == MemberErased(by=str(member_stream(admin_user.pk)))
    assert event_store().keys.for_writing(ann.member_id) is None  # destroyed, and never made again
    # The admin logs the deletion (with the address as the object's name) before deleting: gone too.
    assert not LogEntry.objects.filter(object_repr__icontains="ann@example.com").exists()


def test_the_bulk_delete_action_erases_each_member(client, ann, bob):
    client.force_login(superuser())
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [ann.pk, bob.pk], "post": "yes"},
    )
    assert list(Member.objects.filter(erased=True).order_by("user_id").values_list("user_id", flat=True)) == [ann.pk, bob.pk]
    assert not get_user_model().objects.filter(pk__in=[ann.pk, bob.pk]).exists()


def test_a_user_who_never_joined_is_simply_deleted(client, db):
    root = superuser()
    other = get_user_model().objects.create_user("x@example.com", "x@example.com", "pw-x-123456789")
    client.force_login(root)
    client.post(reverse("admin:auth_user_delete", args=[other.pk]), {"post": "yes"})
    assert not get_user_model().objects.filter(pk=other.pk).exists()
