"""The roster projection: one row per member who ever RSVPed to a meetup, with their
current status, waitlist position and attendance. Feeds the meetup page ("your
status"), the organisers' roster and check-in page, the CSV export and a member's
own history."""

from __future__ import annotations

from uuid import UUID

from django.db import models
from django.db.models import Q

from eventstore.bulk import write_rows
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from meetups import events as e

GOING, WAITLISTED, CANCELLED, REMOVED = "going", "waitlisted", "cancelled", "removed"


class RosterEntry(models.Model):
    """Filled only by RosterProjection."""

    STATUSES = [(GOING, "Going"), (WAITLISTED, "Waitlisted"), (CANCELLED, "Cancelled"), (REMOVED, "Removed")]

    meetup_id = models.UUIDField()
    member_id = models.UUIDField()
    status = models.CharField(max_length=12, choices=STATUSES)
    rsvp_number = models.PositiveIntegerField(help_text="Order of the RSVP (stream version).")
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    attended = models.BooleanField(default=False)
    rsvped_at = models.DateTimeField()
    changed_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True, help_text="Why the status last changed.")
    on_going_list = models.BooleanField(default=True, help_text="Shown on the who's-going list members see.")

    class Meta:
        app_label = "community"
        constraints = [models.UniqueConstraint(fields=["meetup_id", "member_id"], name="roster_one_row_per_member")]
        indexes = [
            models.Index(fields=["meetup_id", "status", "rsvp_number"], name="roster_meetup_status"),
            models.Index(fields=["member_id"], name="roster_member"),
        ]
        ordering = ["rsvp_number"]


PROMOTION_NOTES = {
    "rsvp_cancelled": "Got a seat when someone cancelled",
    "rsvp_removed": "Got a seat when an RSVP was removed",
    "capacity_raised": "Got a seat when the capacity was raised",
    "by_hand": "Given a seat by an organiser",
}


@register
class RosterProjection(Projection):
    name = "roster"
    models = (RosterEntry,)
    events = (
        e.RsvpConfirmed, e.RsvpWaitlisted, e.RsvpCancelled, e.RsvpRemoved, e.WaitlistPromoted,
        e.AttendanceMarked, e.AttendanceUnmarked, e.LeftOffGoingList, e.PutOnGoingList,
    )

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        """A page at a time: the rows it needs are read in one query, changed in memory
        event by event, then written back in a statement or two (eventstore/bulk.py).
        A page of RSVPs only, one per member (an RSVP as it happens, inline): one upsert on
        (meetup, member), nothing read first (an RSVP makes the row or resets it whole)."""
        if self._only_rsvps(page):
            fields = [(event.originator_id, event.member_id, self._rsvp_fields(event)) for _, event in page]
            RosterEntry.objects.using(using).bulk_create(
                [RosterEntry(meetup_id=meetup, member_id=member, **values) for meetup, member, values in fields],
                update_conflicts=True, unique_fields=["meetup_id", "member_id"], update_fields=list(fields[0][2]),
            )
            return
        rows = self._load(page, using)
        new: dict[tuple[UUID, UUID], RosterEntry] = {}
        changed: set[tuple[UUID, UUID]] = set()

        def touch(key: tuple[UUID, UUID]) -> None:
            if key not in new:
                changed.add(key)

        for _, event in page:
            key = (event.originator_id, event.member_id)
            entry = rows.get(key)
            match event:
                case e.RsvpConfirmed() | e.RsvpWaitlisted():
                    # A first RSVP makes the row; an RSVP again (after a cancel) resets it.
                    fields = self._rsvp_fields(event)
                    if entry is None:
                        rows[key] = new[key] = RosterEntry(meetup_id=key[0], member_id=key[1], **fields)
                    else:
                        for name, value in fields.items():
                            setattr(entry, name, value)
                        touch(key)
                case e.RsvpCancelled() | e.RsvpRemoved() | e.WaitlistPromoted():
                    for moved in self._leave_waitlist(rows, *key):
                        touch(moved)
                    if isinstance(event, e.WaitlistPromoted):
                        status, note = GOING, PROMOTION_NOTES.get(event.cause, event.cause)
                    elif isinstance(event, e.RsvpRemoved):
                        status, note = REMOVED, f"Removed: {event.reason}" if event.reason else "Removed"
                    else:
                        status, note = CANCELLED, ""
                    if entry is not None:
                        entry.status, entry.waitlist_position = status, None
                        entry.changed_at, entry.note = event.timestamp, note[:300]
                        touch(key)
                case e.AttendanceMarked() | e.AttendanceUnmarked():
                    if entry is not None:
                        entry.attended = isinstance(event, e.AttendanceMarked)
                        touch(key)
                case e.LeftOffGoingList() | e.PutOnGoingList():
                    if entry is not None:
                        entry.on_going_list = isinstance(event, e.PutOnGoingList)
                        touch(key)
        write_rows(RosterEntry, list(new.values()), using=using, read_back_ids=False)  # their ids are never used here
        write_rows(RosterEntry, [rows[k] for k in changed], using=using, upsert=True)

    @staticmethod
    def _rsvp_fields(event: e.RsvpConfirmed | e.RsvpWaitlisted) -> dict:
        """Every field an RSVP sets (all but the row's keys)."""
        waitlisted = isinstance(event, e.RsvpWaitlisted)
        return {
            "status": WAITLISTED if waitlisted else GOING,
            "rsvp_number": event.originator_version,
            "waitlist_position": event.position if waitlisted else None,
            "attended": False,
            "rsvped_at": event.timestamp,
            "changed_at": event.timestamp,
            "note": "",
            "on_going_list": True,
        }

    @staticmethod
    def _only_rsvps(page: list[tuple[int, Event]]) -> bool:
        """A few RSVPs, one per member (a rebuild's big pages keep the COPY path)."""
        if len(page) > 50:
            return False
        keys = {(event.originator_id, event.member_id) for _, event in page}
        return len(keys) == len(page) and all(isinstance(event, (e.RsvpConfirmed, e.RsvpWaitlisted)) for _, event in page)

    @staticmethod
    def _load(page: list[tuple[int, Event]], using: str) -> dict[tuple[UUID, UUID], RosterEntry]:
        """The rows of the page's (meetup, member) pairs, and every waitlisted row of the
        meetups where someone may leave the waitlist (their places move up), in one query."""
        pairs = {(event.originator_id, event.member_id) for _, event in page}
        leaving = {
            event.originator_id for _, event in page if isinstance(event, (e.RsvpCancelled, e.RsvpRemoved, e.WaitlistPromoted))
        }
        condition = Q(meetup_id__in={m for m, _ in pairs}, member_id__in={p for _, p in pairs})
        if leaving:
            condition |= Q(meetup_id__in=leaving, status=WAITLISTED)
        rows = {}
        for row in RosterEntry.objects.using(using).filter(condition):
            key = (row.meetup_id, row.member_id)
            if key in pairs or row.meetup_id in leaving:
                rows[key] = row
        return rows

    @staticmethod
    def _leave_waitlist(rows: dict, meetup: UUID, member: UUID) -> list[tuple[UUID, UUID]]:
        """Everyone behind a member who leaves the waitlist moves up one place; returns
        the keys of the rows moved."""
        leaving = rows.get((meetup, member))
        if leaving is None or leaving.status != WAITLISTED or leaving.waitlist_position is None:
            return []
        moved = []
        for key, row in rows.items():
            if (
                key[0] == meetup
                and row.status == WAITLISTED
                and row.waitlist_position is not None
                and row.waitlist_position > leaving.waitlist_position
            ):
                row.waitlist_position -= 1
                moved.append(key)
        return moved
