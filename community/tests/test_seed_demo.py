"""Demo data (`manage.py seed_demo`): events through the commands, every state a
newcomer should see, idempotent, and no mail to the demo members' fictional addresses."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from community.demo import ARCHIVE_TALKS
from eventstore.outbox import OutboxMessage
from eventstore.store import event_store
from meetups.read_models import MeetupListing
from meetups.seed import MEETUPS
from membership.read_models import Member
from membership.seed import MEMBERS
from talks.archive.projection import ArchiveEntry
from talks.proposals.projection import TalkProposal
from talks.seed import TALKS


@pytest.mark.django_db(transaction=True)
def test_seed_demo_is_events_and_running_it_twice_adds_nothing(capsys):
    call_command("seed_demo")
    events = event_store().max_notification_id()
    users = get_user_model().objects.count()
    call_command("seed_demo")

    assert event_store().max_notification_id() == events
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
    # The demo members' addresses are fictional: nothing for them waits in the outbox,
    # and the worker sends nothing.
    assert OutboxMessage.objects.filter(status=OutboxMessage.PENDING).count() == 0
    mail.outbox.clear()
    call_command("run_worker", "--once")
    assert mail.outbox == []


# -- production: the published demo password never reaches a live site ------------------------
@pytest.mark.django_db(transaction=True)
def test_seed_demo_refuses_in_production(settings):
    from django.core.management.base import CommandError  # only these tests expect a refusal

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refuses to run in production"):
        call_command("seed_demo")
    assert get_user_model().objects.count() == 0
    for password in (None, "convene-demo-2026", "short"):
        with pytest.raises(CommandError, match="organiser-password"):
            call_command("seed_demo", "--force-production", *(["--organiser-password", password] if password else []))
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_forced_in_production_every_demo_account_gets_the_new_password(settings, capsys):
    settings.PRODUCTION = True
    call_command("seed_demo", "--force-production", "--organiser-password", "a-new-staging-secret-42")
    organiser = get_user_model().objects.get(email="organiser@example.com")
    assert organiser.check_password("a-new-staging-secret-42") and not organiser.check_password("convene-demo-2026")
    assert not any(u.check_password("convene-demo-2026") for u in get_user_model().objects.all())
    assert "convene-demo-2026" not in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_demo_group_meets_as_pyrva_does_on_the_third_tuesday_at_5_45_pm():
    call_command("seed_demo")
    starts = [timezone.localtime(m.starts_at) for m in MeetupListing.objects.order_by("starts_at")]
    assert len(starts) == len(MEETUPS) + 12
    for start in starts:  # never a holiday, never "(full!)": an ordinary talk night
        assert (start.weekday(), 15 <= start.day <= 21, start.hour, start.minute) == (1, True, 17, 45), start
    months = [(s.year, s.month) for s in starts]
    assert len(set(months)) == len(months)  # one talk night a month
    upcoming = [s for s in starts if s > timezone.now()]
    assert len(upcoming) == 3 and upcoming[0] - timezone.now() < timedelta(days=32)
    assert not MeetupListing.objects.filter(title__contains="full").exists()
