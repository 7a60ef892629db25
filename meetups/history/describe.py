"""A meetup's events in sentences, with before/after values (the meetup's History page,
the admin's History, the site's audit page). Walks the stream oldest first, keeping the
values the next event may change."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.history import Change, Entry, register_describer
from meetups import events as e
from web.history import quoted, when

REASONS = {"moved": "moved", "taken_out": "taken out", "withdrawn": "withdrawn by the speaker"}
UNDONE = {
    "CapacityChanged": "capacity change", "RsvpRemoved": "removal of an RSVP", "MeetupCancelled": "cancellation",
    "MeetupRescheduled": "reschedule", "TalkScheduled": "agenda move",
}
CAUSES = {
    "rsvp_cancelled": "a seat was freed when an RSVP was cancelled",
    "rsvp_removed": "a seat was freed when an RSVP was removed",
    "capacity_raised": "the capacity was raised",
    "by_hand": "an organiser gave the seat by hand",
}


def describe_meetup(history: list[Event], names: dict[UUID, str]) -> list[Entry]:
    def who(member_id: UUID) -> str:
        return names.get(member_id, "a former member")

    capacity, going, waitlist = 0, [], []
    title, description = "", ""
    starts = ends = opens = closes = None
    venue = ("", "", "")
    slots: dict[UUID, e.TalkScheduled] = {}
    moved: dict[UUID, e.TalkScheduled] = {}
    entries: list[Entry] = []
    for event in history:
        sentence, changes = "", []
        match event:
            case e.MeetupScheduled():
                title, description, capacity = event.title, event.description, event.capacity
                starts, ends, opens, closes = event.starts_at, event.ends_at, event.rsvp_opens_at, event.rsvp_closes_at
                venue = (event.venue_name, event.venue_address, event.venue_map_url)
                sentence = (
                    f"Scheduled {quoted(title)} for {when(starts)}, at {quoted(event.venue_name)}, "
                    f"with {capacity} seats; RSVPs open {when(opens)}."
                )
            case e.MeetupDetailsChanged():
                if event.title != title:
                    changes.append(Change("title", quoted(title), quoted(event.title)))
                if event.description != description:
                    changes.append(Change("description", quoted(description, 200), quoted(event.description, 200)))
                title, description = event.title, event.description
                what = " and ".join(c.what for c in changes)
                sentence = f"Changed the meetup's {what}." if changes else "Saved the details unchanged."
            case e.MeetupRescheduled():
                changes = [Change("starts", when(starts), when(event.starts_at)), Change("ends", when(ends), when(event.ends_at))]
                if (opens, closes) != (event.rsvp_opens_at, event.rsvp_closes_at):
                    changes += [
                        Change("RSVPs open", when(opens), when(event.rsvp_opens_at)),
                        Change("RSVPs close", when(closes), when(event.rsvp_closes_at)),
                    ]
                starts, ends, opens, closes = event.starts_at, event.ends_at, event.rsvp_opens_at, event.rsvp_closes_at
                sentence = f"Moved the meetup to {when(starts)}."
            case e.RsvpWindowChanged():
                changes = [
                    Change("RSVPs open", when(opens), when(event.rsvp_opens_at)),
                    Change("RSVPs close", when(closes), when(event.rsvp_closes_at)),
                ]
                opens, closes = event.rsvp_opens_at, event.rsvp_closes_at
                sentence = "Changed when RSVPs open and close."
            case e.VenueChanged():
                new_venue = (event.venue_name, event.venue_address, event.venue_map_url)
                changes = [
                    Change(what, quoted(old), quoted(new))
                    for what, old, new in zip(("venue", "address", "map link"), venue, new_venue, strict=True)
                    if old != new
                ]
                venue = new_venue
                sentence = f"Changed the venue to {quoted(event.venue_name)}."
            case e.CapacityChanged():
                changes = [Change("capacity", str(capacity), str(event.capacity))]
                verb = "Raised" if event.capacity > capacity else "Lowered"
                capacity = event.capacity
                sentence = f"{verb} the capacity to {capacity} seats."
            case e.MeetupCancelled():
                sentence = f"Cancelled the meetup, with the message {quoted(event.message, 200)}."
            case e.RsvpConfirmed():
                going.append(event.member_id)
                sentence = f"{who(event.member_id)} RSVPed and got a seat ({len(going)} of {capacity})."
            case e.RsvpWaitlisted():
                waitlist.append(event.member_id)
                sentence = f"{who(event.member_id)} RSVPed and joined the waitlist at #{event.position}."
            case e.RsvpCancelled():
                _drop(going, waitlist, event.member_id)
                held = "a seat" if event.was_going else "a place on the waitlist"
                sentence = f"{who(event.member_id)} cancelled their RSVP and gave up {held}."
            case e.RsvpRemoved():
                _drop(going, waitlist, event.member_id)
                held = "seat" if event.was_going else "waitlist place"
                because = f", because {quoted(event.reason)}" if event.reason else ""  # "": an erased member's
                sentence = f"Removed {who(event.member_id)}'s {held}{because}."
            case e.WaitlistPromoted():
                if event.member_id in waitlist:
                    waitlist.remove(event.member_id)
                going.append(event.member_id)
                why = CAUSES.get(event.cause, event.cause)
                sentence = f"{who(event.member_id)} got a seat from the waitlist: {why} (event #{event.caused_by_version})."
                changes = [Change("going", str(len(going) - 1), str(len(going)))]
            case e.AttendanceMarked():
                sentence = f"Checked in {who(event.member_id)}."
            case e.AttendanceUnmarked():
                sentence = f"Undid the check-in of {who(event.member_id)}."
            case e.ChangeUndone():
                what = UNDONE.get(event.undone_kind, "change")
                sentence = f"Undid the {what} #{event.undone_version}; what follows puts it back."
            case e.MeetupReinstated():
                sentence = "The meetup is back on: its cancellation was undone."
            case e.TalkScheduled():
                before = moved.pop(event.talk_id, None)
                slots[event.talk_id] = event
                if before is not None:
                    sentence = f"Moved {quoted(event.title)} on the agenda."
                    changes = [Change("slot", _slot(before), _slot(event))]
                else:
                    sentence = f"Put {quoted(event.title)} on the agenda at {_slot(event)}."
            case e.TalkUnscheduled():
                slot = slots.pop(event.talk_id, None)
                if event.reason == "moved" and slot is not None:
                    moved[event.talk_id] = slot
                talk = quoted(slot.title) if slot else "a talk"
                sentence = f"Took {talk} off the agenda ({REASONS.get(event.reason, event.reason)})."
                if slot is not None:
                    changes = [Change("slot", _slot(slot), "(none)")]
            case _:
                continue
        entries.append(Entry(event, sentence, changes))
    return entries


def _slot(slot: e.TalkScheduled) -> str:
    return f"{when(slot.starts_at)} for {slot.minutes} min"


def _drop(going: list[UUID], waitlist: list[UUID], member_id: UUID) -> None:
    if member_id in going:
        going.remove(member_id)
    elif member_id in waitlist:
        waitlist.remove(member_id)


MEETUP_EVENTS = (
    e.MeetupScheduled, e.MeetupDetailsChanged, e.MeetupRescheduled, e.RsvpWindowChanged, e.VenueChanged,
    e.CapacityChanged, e.MeetupCancelled, e.RsvpConfirmed, e.RsvpWaitlisted, e.RsvpCancelled, e.RsvpRemoved,
    e.WaitlistPromoted, e.AttendanceMarked, e.AttendanceUnmarked, e.TalkScheduled, e.TalkUnscheduled, e.ChangeUndone,
    e.MeetupReinstated,
)
register_describer(MEETUP_EVENTS, describe_meetup)
