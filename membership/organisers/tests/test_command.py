import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from eventstore.store import event_store
from membership.events import OrganiserAppointed, OrganiserStoodDown
from membership.join.command import sign_up
from membership.members.projection import Member
from membership.streams import member_stream


@pytest.mark.django_db(transaction=True)
def test_appointing_an_organiser_gives_staff_rights_and_records_who_did_it():
    ann = sign_up(email="ann@example.com", password="pw-ann-12345")
    call_command("appoint_organiser", "ann@example.com")

    ann.refresh_from_db()
    assert ann.is_staff is True
    assert Member.objects.get(user_id=ann.pk).is_organiser is True
    assert event_store().load(member_stream(ann.pk))[-1] == OrganiserAppointed(appointed_by="manage.py")

    call_command("appoint_organiser", "ann@example.com", "--stand-down")
    ann.refresh_from_db()
    assert (ann.is_staff, Member.objects.get(user_id=ann.pk).is_organiser) == (False, False)
    assert event_store().load(member_stream(ann.pk))[-1] == OrganiserStoodDown(stood_down_by="manage.py")


@pytest.mark.django_db(transaction=True)
def test_appointing_twice_is_refused_with_a_message_and_appends_nothing():
    sign_up(email="ann@example.com", password="pw-ann-12345", display_name="Ann")
    call_command("appoint_organiser", "ann@example.com")
    count = event_store().max_notification_id()
    with pytest.raises(CommandError, match="Ann is already an organiser."):
        call_command("appoint_organiser", "ann@example.com")
    assert event_store().max_notification_id() == count


@pytest.mark.django_db
def test_an_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No member with the email nobody@example.com."):
        call_command("appoint_organiser", "nobody@example.com")


@pytest.mark.django_db(transaction=True)
def test_migrating_gives_an_existing_organisers_group_the_permissions_of_this_release():
    from django.contrib.auth.models import Group  # imported in the test: Django is set up by then

    ann = sign_up(email="ann@example.com", password="pw-ann-12345", display_name="Ann")
    call_command("appoint_organiser", "ann@example.com")
    group = Group.objects.get(name="Organisers")
    group.permissions.clear()  # as if appointed before this release's permissions existed

    call_command("migrate", verbosity=0)

    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"view_outboxmessage", "change_outboxmessage", "change_meetuplisting", "view_member"} <= codenames
    ann.refresh_from_db()
    assert ann.has_perm("eventstore.view_outboxmessage")
