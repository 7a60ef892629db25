import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from community.eventstore.models import StoredEventRecord
from community.eventstore.store import event_store
from membership.events import OrganiserAppointed, OrganiserStoodDown
from community.meetups.listing.projection import MeetupListing
from community.meetups.seed import MEETUPS
from membership.join.command import sign_up
from membership.seed import MEMBERS
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
    count = StoredEventRecord.objects.count()
    with pytest.raises(CommandError, match="Ann is already an organiser."):
        call_command("appoint_organiser", "ann@example.com")
    assert StoredEventRecord.objects.count() == count


@pytest.mark.django_db
def test_an_unknown_email_is_a_clear_error():
    with pytest.raises(CommandError, match="No member with the email nobody@example.com."):
        call_command("appoint_organiser", "nobody@example.com")


@pytest.mark.django_db(transaction=True)
def test_seed_demo_is_events_and_running_it_twice_adds_nothing(capsys):
    call_command("seed_demo")
    events = StoredEventRecord.objects.count()
    users = get_user_model().objects.count()
    call_command("seed_demo")

    assert StoredEventRecord.objects.count() == events
    assert get_user_model().objects.count() == users == Member.objects.count() == len(MEMBERS) + 1
    organiser = get_user_model().objects.get(email="organiser@example.com")
    assert organiser.is_staff and Member.objects.get(user_id=organiser.pk).is_organiser
    assert "Organiser demo login: organiser@example.com / convene-demo-2026" in capsys.readouterr().out
    # Every state a newcomer should see: past with attendance, seats left, full with a waitlist.
    meetups = {m.slug: m for m in MeetupListing.objects.all()}
    assert len(meetups) == len(MEETUPS) + 12  # and twelve past talk nights for the archive
    assert meetups["testing-with-pytest"].is_past and meetups["testing-with-pytest"].attended_count == 17
    assert (meetups["djangonauts-night"].seats_left, meetups["djangonauts-night"].waitlist_count) == (34, 0)
    assert (meetups["lightning-talks"].seats_left, meetups["lightning-talks"].waitlist_count) == (0, 4)
    # Talks in every state, some on agendas of past and upcoming meetups.
    from talks.proposals.projection import TalkProposal
    from django.utils import timezone

    from talks.archive.projection import ArchiveEntry
    from talks.seed import ARCHIVE_TALKS, TALKS

    statuses = set(TalkProposal.objects.values_list("status", flat=True))
    assert statuses == {"submitted", "kept_for_later", "accepted", "confirmed", "declined", "withdrawn"}
    assert TalkProposal.objects.count() == len(TALKS) + len(ARCHIVE_TALKS)
    on_agenda = TalkProposal.objects.filter(meetup_id__isnull=False)
    assert on_agenda.filter(review_count__gte=2).count() == 8
    # The archive: a few dozen past talks with resources and tags.
    past = ArchiveEntry.objects.filter(listed=True, starts_at__lt=timezone.now())
    assert past.count() == len(ARCHIVE_TALKS) + 6
    assert past.exclude(resources=[]).count() == len(ARCHIVE_TALKS)
    assert past.exclude(tags=[]).count() == len(ARCHIVE_TALKS)
