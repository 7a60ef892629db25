"""A member's events in sentences, with before/after values (the member's History page
for organisers, the admin's History, the site's audit page). The email address is not
shown here: it is the member's data (issue 10, data rights), and a history is read by
every organiser."""

from __future__ import annotations

from uuid import UUID

from eventstore.events import Event
from eventstore.history import Change, Entry, register_describer
from membership import events as e
from web.history import quoted


def describe_member(history: list[Event], names: dict[UUID, str]) -> list[Entry]:
    name, bio, links = "", "", []
    entries: list[Entry] = []
    for event in history:
        changes: list[Change] = []
        match event:
            case e.MemberJoined():
                name = event.display_name
                sentence = f"Joined as {quoted(name)}."
            case e.ProfileUpdated():
                if event.display_name != name:
                    changes.append(Change("name", quoted(name), quoted(event.display_name)))
                if event.bio != bio:
                    changes.append(Change("bio", quoted(bio, 200), quoted(event.bio, 200)))
                if list(event.links) != list(links):
                    changes.append(Change("links", ", ".join(links) or "(none)", ", ".join(event.links) or "(none)"))
                name, bio, links = event.display_name, event.bio, list(event.links)
                sentence = "Updated the profile" + (": " + ", ".join(c.what for c in changes) if changes else "") + "."
            case e.OrganiserAppointed():
                sentence = "Was appointed an organiser (staff rights)."
                changes = [Change("organiser", "no", "yes")]
            case e.OrganiserStoodDown():
                sentence = "Stood down as an organiser (staff rights taken away)."
                changes = [Change("organiser", "yes", "no")]
            case _:
                continue
        entries.append(Entry(event, sentence, changes))
    return entries


register_describer((e.MemberJoined, e.ProfileUpdated, e.OrganiserAppointed, e.OrganiserStoodDown), describe_member)
