"""The roster projector works a page at a time in memory: the rows must be the same however
the log falls into pages (one event a page, as inline; a whole rebuild page; anything
between), and the waitlist positions those the meetup's own fold gives."""

import random
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from django.db import transaction

from eventstore import bulk
from meetups.checkin.command import decide_check_in
from meetups.meetup import Meetup
from meetups.roster.projection import (
    CANCELLED,
    GOING,
    REMOVED,
    WAITLISTED,
    RosterEntry,
    RosterProjection,
)
from meetups.rsvp.command import decide_cancel_rsvp, decide_going_list, decide_rsvp
from meetups.schedule.command import MeetupPlan, decide_schedule
from meetups.seats.command import decide_promote_by_hand, decide_remove_rsvp

MEETUP = UUID(int=1)
STARTS = datetime(2026, 6, 16, 21, 45, tzinfo=UTC)


def history_and_page(seed: int) -> tuple[list, list]:
    """A meetup with 6 seats and 20 members doing everything in turn, through the decisions."""
    rng = random.Random(seed)
    history: list = []

    def record(new, when):
        for event in new:
            history.append(event.__class__(**{**event.__dict__, "originator_id": MEETUP,
                                              "originator_version": len(history) + 1, "timestamp": when}))

    opened = STARTS - timedelta(days=20)
    plan = MeetupPlan(title="Night", description="", starts_at=STARTS, ends_at=STARTS + timedelta(hours=2),
                      venue_name="Library", venue_address="Main St", capacity=6)
    record(decide_schedule([], slug="night", plan=plan, by="organiser", now=opened), opened)
    members = [UUID(int=100 + i) for i in range(20)]
    for step in range(160):
        when = opened + timedelta(hours=step + 1)
        member = rng.choice(members)
        m = Meetup.fold(history)
        try:
            if member not in m.going and member not in m.waitlist:
                record(decide_rsvp(history, member_id=member, now=when, on_going_list=rng.random() < 0.8), when)
            else:
                action = rng.choice(["cancel", "cancel", "remove", "promote", "list", "checkin"])
                if action == "cancel":
                    record(decide_cancel_rsvp(history, member_id=member, now=when), when)
                elif action == "remove":
                    record(decide_remove_rsvp(history, member_id=member, reason="spam", by="organiser"), when)
                elif action == "promote" and member in m.waitlist:
                    record(decide_promote_by_hand(history, member_id=member, by="organiser"), when)
                elif action == "list":
                    record(decide_going_list(history, member_id=member, shown=rng.random() < 0.5), when)
                elif action == "checkin" and member in m.going:
                    record(decide_check_in(history, member_id=member, attended=rng.random() < 0.7, by="o", now=when), when)
        except Exception:  # noqa: BLE001, S112 - a refused decision (the rules said no): try another
            continue
    page = [(n, ev) for n, ev in enumerate(history, start=1) if type(ev) in RosterProjection.events]
    return history, page


def rows() -> list[dict]:
    return [{k: v for k, v in r.items() if k != "id"} for r in RosterEntry.objects.order_by("member_id").values()]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rows_are_the_same_for_any_page_size_and_match_the_fold(seed):
    history, page = history_and_page(seed)
    projection = RosterProjection()
    results = []
    for size in (1, 3, 17, len(page)):
        projection.wipe("default")
        for start in range(0, len(page), size):
            projection.apply(page[start : start + size], "default")
        results.append(rows())
    assert all(r == results[0] for r in results[1:])

    m = Meetup.fold(history)
    by_member = {r["member_id"]: r for r in results[0]}
    assert [r["member_id"] for r in sorted((r for r in results[0] if r["status"] == WAITLISTED),
                                           key=lambda r: r["waitlist_position"])] == m.waitlist
    assert [r["waitlist_position"] for r in results[0] if r["status"] == WAITLISTED] and sorted(
        r["waitlist_position"] for r in results[0] if r["status"] == WAITLISTED) == list(range(1, len(m.waitlist) + 1))
    assert {k for k, r in by_member.items() if r["status"] == GOING} == set(m.going)
    assert all(r["waitlist_position"] is None for r in results[0] if r["status"] in (GOING, CANCELLED, REMOVED))


@pytest.mark.django_db
def test_new_rows_go_in_without_the_orm_and_equal_what_bulk_create_writes(monkeypatch):
    """The roster's new rows take write_rows' fast path (read_back_ids=False: the database
    numbers them) and hold what bulk_create would write."""
    def entries():
        return [RosterEntry(meetup_id=MEETUP, member_id=UUID(int=500 + i), status=WAITLISTED if i % 2 else GOING,
                            rsvp_number=i + 1, waitlist_position=i if i % 2 else None, attended=i % 3 == 0,
                            rsvped_at=STARTS - timedelta(days=i), changed_at=STARTS, note=f"n'{i}\"", on_going_list=i != 2)
                for i in range(5)]

    with transaction.atomic():
        RosterEntry.objects.bulk_create(entries())
        expected = rows()
        transaction.set_rollback(True)

    def refuse(*args, **kwargs):
        raise AssertionError("write_rows fell back to the ORM")

    monkeypatch.setattr(bulk, "_write_rows_with_orm", refuse)
    written = entries()
    bulk.write_rows(RosterEntry, written, using="default", read_back_ids=False)
    assert rows() == expected and len(expected) == 5
    assert all(r.pk is None for r in written)
    assert len(set(RosterEntry.objects.values_list("id", flat=True))) == 5
