"""A member's data rights, end to end: the export holds everything about them; erasure
leaves nothing of their name, addresses, bio or abstract anywhere in the database (the
SQLite file and its WAL after a checkpoint and VACUUM; pg_dump on PostgreSQL), while the
log replays and rebuilds to the same counts."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from eventstore import consumers
from eventstore.outbox import OutboxMessage
from eventstore.personal import FORMER_MEMBER
from eventstore.projections import Projection
from eventstore.runner import rebuild
from eventstore.store import event_store
from eventstore.testing import run_automations
from meetups.checkin.command import check_in
from meetups.read_models import MeetupListing, RosterEntry
from meetups.rsvp.command import rsvp
from meetups.seats.command import remove_rsvp
from meetups.streams import meetup_stream
from meetups.testing import make_meetup
from membership.emails.command import record_addresses_of
from membership.read_models import Member, emails_of, names_of
from membership.testing import UpdateProfile, make_member, update_profile
from talks.agenda.command import schedule_talk
from talks.archive.projection import ArchiveEntry
from talks.cospeakers.command import invite_co_speaker
from talks.review.command import review_proposal
from talks.testing import make_proposal

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Zelda Quixotic"
EMAIL = "zelda.quixotic@example.org"
SECOND_EMAIL = "zq-second@example.net"
BIO = "Juggles flaming pythons on weekends"
ABSTRACT = "Metaclass necromancy explained for curious beginners"
REMOVAL_REASON = "Zelda phoned to say her train is cancelled"  # an organiser's words about her
SECRETS = [NAME, EMAIL, SECOND_EMAIL, BIO, ABSTRACT, REMOVAL_REASON]


@pytest.fixture
def zelda(olivia):
    zelda = make_member("Zelda", public=True)
    get_user_model().objects.filter(pk=zelda.pk).update(email=EMAIL, username=EMAIL)
    EmailAddress.objects.filter(user=zelda).update(email=EMAIL)
    EmailAddress.objects.create(user=zelda, email=SECOND_EMAIL, verified=False, primary=False)
    zelda.refresh_from_db()
    record_addresses_of(zelda)
    EmailAddress.objects.filter(user=zelda).update(primary=False)
    EmailAddress.objects.filter(user=zelda, email=EMAIL).update(primary=True)
    record_addresses_of(zelda)
    update_profile(user_id=zelda.pk, command=UpdateProfile(display_name=NAME, bio=BIO, links=["https://zelda.example.org"]))
    bob = make_member("Bob")
    make_meetup("past", starts_in=timedelta(days=-10), title="Past talk night", capacity=5)
    meetup = MeetupListing.objects.get(slug="past")
    for member in (zelda, bob):
        rsvp(slug="past", member_id=member.member_id, now=meetup.starts_at - timedelta(days=1))
        check_in(slug="past", member_id=member.member_id, attended=True, by="test", now=meetup.starts_at)
    make_meetup("next", starts_in=timedelta(days=10), title="Next talk night", capacity=5)
    rsvp(slug="next", member_id=zelda.member_id, now=timezone.now())
    remove_rsvp(slug="next", member_id=zelda.member_id, reason=REMOVAL_REASON, by=str(olivia.member_id))
    talk = make_proposal(zelda, title="A talk that stays", abstract=ABSTRACT, status="confirmed", organiser=olivia)
    review_proposal(proposal_id=talk, reviewer_id=olivia.member_id, score=4, comment="Organisers only: solid.")
    invite_co_speaker(proposal_id=talk, by=zelda.member_id, member_id=bob.member_id)
    schedule_talk(slug="past", talk_id=talk, starts_at=meetup.starts_at, minutes=30, by="test")
    run_automations()  # the invitation mail to Bob names Zelda
    zelda.talk_id, zelda.bob = talk, bob
    return zelda


def counts() -> dict[str, int]:
    return {
        "events": len(event_store().read(limit=100_000)),  # every event of the log loads
        "members": Member.objects.count(),
        "attended": RosterEntry.objects.filter(attended=True).count(),
        "roster": RosterEntry.objects.count(),
        "archive listed": ArchiveEntry.objects.filter(listed=True).count(),
    }


def test_the_export_holds_everything_about_the_member(client, zelda):
    client.force_login(zelda)
    response = client.get(reverse("my-data-export"))
    assert response.status_code == 200 and response["Content-Disposition"] == 'attachment; filename="convene-my-data.json"'
    raw = response.content.decode()
    for secret in SECRETS:
        assert secret in raw
    data = json.loads(raw)
    assert data["profile"]["display_name"] == NAME and data["profile"]["bio"] == BIO and data["profile"]["email"] == EMAIL
    assert sorted(a["email"] for a in data["email_addresses"]) == sorted([EMAIL, SECOND_EMAIL])
    assert data["meetups"] == [
        {"meetup": "next", "title": "Next talk night", "starts_at": data["meetups"][0]["starts_at"], "outcome": "removed"},
        {"meetup": "past", "title": "Past talk night", "starts_at": data["meetups"][1]["starts_at"], "outcome": "attended"},
    ]
    [proposal] = data["proposals"]
    kinds = [e["type"] for e in proposal["events"]]
    assert "ProposalSubmitted" in kinds and "ProposalAccepted" in kinds and "CoSpeakerInvited" in kinds
    assert "ProposalReviewed" not in kinds and "Organisers only" not in raw  # reviews are never shown to speakers
    about = {e["type"] for e in data["events"]}
    assert {"MemberJoined", "ProfileUpdated", "RsvpConfirmed", "AttendanceMarked", "ProposalSubmitted", "EmailAddressAdded"} <= about


def test_the_export_needs_a_login(client, db):
    assert client.get(reverse("my-data-export")).status_code == 302


def _sqlite_bytes() -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(connection.settings_dict["NAME"])
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def _pg_dump() -> bytes:
    s = connection.settings_dict
    command = ["pg_dump", "--no-owner", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"], s["NAME"]]
    return subprocess.run(command, check=True, capture_output=True, env={"PGPASSWORD": s["PASSWORD"] or ""}).stdout


def database_dump() -> bytes:
    return _sqlite_bytes() if connection.vendor == "sqlite" else _pg_dump()


def found(dump: bytes) -> list[str]:
    lowered = dump.lower()
    return [s for s in SECRETS if s.lower().encode() in lowered or s.lower().encode("utf-16-le") in lowered]


def test_after_erasure_the_database_holds_nothing_of_them_and_the_log_still_replays(client, zelda, olivia):
    assert found(database_dump()) == SECRETS  # the test can fail: before erasure it is all there
    before = counts()
    client.force_login(zelda)
    assert client.get(reverse("delete-me")).status_code == 200
    response = client.post(reverse("delete-me"), {"confirm": "on"}, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and your personal data are erased" in response.content.decode()

    assert found(database_dump()) == []
    assert not get_user_model().objects.filter(pk=zelda.pk).exists()
    assert not EmailAddress.objects.filter(email__in=[EMAIL, SECOND_EMAIL]).exists()
    assert not OutboxMessage.objects.filter(to__in=[EMAIL, SECOND_EMAIL]).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(zelda.pk)]
    assert event_store().keys.for_writing(zelda.member_id) is None  # destroyed, and never made again
    assert names_of([zelda.member_id]) == {zelda.member_id: FORMER_MEMBER}
    assert emails_of([zelda.member_id]) == {}
    entry = ArchiveEntry.objects.get(talk_id=zelda.talk_id)
    assert (entry.title, entry.listed, entry.abstract) == ("A talk that stays", True, "")
    assert RosterEntry.objects.get(meetup_id=meetup_stream("next"), member_id=zelda.member_id).note == "Removed"
    assert [s["name"] for s in entry.speakers] == [FORMER_MEMBER]
    invitation = OutboxMessage.objects.get(to="bob@example.com", source__startswith="talks")
    assert invitation.subject == "Former member invites you to co-present “A talk that stays”"

    after = counts()
    assert after == {**before, "events": before["events"] + 1}  # + MemberErased; attendance unchanged
    for projection in consumers.registered(Projection):
        rebuild(projection)
    assert counts() == after
    assert Member.objects.get(member_id=zelda.member_id).display_name == FORMER_MEMBER
    assert found(database_dump()) == []



def test_a_member_may_keep_their_name_on_the_talks_they_gave(client, zelda):
    client.force_login(zelda)
    client.post(reverse("delete-me"), {"confirm": "on", "keep_name_on_talks": "on"})
    entry = ArchiveEntry.objects.get(talk_id=zelda.talk_id)
    assert [s["name"] for s in entry.speakers] == [NAME] and entry.abstract == ""
    assert Member.objects.get(member_id=zelda.member_id).display_name == FORMER_MEMBER


def test_erasure_needs_the_confirmation(client, zelda):
    client.force_login(zelda)
    response = client.post(reverse("delete-me"), {})
    assert response.status_code == 200 and "Please tick the box to confirm." in response.content.decode()
    assert get_user_model().objects.filter(pk=zelda.pk).exists()


def test_an_erased_member_leaves_upcoming_meetups_and_the_next_on_the_waitlist_gets_the_seat(client, zelda):
    make_meetup("upcoming", starts_in=timedelta(days=5), capacity=1)
    dora = make_member("Dora")
    rsvp(slug="upcoming", member_id=zelda.member_id, now=timezone.now())
    rsvp(slug="upcoming", member_id=dora.member_id, now=timezone.now())
    past_attended = RosterEntry.objects.filter(meetup_id=MeetupListing.objects.get(slug="past").pk, attended=True).count()

    client.force_login(zelda)
    client.post(reverse("delete-me"), {"confirm": "on"})
    run_automations()

    upcoming = MeetupListing.objects.get(slug="upcoming").pk
    statuses = dict(RosterEntry.objects.filter(meetup_id=upcoming).values_list("member_id", "status"))
    assert statuses == {zelda.member_id: "removed", dora.member_id: "going"}
    assert RosterEntry.objects.filter(meetup_id=MeetupListing.objects.get(slug="past").pk, attended=True).count() == past_attended == 2
