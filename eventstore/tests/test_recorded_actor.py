"""recorded_actor (eventstore/history.py) skips the older actor fields an event does not
have: it must say what the plain reading of every older field says, for any envelope."""

import random
import uuid
from dataclasses import dataclass

from eventstore.events import Event
from eventstore.history import LEGACY_ACTOR_FIELDS, as_uuid, recorded_actor


@dataclass(frozen=True, kw_only=True)
class Decided(Event):
    decided_by: str = ""


@dataclass(frozen=True, kw_only=True)
class Opened(Event):
    opened_by: str = "the opener"  # a default that names someone


def reference(event: Event) -> tuple:
    """recorded_actor as it was written first: every older field looked at, in order."""
    member, text = None, ""
    for name in LEGACY_ACTOR_FIELDS:
        value = getattr(event, name, None)
        if value in (None, ""):
            continue
        member = as_uuid(value)
        member, text = (member, "") if member else (None, str(value))
        break
    if event.actor_kind == "system" and event.actor_id is None and member is not None:
        return member, "", ""
    if event.actor_kind:
        return event.actor_id, event.actor_kind, event.actor_cause
    return (member, "", "") if member else (None, "", text)


def test_recorded_actor_says_what_every_older_field_says():
    rng = random.Random(3)
    values = [None, "", "seed_demo", str(uuid.UUID(int=5)), uuid.UUID(int=6).hex, uuid.UUID(int=7)]
    for _ in range(3000):
        cls = rng.choice([Event, Decided, Opened])
        event = object.__new__(cls)
        state = {"actor_kind": rng.choice(["", "member", "organiser", "system"]),
                 "actor_id": rng.choice([None, uuid.UUID(int=9)]), "actor_cause": rng.choice(["", "promoted"])}
        for name in rng.sample(LEGACY_ACTOR_FIELDS, rng.randint(0, 3)):  # fields as a stored payload has them
            state[name] = rng.choice(values)
        if rng.random() < 0.3:
            del state["actor_kind"]  # stored before the envelope: the class default
        object.__setattr__(event, "__dict__", state)
        assert recorded_actor(event) == reference(event), state
