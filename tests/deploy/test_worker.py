"""Several workers at once: each projection and automation is run by one worker at a time
(PostgreSQL advisory locks; SQLite's write transactions are exclusive anyway)."""

import threading

import pytest
from django.db import connection, connections, transaction

from eventstore import consumers
from eventstore.automations import Automation
from eventstore.runner import ADVISORY_NAMESPACE, catch_up_page, try_consumer_lock
from eventstore.store import event_store
from meetups.schedule.command import cancel_meetup
from meetups.testing import make_meetup


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_consumer_another_worker_holds_is_skipped_not_waited_for(olivia):
    make_meetup(capacity=1)
    cancel_meetup(slug="december", message="Sorry", by="test")  # work for the cancellation mail
    automation = consumers.get(Automation, "meetups.cancellation-mail")
    held, release = threading.Event(), threading.Event()

    def other_worker():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [ADVISORY_NAMESPACE, automation.name])
            held.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert held.wait(10)
        before = event_store().tracking.position(automation.name).notification_id
        assert catch_up_page(automation, skip_if_busy=True) == 0
        assert event_store().tracking.position(automation.name).notification_id == before
    finally:
        release.set()
        thread.join()
    assert catch_up_page(automation, skip_if_busy=True) > 0  # free again: this worker runs it


@pytest.mark.django_db
def test_on_sqlite_or_with_nobody_else_the_lock_is_had(db):
    with transaction.atomic():
        assert try_consumer_lock("meetups.anything") is True
