"""A projection marked to run behind (inline = False) is not touched by commands; the
worker (`manage.py run_worker`) catches it up, following the log."""

import threading
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import catch_up_page
from eventstore.store import event_store
from eventstore.tests.app.models import Note
from eventstore.tests.notes import take_note


@pytest.fixture
def notes_behind(monkeypatch):
    projection = consumers.get(Projection, "test-notes")
    monkeypatch.setattr(type(projection), "inline", False)
    return projection


@pytest.mark.django_db(transaction=True)
def test_a_projection_behind_the_log_is_caught_up_by_the_worker(notes_behind):
    take_note(1, "Ann's note")
    assert Note.objects.count() == 0  # the command did not project it
    assert event_store().tracking.position("test-notes").notification_id == 0

    call_command("run_worker", "test-notes", "--once")

    assert list(Note.objects.values_list("title", flat=True)) == ["Ann's note"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_follows_the_log_until_stopped(notes_behind):
    stop = threading.Event()

    def worker():
        try:
            while not stop.is_set():
                if not catch_up_page(notes_behind):
                    time.sleep(0.02)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for i in range(3):
            take_note(i, f"N{i}")
        deadline = time.monotonic() + 10
        while Note.objects.count() < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    assert sorted(Note.objects.values_list("title", flat=True)) == ["N0", "N1", "N2"]


@pytest.mark.django_db
def test_an_unknown_name_is_a_clear_error():
    with pytest.raises(CommandError, match="No projection or automation named 'nope'"):
        call_command("run_worker", "nope", "--once")
