"""rebuild_projections: wipes and replays; killed midway, it resumes with nothing lost
or applied twice; a worker running at the same time changes nothing in the result."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import catch_up_page, fresh_statistics, rebuild
from eventstore.store import event_store
from eventstore.tests.app.models import Note
from eventstore.tests.notes import append_notes, rows

BASE_DIR = Path(settings.BASE_DIR)
NAME = "test-notes"


def position() -> int:
    return event_store().tracking.position(NAME).notification_id


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_rebuild_killed_midway_resumes_with_nothing_lost_or_applied_twice():
    append_notes(6000)  # 12,000 events
    projection = consumers.get(Projection, NAME)
    rebuild(projection)
    expected = rows()
    assert len(expected) == 6000

    env = os.environ | {"DATABASE_URL": database_url(), "DJANGO_ENV": "test"}
    process = subprocess.Popen(
        [sys.executable, "manage.py", "rebuild_projections", NAME, "--page-size", "100", "--no-progress"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    killed_at = 0
    while time.monotonic() < deadline and process.poll() is None:
        mark = event_store().tracking.position(NAME)
        if mark.rebuild_to is not None and 2000 <= mark.notification_id:
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed_at = position()
            break
        time.sleep(0.005)
    assert process.returncode == -signal.SIGKILL, process.stderr.read().decode()[-2000:]
    assert 0 < killed_at < 12000
    assert Note.objects.count() < 6000  # it really stopped midway

    applied = rebuild(projection)  # resumes: does not wipe again

    assert applied == event_store().max_notification_id() - killed_at
    assert rows() == expected
    assert event_store().tracking.position(NAME).rebuild_to is None


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_with_a_worker_running_alongside_gives_the_same_rows():
    append_notes(1500)
    projection = consumers.get(Projection, NAME)
    rebuild(projection)
    expected = rows()

    stop = threading.Event()
    worker_applied = []

    def worker():
        try:
            while not stop.is_set():
                worker_applied.append(catch_up_page(projection, page_size=50))
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        rebuild_applied = rebuild(projection, page_size=50)
    finally:
        stop.set()
        thread.join()

    assert rows() == expected
    assert rebuild_applied + sum(worker_applied) == 3000


@pytest.mark.django_db(transaction=True)
def test_rebuild_projections_command_reports_its_rate(capsys):
    append_notes(50)
    call_command("rebuild_projections", NAME, "--no-progress")
    out = capsys.readouterr().out
    assert out.startswith(f"{NAME}: 100 events applied in ")
    assert Note.objects.count() == 50


@pytest.mark.django_db
def test_an_unknown_projection_name_is_a_clear_error():
    with pytest.raises(CommandError, match="No projection named 'nope'"):
        call_command("rebuild_projections", "nope")


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_analyses_the_log_only_when_it_grew_since_its_last_analyse():
    """docs/decisions/0004-replay.md: a rebuild right after a bulk import must find planner
    statistics; ten rebuilds in a row need only the first ANALYZE."""
    if connection.vendor != "postgresql":
        assert fresh_statistics(event_store().recorder.table) is False  # SQLite plans well without
        return
    table = event_store().recorder.table
    append_notes(500)  # 1,000 events
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM pg_statistic WHERE starelid = '{table}'::regclass")  # as after a restore
    assert fresh_statistics(table) is True
    assert fresh_statistics(table) is False
    rebuild(consumers.get(Projection, NAME))  # analyses nothing more
    assert fresh_statistics(table) is False
    last = event_store().max_notification_id()
    append_notes(int(last * 0.04))  # 8% more ids
    assert fresh_statistics(table) is False
    append_notes(int(last * 0.02))  # 12% more than at the last ANALYZE
    assert fresh_statistics(table) is True
    assert fresh_statistics(table) is False
