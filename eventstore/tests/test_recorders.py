"""Our Django-connection recorders pass eventsourcing's own recorder test suites.

The same classes run on SQLite and on PostgreSQL (the database comes from DATABASE_URL).
Each combines one of the library's test cases with Django's TransactionTestCase: the
library's tests commit real transactions and write from threads, so they cannot run
inside a test transaction. `reset_sequences` makes notification ids start at 1, as the
library's assertions expect; the flush after each test empties the tables.

The Django part comes first in every class's bases, so our setUp/tearDown run and then
hand on (super()) to the library's (test_mro below checks that for every class).
"""

from __future__ import annotations

import unittest
from uuid import uuid4

from django.db import connection
from django.test import TransactionTestCase
from eventsourcing.persistence import StoredEvent
from eventsourcing.tests import persistence as library
from eventsourcing.utils import Environment

from eventstore.models import StoredEventRecord, StoredSnapshotRecord
from eventstore.persistence import (
    INSERT_CHUNK,
    DjangoAggregateRecorder,
    DjangoApplicationRecorder,
    DjangoDatastore,
    DjangoFactory,
    DjangoProcessRecorder,
    DjangoTrackingRecorder,
    PollingSubscription,
)
from eventstore.tests.support import ThreadConnections, open_backend_pids

# The library's test cases are only referenced through the module (never imported by
# name): pytest collects every unittest.TestCase subclass it finds in a test module,
# and the abstract library classes must not be collected on their own.


class DjangoRecorderTestCase(TransactionTestCase):
    """Real transactions, notification ids from 1, and no connections left behind by
    the threads the library's tests start."""

    reset_sequences = True
    # Only the event store's tables are written: flush just those after each test (and
    # skip re-creating permissions and content types), which keeps the file fast.
    available_apps = ["eventstore"]

    def setUp(self) -> None:
        # Records the connections opened by threads from here on (see support.py).
        self._thread_connections = ThreadConnections().__enter__()
        self._django_setup_ran = True
        super().setUp()

    def tearDown(self) -> None:
        try:
            super().tearDown()
        finally:
            # Waits for the threads the test started (readers the library tells to stop
            # without joining them, pool workers), then closes their connections.
            self._thread_connections.__exit__(None, None, None)
        if connection.vendor == "postgresql":
            self.assertEqual(open_backend_pids(self._thread_connections.backend_pids), [])


class DjangoAggregateRecorderTest(DjangoRecorderTestCase, library.AggregateRecorderTestCase):
    def create_recorder(self) -> DjangoAggregateRecorder:
        recorder = DjangoAggregateRecorder(DjangoDatastore(), purpose="events")
        recorder.create_table()  # Migrated already: must be a no-op.
        return recorder


class DjangoSnapshotRecorderTest(DjangoRecorderTestCase, library.AggregateRecorderTestCase):
    def create_recorder(self) -> DjangoAggregateRecorder:
        recorder = DjangoAggregateRecorder(DjangoDatastore(), purpose="snapshots")
        recorder.create_table()
        return recorder

    def test_writes_the_snapshots_table(self) -> None:
        recorder = self.create_recorder()
        recorder.insert_events([StoredEvent(uuid4(), 1, "topic", b"{}")])
        self.assertEqual(StoredSnapshotRecord.objects.count(), 1)
        self.assertEqual(StoredEventRecord.objects.count(), 0)


class DjangoApplicationRecorderTest(DjangoRecorderTestCase, library.ApplicationRecorderTestCase):
    def create_recorder(self) -> DjangoApplicationRecorder:
        recorder = DjangoApplicationRecorder(DjangoDatastore())
        recorder.create_table()
        return recorder

    def test_insert_subscribe(self) -> None:
        self.optional_test_insert_subscribe()

    def test_subscribe_is_polling_subscription(self) -> None:
        with self.create_recorder().subscribe(gt=None) as subscription:
            self.assertIsInstance(subscription, PollingSubscription)

    def test_non_utf8_state_round_trips(self) -> None:
        """Compressed or encrypted payloads are not text: kept as bytes, read back equal."""
        recorder = self.create_recorder()
        originator_id = uuid4()
        states = [b"\xff\xfe binary", b"with \x00 nul", "caf\u00e9".encode(), b""]
        events = [StoredEvent(originator_id, i, "topic", state) for i, state in enumerate(states, 1)]
        self.assertEqual(recorder.insert_events(events), [1, 2, 3, 4])
        self.assertEqual([e.state for e in recorder.select_events(originator_id)], states)
        self.assertEqual([n.state for n in recorder.select_notifications(None, 10)], states)

    def test_batch_larger_than_one_insert_statement(self) -> None:
        """Batches are split into several INSERTs; ids still come back in event order."""
        recorder = self.create_recorder()
        originator_id = uuid4()
        count = 2 * INSERT_CHUNK + 7
        events = [StoredEvent(originator_id, i, "topic", f'{{"i":{i}}}'.encode()) for i in range(1, count + 1)]
        self.assertEqual(recorder.insert_events(events), list(range(1, count + 1)))
        notifications = recorder.select_notifications(None, count)
        self.assertEqual([(n.id, n.originator_version) for n in notifications], [(i, i) for i in range(1, count + 1)])


class DjangoTrackingRecorderTest(DjangoRecorderTestCase, library.TrackingRecorderTestCase):
    def create_recorder(self) -> DjangoTrackingRecorder:
        recorder = DjangoTrackingRecorder(DjangoDatastore())
        recorder.create_table()
        return recorder


class DjangoProcessRecorderTest(DjangoRecorderTestCase, library.ProcessRecorderTestCase):
    def create_recorder(self) -> DjangoProcessRecorder:
        recorder = DjangoProcessRecorder(DjangoDatastore())
        recorder.create_table()
        return recorder


class DjangoNonInterleavingNotificationIDsTest(DjangoRecorderTestCase, library.NonInterleavingNotificationIDsBaseCase):
    # The library's default (1000 events per batch, two racing batches) is kept: on both
    # databases it runs in well under a second.
    def create_recorder(self) -> DjangoApplicationRecorder:
        return DjangoApplicationRecorder(DjangoDatastore())


class DjangoProcessRecorderNonInterleavingNotificationIDsTest(
    DjangoRecorderTestCase, library.NonInterleavingNotificationIDsBaseCase
):
    def create_recorder(self) -> DjangoProcessRecorder:
        return DjangoProcessRecorder(DjangoDatastore())


class CustomTrackingRecorder(DjangoTrackingRecorder):
    """A subclass the factory must build when asked for it (by class or by topic)."""


class CustomApplicationRecorder(DjangoApplicationRecorder):
    """Likewise, named by APPLICATION_RECORDER_TOPIC."""


class DjangoFactoryTest(DjangoRecorderTestCase, library.InfrastructureFactoryTestCase[DjangoFactory]):
    def setUp(self) -> None:
        # Before the library's setUp, which constructs the factory from self.env.
        self.env = Environment("TestCase")
        self.env[DjangoFactory.PERSISTENCE_MODULE] = "eventstore.persistence"
        super().setUp()

    def expected_factory_class(self) -> type[DjangoFactory]:
        return DjangoFactory

    def expected_aggregate_recorder_class(self) -> type[DjangoAggregateRecorder]:
        return DjangoAggregateRecorder

    def expected_application_recorder_class(self) -> type[DjangoApplicationRecorder]:
        return DjangoApplicationRecorder

    def expected_tracking_recorder_class(self) -> type[DjangoTrackingRecorder]:
        return DjangoTrackingRecorder

    def tracking_recorder_subclass(self) -> type[DjangoTrackingRecorder]:
        return CustomTrackingRecorder

    def expected_process_recorder_class(self) -> type[DjangoProcessRecorder]:
        return DjangoProcessRecorder

    def test_snapshot_recorder_uses_snapshots_table(self) -> None:
        recorder = self.factory.aggregate_recorder(purpose="snapshots")
        assert isinstance(recorder, DjangoAggregateRecorder)
        self.assertEqual(recorder.table, "eventstore_snapshots")
        self.assertEqual(self.factory.aggregate_recorder().table, "eventstore_events")

    def test_both_setups_ran(self) -> None:
        """Ours (thread bookkeeping) and the library's (builds the factory from env)."""
        self.assertTrue(self._django_setup_ran)
        self.assertIsInstance(self.factory, DjangoFactory)

    def test_application_recorder_topic(self) -> None:
        self.env[DjangoFactory.APPLICATION_RECORDER_TOPIC] = (
            "eventstore.tests.test_recorders:CustomApplicationRecorder"
        )
        self.assertIs(type(self.factory.application_recorder()), CustomApplicationRecorder)


LIBRARY_CASES = {
    DjangoAggregateRecorderTest: library.AggregateRecorderTestCase,
    DjangoSnapshotRecorderTest: library.AggregateRecorderTestCase,
    DjangoApplicationRecorderTest: library.ApplicationRecorderTestCase,
    DjangoTrackingRecorderTest: library.TrackingRecorderTestCase,
    DjangoProcessRecorderTest: library.ProcessRecorderTestCase,
    DjangoNonInterleavingNotificationIDsTest: library.NonInterleavingNotificationIDsBaseCase,
    DjangoProcessRecorderNonInterleavingNotificationIDsTest: library.NonInterleavingNotificationIDsBaseCase,
    DjangoFactoryTest: library.InfrastructureFactoryTestCase,
}


def test_mro():
    """In every class, Django's TransactionTestCase machinery and our setUp/tearDown
    come before the library's test case, and nothing in between would stop the chain:
    the only classes there that define setUp/tearDown are ours, which call super()."""
    for cls, library_case in LIBRARY_CASES.items():
        mro = cls.__mro__
        assert mro.index(DjangoRecorderTestCase) < mro.index(library_case), cls
        assert mro.index(TransactionTestCase) < mro.index(unittest.TestCase), cls
        for klass in mro[: mro.index(library_case)]:
            for name in ("setUp", "tearDown"):
                if name in vars(klass):
                    assert klass in (DjangoRecorderTestCase, DjangoFactoryTest), (cls, klass, name)
        assert cls.reset_sequences is True
