"""The roster projection: one row per member who ever RSVPed to a meetup, with their
current status, waitlist position and attendance. Feeds the meetup page ("your
status"), the organisers' roster and check-in page, the CSV export and a member's
own history."""

from __future__ import annotations

from django.db import models
from django.db.models import F

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
        entries = RosterEntry.objects.using(using)
        for _, event in page:
            meetup, member = event.originator_id, event.member_id
            entry = entries.filter(meetup_id=meetup, member_id=member)
            match event:
                case e.RsvpConfirmed() | e.RsvpWaitlisted():
                    waitlisted = isinstance(event, e.RsvpWaitlisted)
                    # One statement whether the member RSVPs for the first time or again.
                    entries.bulk_create(
                        [
                            RosterEntry(
                                meetup_id=meetup,
                                member_id=member,
                                status=WAITLISTED if waitlisted else GOING,
                                rsvp_number=event.originator_version,
                                waitlist_position=event.position if waitlisted else None,
                                attended=False,
                                rsvped_at=event.timestamp,
                                changed_at=event.timestamp,
                                note="",
                                on_going_list=True,
                            )
                        ],
                        update_conflicts=True,
                        unique_fields=["meetup_id", "member_id"],
                        update_fields=[
                            "status", "rsvp_number", "waitlist_position", "attended", "rsvped_at", "changed_at", "note",
                            "on_going_list",
                        ],
                    )
                case e.RsvpCancelled() | e.RsvpRemoved() | e.WaitlistPromoted():
                    self._leave_waitlist(entries, meetup, member)
                    if isinstance(event, e.WaitlistPromoted):
                        status, note = GOING, PROMOTION_NOTES.get(event.cause, event.cause)
                    elif isinstance(event, e.RsvpRemoved):
                        status, note = REMOVED, f"Removed: {event.reason}" if event.reason else "Removed"
                    else:
                        status, note = CANCELLED, ""
                    entry.update(status=status, waitlist_position=None, changed_at=event.timestamp, note=note[:300])
                case e.AttendanceMarked():
                    entry.update(attended=True)
                case e.AttendanceUnmarked():
                    entry.update(attended=False)
                case e.LeftOffGoingList():
                    entry.update(on_going_list=False)
                case e.PutOnGoingList():
                    entry.update(on_going_list=True)

    @staticmethod
    def _leave_waitlist(entries, meetup, member) -> None:
        """Everyone behind a member who leaves the waitlist moves up one place."""
        position = (
            entries.filter(meetup_id=meetup, member_id=member, status=WAITLISTED)
            .values_list("waitlist_position", flat=True)
            .first()
        )
        if position is not None:
            entries.filter(meetup_id=meetup, status=WAITLISTED, waitlist_position__gt=position).update(
                waitlist_position=F("waitlist_position") - 1
            )
