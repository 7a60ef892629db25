"""Many writers at once on PostgreSQL: no lost update, and readers never see the log
out of order.

16 writer threads run commands (`EventStore.execute`, one event each) in real
transactions, all on the same stream, each on its own stream, or half and half, while
reader threads follow the log the way a projection or a subscription does: they ask for
notifications after the last id they saw. Checked:

- no lost update: each stream's versions are 1..N with no gap or duplicate, every
  command that returned is in the log, and each event records the length of the history
  its decision was based on, which must be exactly the version before it (a decision
  taken on a stale history would have conflicted and been retried, never appended);
- no gap is filled in later: each reader saw strictly increasing ids and, once drained,
  exactly every id of the log. Had a writer committed id 7 after a reader had already
  read id 8, that reader (which only ever asks for ids after the last one it saw) would
  never have seen 7, and its list would differ from the log.

PostgreSQL only: SQLite lets one writer in at a time (BEGIN IMMEDIATE), so the race this
guards against cannot happen there. Every thread closes its connection when it ends;
the test checks that none of their sessions is left on the server.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from eventstore.errors import ConcurrentChange
from eventstore.events import Event
from eventstore.models import StoredEventRecord
from eventstore.store import Recording, event_store
from eventstore.tests.support import ThreadConnections, closing_connection, open_backend_pids

# Real transactions; only the event store's tables are flushed after each test.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, available_apps=["eventstore"])]

WRITERS = 16
COMMANDS_PER_WRITER = 25
# One shared stream is the slow case: its commands run one after the other (waiting
# their turn, or losing the race and retrying), so fewer of them keep the run short.
COMMANDS_PER_WRITER_SHARED = 10
READER_PAGE_SIZES = (1, 7, 500)


@dataclass(frozen=True, kw_only=True)
class Counted(Event):
    writer: int
    # How many events the stream had when the decision was taken.
    seen: int


class Reader(threading.Thread):
    """Follows the log like a subscription: asks for ids after the last one seen."""

    def __init__(self, page_size: int, writers_done: threading.Event):
        super().__init__(name=f"reader-{page_size}")
        self.page_size = page_size
        self.writers_done = writers_done
        self.seen: list[int] = []
        self.polls = 0
        self.errors: list[BaseException] = []

    def poll(self) -> int:
        recorder = event_store().recorder
        last = self.seen[-1] if self.seen else 0
        page = recorder.select_notifications(start=last, limit=self.page_size, inclusive_of_start=False)
        self.polls += 1
        ids = [n.id for n in page]
        if ids != sorted(set(ids)) or (ids and ids[0] <= last):
            raise AssertionError(f"{self.name}: page {ids} after {last} is not strictly increasing")
        self.seen += ids
        return len(ids)

    def run(self) -> None:
        with closing_connection():
            try:
                while not self.writers_done.is_set():
                    if not self.poll():
                        time.sleep(0.0005)
                while self.poll():  # drain what was committed last
                    pass
            except BaseException as error:
                self.errors.append(error)


class Writer(threading.Thread):
    def __init__(self, number: int, stream: UUID, commands: int, start: threading.Barrier):
        super().__init__(name=f"writer-{number}")
        self.number = number
        self.stream = stream
        self.commands = commands
        self.start_together = start
        self.recorded: list[Recording] = []
        self.decisions = 0
        self.gave_up = 0
        self.errors: list[BaseException] = []

    def decide(self, history: list[Event]) -> list[Event]:
        self.decisions += 1
        return [Counted(writer=self.number, seen=len(history))]

    def run(self) -> None:
        with closing_connection():
            try:
                store = event_store()
                self.start_together.wait()
                for _ in range(self.commands):
                    while True:
                        try:
                            self.recorded += store.execute(self.stream, self.decide)
                            break
                        except ConcurrentChange:
                            # Lost every retry to other writers: the person would be
                            # asked to try again; so does this writer.
                            self.gave_up += 1
            except BaseException as error:
                self.errors.append(error)


def run_writers_and_readers(
    streams: list[UUID], commands: list[int]
) -> tuple[list[Writer], list[Reader], ThreadConnections]:
    writers_done = threading.Event()
    barrier = threading.Barrier(len(streams))
    writers = [Writer(i, stream, n, barrier) for i, (stream, n) in enumerate(zip(streams, commands, strict=True))]
    readers = [Reader(size, writers_done) for size in READER_PAGE_SIZES]
    with ThreadConnections() as thread_connections:
        for thread in [*readers, *writers]:
            thread.start()
        for writer in writers:
            writer.join(120)
        writers_done.set()
        for reader in readers:
            reader.join(60)
    for thread in [*writers, *readers]:
        assert not thread.is_alive(), thread.name
        if thread.errors:
            raise thread.errors[0]
    return writers, readers, thread_connections


def assert_log_consistent(writers: list[Writer], readers: list[Reader]) -> None:
    store = event_store()
    log_ids = list(StoredEventRecord.objects.order_by("id").values_list("id", flat=True))
    assert len(log_ids) == sum(w.commands for w in writers)

    # No gap filled in later: each reader saw every id of the log, in order.
    for reader in readers:
        assert reader.seen == log_ids, f"{reader.name} missed ids {sorted(set(log_ids) - set(reader.seen))[:10]}"
        assert reader.polls > 1

    # Every command that returned is in the log, at the position it was told.
    by_id = {r.id: (r.originator_id, r.originator_version) for r in StoredEventRecord.objects.all()}
    for writer in writers:
        assert len(writer.recorded) == writer.commands
        for recorded in writer.recorded:
            assert by_id[recorded.notification.id] == (writer.stream, recorded.domain_event.originator_version)

    # No lost update: versions 1..N, each decided on the full history before it.
    for stream in {w.stream for w in writers}:
        events = store.load(stream)
        expected = sum(w.commands for w in writers if w.stream == stream)
        assert [e.originator_version for e in events] == list(range(1, expected + 1))
        assert [e.seen for e in events] == list(range(expected))
        assert Counter(e.writer for e in events) == Counter(
            {w.number: w.commands for w in writers if w.stream == stream}
        )


def assert_thread_sessions_closed(thread_connections: ThreadConnections) -> None:
    # One session per writer and per reader, each closed by its own thread.
    assert len(thread_connections.backend_pids) == WRITERS + len(READER_PAGE_SIZES)
    assert open_backend_pids(thread_connections.backend_pids) == []


def test_same_stream():
    """All writers contend for one stream. Whether they conflict and retry or wait their
    turn, no update may be lost and the log must read in order."""
    stream = uuid4()
    writers, readers, thread_connections = run_writers_and_readers(
        [stream] * WRITERS, [COMMANDS_PER_WRITER_SHARED] * WRITERS
    )
    assert_log_consistent(writers, readers)
    assert_thread_sessions_closed(thread_connections)


def test_own_streams():
    """Writers on different streams never conflict: no retry at all."""
    streams = [uuid4() for _ in range(WRITERS)]
    writers, readers, thread_connections = run_writers_and_readers(streams, [COMMANDS_PER_WRITER] * WRITERS)
    assert_log_consistent(writers, readers)
    assert_thread_sessions_closed(thread_connections)
    assert sum(w.decisions for w in writers) == WRITERS * COMMANDS_PER_WRITER
    assert sum(w.gave_up for w in writers) == 0


def test_half_shared_half_own_streams():
    shared = uuid4()
    streams = [shared if i % 2 else uuid4() for i in range(WRITERS)]
    commands = [COMMANDS_PER_WRITER_SHARED if i % 2 else COMMANDS_PER_WRITER for i in range(WRITERS)]
    writers, readers, thread_connections = run_writers_and_readers(streams, commands)
    assert_log_consistent(writers, readers)
    assert_thread_sessions_closed(thread_connections)
    own = [w for w in writers if w.stream != shared]
    assert sum(w.decisions for w in own) == sum(w.commands for w in own)


def test_recorder_batches_commit_in_id_order():
    """The same reader check under plain recorder appends (autocommit, no execute):
    batches of 1-5 events on own streams from 16 threads. A batch's ids are
    consecutive, and no reader ever misses an id."""
    recorder = event_store().recorder
    writers_done = threading.Event()
    barrier = threading.Barrier(WRITERS)
    readers = [Reader(size, writers_done) for size in READER_PAGE_SIZES]
    batches: list[list[int]] = []
    errors: list[BaseException] = []

    def write(seed: int) -> None:
        with closing_connection():
            try:
                rng = random.Random(seed)
                stream = uuid4()
                version = 0
                barrier.wait()
                for _ in range(COMMANDS_PER_WRITER):
                    size = rng.randint(1, 5)
                    stored = [
                        StoredEvent(stream, version + i, "concurrency-test", b'{"n":1}') for i in range(1, size + 1)
                    ]
                    version += size
                    batches.append(list(recorder.insert_events(stored) or []))
            except BaseException as error:
                errors.append(error)

    with ThreadConnections() as thread_connections:
        threads = [threading.Thread(target=write, args=(n,), name=f"batch-writer-{n}") for n in range(WRITERS)]
        for thread in [*readers, *threads]:
            thread.start()
        for thread in threads:
            thread.join(120)
        writers_done.set()
        for reader in readers:
            reader.join(60)
    if errors:
        raise errors[0]
    for reader in readers:
        if reader.errors:
            raise reader.errors[0]

    log_ids = list(StoredEventRecord.objects.order_by("id").values_list("id", flat=True))
    assert sorted(i for batch in batches for i in batch) == log_ids
    for batch in batches:
        assert batch == list(range(batch[0], batch[0] + len(batch)))
    for reader in readers:
        assert reader.seen == log_ids
    assert_thread_sessions_closed(thread_connections)
