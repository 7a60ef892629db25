"""A projection marked to run behind (inline = False) is not touched by commands; the
worker (`manage.py run_projections`) catches it up, following the log."""

import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection

from community.eventstore.projections import get_projection, position_of
from membership.join.command import sign_up
from membership.members.projection import Member


@pytest.fixture
def members_behind(monkeypatch):
    monkeypatch.setattr(type(get_projection("members")), "inline", False)


@pytest.mark.django_db(transaction=True)
def test_a_projection_behind_the_log_is_caught_up_by_the_worker(members_behind):
    sign_up(email="ann@example.com", password="pw-ann-12345", display_name="Ann")
    assert Member.objects.count() == 0  # the command did not project it
    assert position_of("members") == 0

    call_command("run_projections", "members", "--once")

    assert list(Member.objects.values_list("display_name", flat=True)) == ["Ann"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_follows_the_log_until_stopped(members_behind):
    stop = threading.Event()

    def worker():
        from community.eventstore.projections import catch_up_page

        try:
            while not stop.is_set():
                if not catch_up_page(get_projection("members")):
                    time.sleep(0.02)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        for i in range(3):
            sign_up(email=f"m{i}@example.com", password="pw-member-123", display_name=f"M{i}")
        deadline = time.monotonic() + 10
        while Member.objects.count() < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join()
    assert sorted(Member.objects.values_list("display_name", flat=True)) == ["M0", "M1", "M2"]
