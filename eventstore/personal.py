"""Personal data inside events, encrypted with a key per person (crypto-shredding).

An event class names its personal fields and whose key protects them:

    @dataclass(frozen=True, kw_only=True)
    class ProfileUpdated(Event):
        personal_data: ClassVar = PersonalData(subject="originator_id",
                                               fields={"display_name": FORMER_MEMBER, "bio": "", "links": []})

When such an event is stored, those fields leave the JSON payload and go, together, into
one AES-GCM sealed value under the key of the person in the `subject` field (a member id;
"originator_id" for the member's own stream). The keys live in their own table
(`eventstore_keys`), never beside the events. Erasing a person destroys their key: the
event rows stay as they were (the log is append-only and replays), but their personal
fields can no longer be read, and load as the placeholders the class gives ("Former
member", "", []). An event written about a person whose key is already gone stores the
placeholders (nothing to encrypt). docs/decisions/0013-crypto-shredding.md says why and how.

Keys are cached per process (`KeyRing`): a read needs no query for a key it has seen; a
key destroyed by another process stops being used here within KEY_CHECK_SECONDS (the
destroyed keys are counted at most that often, a query on a small partial index), and
the whole table is read again every KEY_CACHE_SECONDS. Writers remember
only keys whose transaction committed (a key made in a transaction that rolled back is
never used again), and never make a key for a person whose key was destroyed.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from base64 import b64encode
from binascii import a2b_base64
from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from eventsourcing.persistence import (
    Mapper,
    MapperDeserialisationError,
    StoredEvent,
    Transcoder,
    find_id_convertor,
)
from eventsourcing.utils import get_topic, resolve_topic

__all__ = ["FORMER_MEMBER", "KeyRing", "PersonalData", "ShreddingMapper", "personal_fields"]

FORMER_MEMBER = "Former member"
# Where the sealed personal fields sit in a stored payload (no event field has this name):
# one string, the person's id in hex (32 characters), then PLAIN or TYPED and the base64 of
# nonce + AES-GCM ciphertext of the fields' JSON; the id alone when their key was gone.
SEALED = "_personal"
PLAIN, TYPED = ".", "~"  # the fields' JSON: plain, or the transcoder's typed JSON (UUIDs, datetimes)
KEY_CACHE_SECONDS = 30.0  # the whole key table read again
KEY_CHECK_SECONDS = 1.0  # the destroyed keys counted again (settings.EVENTSTORE_KEY_CHECK_SECONDS)
_NONCE = 12
_LOAD_CHUNK = 500  # keys per query (SQLite's bound-parameter limit)
# A sealed value in a stored payload, as JSON text: the person's id is its first 32 characters.
_SEALED_SUBJECT = re.compile(rb'"' + SEALED.encode() + rb'":"([0-9a-f]{32})')


@dataclass(frozen=True)
class PersonalData:
    """Which fields of an event are personal, with what each reads as once its key is
    gone, and the field naming the person whose key protects them."""

    subject: str
    fields: Mapping[str, Any]


def personal_fields(cls: type) -> PersonalData | None:
    return getattr(cls, "personal_data", None)


class KeyRing:
    """The per-person keys of one database, cached in this process as ready openers, by the
    person's id in hex (as sealed payloads name them): (the AESGCM cipher's `decrypt`, the
    associated data (the id's 16 bytes), the key's bytes), or None once destroyed.

    How a key destroyed elsewhere stops being used here: at most every KEY_CHECK_SECONDS,
    the first read or write asks how many keys are destroyed (a count on a partial index);
    when that number moved, the destroyed ids are read and dropped from the cache. Every
    KEY_CACHE_SECONDS the whole table is read again (ciphers of unchanged keys are kept), which
    also undoes a `destroy` whose transaction rolled back."""

    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        self.alias = alias
        self._lock = threading.Lock()
        self._readers: dict[str, Opener | None] = {}  # None: destroyed
        self._committed: dict[UUID, AESGCM] = {}  # keys seen by writers, once their transaction committed
        self._loaded_at = float("-inf")  # when the whole table was last read
        self._checked_until = float("-inf")  # when the destroyed keys must be counted again
        self._destroyed = 0  # how many there were then
        self.check_seconds = float(getattr(settings, "EVENTSTORE_KEY_CHECK_SECONDS", KEY_CHECK_SECONDS))

    # -- reading (cached) -----------------------------------------------------------------
    def for_reading(self, subject_hex: str) -> Opener | None:
        """The opener of a person's key; None if it was destroyed (or never made). The hot
        path of every replay: a clock read and a dict lookup, no lock (a whole new dict
        replaces the old)."""
        if time.monotonic() >= self._checked_until:
            self._refresh()
        try:
            return self._readers[subject_hex]
        except KeyError:
            self._load([UUID(subject_hex)])
        return self._readers.get(subject_hex)

    def prefetch(self, subject_hexes: Iterable[str]) -> None:
        """Load, in one query, the keys of these people that this process has not seen:
        a page of the log about many new people costs one query, not one per person."""
        if time.monotonic() >= self._checked_until:
            self._refresh()
        readers = self._readers
        missing = {s for s in subject_hexes if s not in readers}
        if missing:
            self._load(UUID(s) for s in missing)

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._loaded_at >= KEY_CACHE_SECONDS:
            self._load_all(now)
        else:
            self._check_destroyed()
        self._checked_until = now + min(self.check_seconds, KEY_CACHE_SECONDS)

    def _check_destroyed(self) -> None:
        """Drop from the cache the keys destroyed since the last look (by any process)."""
        from eventstore.models import PersonKey  # after the app registry

        gone = PersonKey.objects.using(self.alias).filter(key__isnull=True)
        count = gone.count()
        if count == self._destroyed:
            return
        if count < self._destroyed:  # rows went (a test's flush): start again
            self._load_all(time.monotonic())
            return
        subjects = list(gone.values_list("subject_id", flat=True))
        readers = dict(self._readers)
        for subject in subjects:
            readers[subject.hex] = None
        with self._lock:
            self._readers, self._destroyed = readers, count
            for subject in subjects:
                self._committed.pop(subject, None)

    def _load_all(self, now: float) -> None:
        from eventstore.models import PersonKey  # (see _check_destroyed)

        rows = PersonKey.objects.using(self.alias).values_list("subject_id", "key")
        old = self._readers
        readers: dict[str, Opener | None] = {}
        destroyed: list[UUID] = []
        for subject, key in rows:
            if key is None:
                readers[subject.hex] = None
                destroyed.append(subject)
                continue
            key = bytes(key)
            known = old.get(subject.hex)
            readers[subject.hex] = known if known is not None and known[2] == key else _opener(subject, key)
        with self._lock:
            self._readers, self._loaded_at, self._destroyed = readers, now, len(destroyed)
            for subject in destroyed:
                self._committed.pop(subject, None)

    def _load(self, subjects: Iterable[UUID]) -> None:
        from eventstore.models import PersonKey  # (see _check_destroyed)

        subjects = list(subjects)
        objects = PersonKey.objects.using(self.alias)
        rows = []
        for start in range(0, len(subjects), _LOAD_CHUNK):
            rows += objects.filter(subject_id__in=subjects[start : start + _LOAD_CHUNK]).values_list("subject_id", "key")
        with self._lock:
            for subject, key in rows:
                self._readers[subject.hex] = _opener(subject, bytes(key)) if key is not None else None

    def reload(self, subject_hex: str) -> Opener | None:
        with self._lock:
            self._readers.pop(subject_hex, None)
        self._load([UUID(subject_hex)])
        return self._readers.get(subject_hex)

    # -- writing (from the database in the writer's transaction, unless known committed) -----
    def for_writing(self, subject: UUID) -> AESGCM | None:
        """The cipher of the person's key, made now if they have none; None if it was
        destroyed.

        Keys known committed (`_committed`, filled only after a commit) are used without a
        query: a key never changes once made. One destroyed since by another process may
        still seal an event here until the next look at the destroyed keys (at most
        KEY_CHECK_SECONDS); that event is then as unreadable as the rest of the person's
        data, which is what erasure wants."""
        from eventstore.models import PersonKey  # (see _check_destroyed)

        if time.monotonic() >= self._checked_until:
            self._refresh()
        known = self._committed.get(subject)
        if known is not None:
            return known
        objects = PersonKey.objects.using(self.alias)
        row = objects.filter(subject_id=subject).values_list("key", flat=True).first()
        if row is None and not objects.filter(subject_id=subject).exists():
            objects.bulk_create(
                [PersonKey(subject_id=subject, key=AESGCM.generate_key(bit_length=256), created_at=timezone.now())],
                ignore_conflicts=True,  # another writer made it first: use theirs
            )
            row = objects.filter(subject_id=subject).values_list("key", flat=True).first()
        if row is None:
            return None
        cipher = AESGCM(bytes(row))

        def remember() -> None:
            with self._lock:
                self._committed[subject] = cipher

        transaction.on_commit(remember, using=self.alias)
        return cipher

    def destroy(self, subject: UUID) -> bool:
        """Destroy the person's key (in the caller's transaction). Returns whether there
        was a key to destroy. A row without key stays: nobody makes them a new one. This
        process stops using the key at once, before the commit."""
        from eventstore.models import PersonKey  # (see _check_destroyed)

        objects = PersonKey.objects.using(self.alias)
        now = timezone.now()
        had = objects.filter(subject_id=subject, key__isnull=False).update(key=None, destroyed_at=now) > 0
        if not had and not objects.filter(subject_id=subject).exists():
            objects.create(subject_id=subject, key=None, created_at=now, destroyed_at=now)
        self.forget(subject)
        transaction.on_commit(lambda: self.forget(subject), using=self.alias)
        return had

    def forget(self, subject: UUID | None = None) -> None:
        with self._lock:
            if subject is None:
                self._readers = {}
                self._committed.clear()
                self._loaded_at = self._checked_until = float("-inf")
                self._destroyed = 0
            else:
                self._readers[subject.hex] = None
                self._committed.pop(subject, None)


Opener = tuple[Any, bytes, bytes]  # (AESGCM(key).decrypt, associated data, key)


def _opener(subject: UUID, key: bytes) -> Opener:
    return AESGCM(key).decrypt, subject.bytes, key


def _seal(cipher: AESGCM, subject: UUID, plaintext: bytes) -> str:
    nonce = os.urandom(_NONCE)
    return b64encode(nonce + cipher.encrypt(nonce, plaintext, subject.bytes)).decode("ascii")


def _open(opener: Opener, data: str) -> bytes:
    raw = a2b_base64(data)
    return opener[0](raw[:_NONCE], raw[_NONCE:], opener[1])


class ShreddingMapper(Mapper):
    """eventsourcing's Mapper, with the personal fields of an event sealed under their
    person's key on the way in and opened (or replaced by placeholders) on the way out.

    `encrypt=False` stores personal fields in the clear, as before this change (the
    benchmarks compare both); payloads written either way always load."""

    def __init__(self, transcoder: Transcoder, keys: KeyRing, *, encrypt: bool = True, **kwargs: Any):
        super().__init__(transcoder, **kwargs)
        self.keys = keys
        self.encrypt = encrypt

    def seal_state(self, cls: type, state: dict[str, Any]) -> None:
        """Move the personal fields of `state` (an event's fields) into their sealed value."""
        spec = personal_fields(cls)
        if spec is None or not self.encrypt:
            return
        subject = state.get(spec.subject)
        if subject is None:
            return
        subject = subject if isinstance(subject, UUID) else UUID(str(subject))
        personal = {name: state.pop(name) for name in spec.fields if name in state}
        cipher = self.keys.for_writing(subject)
        sealed = subject.hex  # without data when the key is gone: nothing personal is stored
        if cipher is not None:
            try:  # plain JSON when it can be: read back by orjson, without the transcoder's hooks (replay speed)
                plaintext, mark = json.dumps(personal, ensure_ascii=False, separators=(",", ":")).encode(), PLAIN
            except (TypeError, UnicodeEncodeError):  # a UUID, a datetime ...: the transcoder's typed JSON
                plaintext, mark = self.transcoder.encode(personal), TYPED
            sealed += mark + _seal(cipher, subject, plaintext)
        state[SEALED] = sealed

    def open_state(self, cls: type, state: dict[str, Any]) -> None:
        sealed = state.pop(SEALED, None)
        if sealed is None:
            return
        if len(sealed) > 32:  # the id, the mark, the sealed fields (the id alone: sealed nothing)
            subject = sealed[:32]
            opener = self.keys.for_reading(subject)
            if opener is not None:
                try:
                    plaintext = _open(opener, sealed[33:])
                except InvalidTag:
                    # The cached key was read in a transaction that rolled back (its row never
                    # committed, another was made since): read it again.
                    opener = self.keys.reload(subject)
                    plaintext = _open(opener, sealed[33:]) if opener is not None else None
                if plaintext is not None:
                    state.update(orjson.loads(plaintext) if sealed[32] == PLAIN else self.transcoder.decode(plaintext))
                    return
        spec = personal_fields(cls)
        state.update(deepcopy(dict(spec.fields)) if spec else {})

    def prefetch_keys(self, stored_events: Iterable[StoredEvent]) -> None:
        """Before decoding many stored events: load the keys of every person whose fields
        they seal that this process has not seen, in one query (`KeyRing.prefetch`)."""
        found = set()
        search = _SEALED_SUBJECT.search
        for stored in stored_events:
            match = search(stored.state)
            if match is not None:
                found.add(match.group(1).decode())
        if found:
            self.keys.prefetch(found)

    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        cls = type(domain_event)
        event_state = dict(vars(domain_event))
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        if personal_fields(cls) is not None:
            if personal_fields(cls).subject == "originator_id":
                event_state["originator_id"] = originator_id
                self.seal_state(cls, event_state)
                event_state.pop("originator_id")
            else:
                self.seal_state(cls, event_state)
        class_version = getattr(cls, "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        stored_state = self.transcoder.encode(event_state)
        if self.compressor:
            stored_state = self.compressor.compress(stored_state)
        if self.cipher:
            stored_state = self.cipher.encrypt(stored_state)
        return StoredEvent(
            originator_id=originator_id, originator_version=originator_version, topic=get_topic(cls), state=stored_state
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        cls = resolve_topic(stored_event.topic)
        stored_state = stored_event.state
        try:
            if self.cipher:
                stored_state = self.cipher.decrypt(stored_state)
            if self.compressor:
                stored_state = self.compressor.decompress(stored_state)
            event_state: dict[str, Any] = self.transcoder.decode(stored_state)
            self.open_state(cls, event_state)
        except Exception as e:
            raise MapperDeserialisationError(
                f"Failed to deserialise state of stored event with topic '{stored_event.topic}', originator_id "
                f"'{stored_event.originator_id}' and originator_version {stored_event.originator_version}: {e}"
            ) from e
        event_state["originator_id"] = find_id_convertor(cls, type(stored_event.originator_id))(stored_event.originator_id)
        event_state["originator_version"] = stored_event.originator_version
        class_version = getattr(cls, "class_version", 1)
        from_version = event_state.pop("class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(event_state)
            from_version += 1
        domain_event = object.__new__(cls)
        object.__setattr__(domain_event, "__dict__", event_state)
        return domain_event
