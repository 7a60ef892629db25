"""History read from the log, as sentences: the part every app shares.

Each app describes its own events (meetups/history/describe.py, talks/history/describe.py,
membership/history/describe.py): a *describer* walks one stream, oldest first, keeping the
little state it needs for before/after values, and returns one `Entry` per event it
knows. Describers register here for the event classes they know, so the site's audit page
(community/audit/) can describe any event without knowing the apps' events itself.

Who did it comes from the envelope (`actor_id`, `actor_kind`, `actor_cause`); events
stored before the envelope had actors say it in their own older field (`changed_by`,
`decided_by`, ...: docs/glossary.md, "Who did something"), read here as a fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from uuid import UUID

from eventstore.events import Event

# How long an organiser may undo their own change, everywhere (docs/decisions/0012-as-of-and-undo.md).
UNDO_WINDOW = timedelta(days=7)

# The older actor fields of released events (docs/glossary.md), in the order looked at.
LEGACY_ACTOR_FIELDS = (
    "scheduled_by", "changed_by", "rescheduled_by", "cancelled_by", "removed_by", "marked_by", "unmarked_by",
    "promoted_by", "unscheduled_by", "edited_by", "invited_by", "decided_by", "confirmed_by", "withdrawn_by",
    "added_by", "tagged_by", "reviewer_id", "opened_by", "closed_by", "appointed_by", "stood_down_by",
)


@dataclass(frozen=True)
class Change:
    """One value that changed: what, before and after, as text a person reads."""

    what: str
    before: str
    after: str


@dataclass
class Entry:
    """One event in a history: when, who, and what happened in a sentence."""

    event: Event
    sentence: str
    changes: list[Change] = field(default_factory=list)
    actor: str = ""  # filled by `name_actors`
    notification_id: int | None = None
    undo_url: str = ""  # where the viewer may undo it (their own recent change), if anywhere
    stream_label: str = ""  # on the audit page: what the stream is ("meetup December talk night")
    stream_url: str = ""

    @property
    def at(self) -> datetime:
        return self.event.timestamp

    @property
    def version(self) -> int:
        return self.event.originator_version

    @property
    def kind(self) -> str:
        return type(self.event).__name__


def as_uuid(value: object) -> UUID | None:
    if isinstance(value, UUID):
        return value
    if isinstance(value, str) and len(value) in (32, 36):
        try:
            return UUID(value)
        except ValueError:
            return None
    return None


_LEGACY_SET = frozenset(LEGACY_ACTOR_FIELDS)
# Per event class: the older actor fields it has as class attributes (dataclass defaults).
_legacy_on_class: dict[type, frozenset[str]] = {}


def _own_field(event: Event) -> tuple[UUID | None, str]:
    """Who the event's own older field says did it: a member id, or a text. (Only the
    older fields the event has, in LEGACY_ACTOR_FIELDS order: the audit index asks this
    of every event of the log.)"""
    cls = type(event)
    on_class = _legacy_on_class.get(cls)
    if on_class is None:
        on_class = _legacy_on_class[cls] = frozenset(n for n in LEGACY_ACTOR_FIELDS if hasattr(cls, n))
    has = _LEGACY_SET.intersection(getattr(event, "__dict__", ())) | on_class
    if not has:
        return None, ""
    for name in LEGACY_ACTOR_FIELDS:
        if name not in has:
            continue
        value = getattr(event, name, None)
        if value in (None, ""):
            continue
        member = as_uuid(value)
        return (member, "") if member else (None, str(value))
    return None, ""


def recorded_actor(event: Event) -> tuple[UUID | None, str, str]:
    """(member id or None, kind, cause) of who did it. Kind "" means the event was stored
    before actors were recorded: the member id then comes from its own older field, and
    the cause is that field's text when it names no member ("seed_demo", "manage.py").
    An event the system appended (a script, the demo) whose own field names a member was
    done for that member: the member is named."""
    kind = event.actor_kind
    if kind and (kind != "system" or event.actor_id is not None):
        return event.actor_id, kind, event.actor_cause  # (its own older field is not looked at)
    member, text = _own_field(event)
    if kind == "system" and member is not None:
        return member, "", ""
    if kind:
        return event.actor_id, kind, event.actor_cause
    return (member, "", "") if member else (None, "", text)


def mentioned_members(events: Iterable[Event]) -> set[UUID]:
    """Every member id an event names (its actor, its member, its speaker...), so the
    names a history shows come from one query."""
    ids: set[UUID] = set()
    for event in events:
        actor, _, _ = recorded_actor(event)
        if actor:
            ids.add(actor)
        for value in vars(event).values():
            if isinstance(value, UUID) and value != event.originator_id:
                ids.add(value)
    return ids


def actor_label(event: Event, names: dict[UUID, str]) -> str:
    member, kind, cause = recorded_actor(event)
    if kind == "system":
        return f"the system ({_cause_words(cause)})" if cause else "the system"
    if member:
        name = names.get(member, "a former member")
        return f"{name} (organiser)" if kind == "organiser" else name
    if cause:
        return _cause_words(cause)
    return "a visitor" if kind == "member" else "not recorded"


def _cause_words(cause: str) -> str:
    return re.sub(r"[_-]+", " ", cause)


def name_actors(entries: list[Entry], names: dict[UUID, str]) -> list[Entry]:
    for entry in entries:
        entry.actor = actor_label(entry.event, names)
    return entries


def humanised(event: Event) -> str:
    """A sentence for an event no describer knows: its class name in words."""
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", type(event).__name__).lower()
    return words[:1].upper() + words[1:] + "."


Describer = Callable[[list[Event], dict[UUID, str]], list[Entry]]
_describers: dict[type[Event], Describer] = {}


def register_describer(classes: Iterable[type[Event]], describer: Describer) -> None:
    for cls in classes:
        _describers[cls] = describer


def describer_for(event: Event) -> Describer | None:
    return _describers.get(type(event))


def described_kinds() -> list[str]:
    return sorted(cls.__name__ for cls in _describers)


def classes_named(names: Iterable[str]) -> list[type[Event]]:
    wanted = set(names)
    return [cls for cls in _describers if cls.__name__ in wanted]


def describe_stream(history: list[Event], names: dict[UUID, str]) -> list[Entry]:
    """A stream's whole history, with its app's describer (the first event tells which),
    newest first; events no describer knows get a sentence from their name."""
    if not history:
        return []
    describer = next((d for x in history if (d := describer_for(x))), None)
    entries = describer(history, names) if describer else []
    known = {id(x.event) for x in entries}
    entries += [Entry(x, humanised(x)) for x in history if id(x) not in known]
    entries.sort(key=lambda x: x.version, reverse=True)
    return name_actors(entries, names)
