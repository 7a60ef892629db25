"""The proposals projection, kept up to date command by command, equals a fresh rebuild
from the log after a mixed history."""

from datetime import timedelta

from django.utils import timezone

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild
from meetups.read_models import MeetupListing
from meetups.testing import make_meetup
from membership.testing import make_member
from talks.agenda.command import move_talk, schedule_talk
from talks.confirm.command import confirm_talk
from talks.cospeakers.command import answer_invitation, invite_co_speaker
from talks.meetup_agenda import take_out_talk
from talks.proposals.projection import TalkProposal, TalkSpeaker
from talks.propose.command import ProposalContent, edit_proposal
from talks.review.command import decide_on_proposal, review_proposal
from talks.testing import make_proposal
from talks.undo.command import undo_decision
from talks.withdraw.command import withdraw_proposal


def rows():
    return (
        list(TalkProposal.objects.order_by("proposal_id").values()),
        sorted(TalkSpeaker.objects.values_list("proposal_id", "member_id", "position")),
    )


def test_a_rebuild_gives_the_same_rows_as_the_commands_did(db):
    olivia, bob = make_member("Olivia", organiser=True), make_member("Bob", organiser=True)
    ann, cat, dan = make_member("Ann"), make_member("Cat"), make_member("Dan")
    make_meetup("december")
    make_meetup("january", starts_in=timedelta(days=40))
    december, january = MeetupListing.objects.get(slug="december"), MeetupListing.objects.get(slug="january")

    fixtures = make_proposal(ann, title="Fixtures")
    edit_proposal(proposal_id=fixtures, by=ann.member_id, content=ProposalContent("Fixtures, all the way down", "New *abstract*", "long", "advanced", ["january"], "Tuesdays"))
    invite_co_speaker(proposal_id=fixtures, by=ann.member_id, member_id=cat.member_id)
    answer_invitation(proposal_id=fixtures, member_id=cat.member_id, accept=True)
    invite_co_speaker(proposal_id=fixtures, by=ann.member_id, member_id=dan.member_id)
    answer_invitation(proposal_id=fixtures, member_id=dan.member_id, accept=False)
    review_proposal(proposal_id=fixtures, reviewer_id=olivia.member_id, score=2, comment="Long")
    review_proposal(proposal_id=fixtures, reviewer_id=bob.member_id, score=5, comment="Yes")
    review_proposal(proposal_id=fixtures, reviewer_id=olivia.member_id, score=4, comment="Better now")
    decide_on_proposal(proposal_id=fixtures, decision="accept", message="Welcome", by=olivia.member_id)
    confirm_talk(proposal_id=fixtures, by=cat.member_id)
    schedule_talk(slug="december", talk_id=fixtures, starts_at=december.starts_at, minutes=None, by="test")
    move_talk(from_slug="december", to_slug="january", talk_id=fixtures, starts_at=january.starts_at, minutes=40, by="test")

    plotting = make_proposal(cat, title="Plotting", status="accepted", organiser=olivia)
    schedule_talk(slug="december", talk_id=plotting, starts_at=december.starts_at, minutes=15, by="test")
    take_out_talk(slug="december", talk_id=plotting, by="test")

    lightning = make_proposal(dan, title="Lightning", status="confirmed", organiser=olivia, format="lightning")
    schedule_talk(slug="december", talk_id=lightning, starts_at=december.starts_at + timedelta(minutes=30), minutes=None, by="test")
    withdraw_proposal(proposal_id=lightning, by=dan.member_id, scheduled_at="december")

    later = make_proposal(ann, title="Later", status="kept_for_later", organiser=bob)
    declined = make_proposal(dan, title="Perl", status="declined", organiser=bob)
    accepted_then_declined = make_proposal(cat, title="Changed our mind", status="accepted", organiser=olivia)
    schedule_talk(slug="december", talk_id=accepted_then_declined, starts_at=december.starts_at + timedelta(minutes=60), minutes=None, by="test")
    decide_on_proposal(proposal_id=accepted_then_declined, decision="decline", message="Sorry", by=olivia.member_id, scheduled_at="december")

    undone = make_proposal(cat, title="Undone", status="kept_for_later", organiser=bob)
    decide_on_proposal(proposal_id=undone, decision="accept", message="Yes", by=bob.member_id)
    undo_decision(proposal_id=undone, version=3, by=bob.member_id, now=timezone.now())  # kept for later again

    incremental = rows()
    by_id = {row["proposal_id"]: row for row in incremental[0]}
    assert {k: by_id[fixtures][k] for k in ("title", "status", "speaker_ids", "invited_ids", "reviews", "review_count", "score_mean", "score_median", "meetup_id", "slot_minutes")} == {
        "title": "Fixtures, all the way down", "status": "confirmed",
        "speaker_ids": [str(ann.member_id), str(cat.member_id)], "invited_ids": [],
        "reviews": {str(olivia.member_id): [4, "Better now"], str(bob.member_id): [5, "Yes"]},
        "review_count": 2, "score_mean": 4.5, "score_median": 4.5, "meetup_id": january.stream_id, "slot_minutes": 40,
    }
    shown = (plotting, lightning, later, declined, accepted_then_declined, undone)
    assert [(by_id[p]["status"], by_id[p]["meetup_id"]) for p in shown] == [
        ("accepted", None), ("withdrawn", None), ("kept_for_later", None), ("declined", None), ("declined", None),
        ("kept_for_later", None),
    ]

    rebuild(consumers.get(Projection, "proposals"))
    assert rows() == incremental
