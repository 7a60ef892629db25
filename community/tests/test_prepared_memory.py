"""Prepared pages kept in a web process's memory (web/prepared.py `Memory`) and the
generation that tells every process when to look at the database again
(eventstore/prepared.py `Generation`): stepped after a real commit, never by a rollback,
never losing a step between processes, and a page kept in memory never older than one
commit (or PREPARED_PAGES_MEMORY_SECONDS when a process died before its step)."""

from __future__ import annotations

import multiprocessing
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from eventstore.prepared import Generation, PageTag, generation
from meetups.rsvp.command import rsvp
from meetups.testing import make_meetup
from membership.testing import make_member
from web import prepared as prepared_output


@pytest.fixture
def memory_on(settings, tmp_path):
    prepared_output.memory.clear()
    settings.PREPARED_PAGES_GENERATION_FILE = tmp_path / "generation"
    settings.PREPARED_PAGES_MEMORY_MB = 16
    yield settings
    prepared_output.memory.clear()


def _bump_many(path: str, times: int) -> None:
    settings.PREPARED_PAGES_GENERATION_FILE = path
    for _ in range(times):
        generation.bump()


def test_processes_stepping_at_once_lose_no_step(memory_on, tmp_path):
    before = generation.read()
    context = multiprocessing.get_context("fork")
    children = [context.Process(target=_bump_many, args=(memory_on.PREPARED_PAGES_GENERATION_FILE, 300)) for _ in range(4)]
    for child in children:
        child.start()
    for child in children:
        child.join(30)
        assert child.exitcode == 0
    assert generation.read() == before + 1200
    assert Generation().read() == before + 1200  # another reader of the same file agrees


@pytest.mark.django_db(transaction=True)
def test_a_commit_steps_the_generation_and_a_rollback_does_not(memory_on):
    make_meetup("december", starts_in=timedelta(days=7))
    ann = make_member("Ann")
    before = generation.read()
    with pytest.raises(RuntimeError), transaction.atomic():
        rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
        assert generation.read() == before  # not before the commit
        raise RuntimeError
    assert generation.read() == before
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    assert generation.read() > before


@pytest.mark.django_db(transaction=True)
def test_a_page_kept_in_memory_shows_a_committed_rsvp_on_the_next_request(memory_on, client, django_assert_num_queries):
    make_meetup("december", starts_in=timedelta(days=7))
    ann = make_member("Ann")
    assert "10 of 10 seats left" in client.get("/meetups/december/").content.decode()
    with django_assert_num_queries(0):
        assert "10 of 10 seats left" in client.get("/meetups/december/").content.decode()
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    assert "9 of 10 seats left" in client.get("/meetups/december/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_without_a_step_a_kept_page_is_rechecked_after_the_memory_seconds(memory_on, client, monkeypatch):
    """A process that committed and died before its step: the tags moved, the number did not."""
    make_meetup("december", starts_in=timedelta(days=7))
    ann = make_member("Ann")
    client.get("/meetups/december/")
    monkeypatch.setattr(generation, "bump_on_commit", lambda using: None)
    rsvp(slug="december", member_id=ann.member_id, now=timezone.now())
    assert "10 of 10 seats left" in client.get("/meetups/december/").content.decode()  # trusted: no step
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + memory_on.PREPARED_PAGES_MEMORY_SECONDS)
    assert "9 of 10 seats left" in client.get("/meetups/december/").content.decode()
    assert PageTag.objects.exists()


def test_memory_keeps_to_its_budget_dropping_the_least_recently_served(memory_on):
    memory_on.PREPARED_PAGES_MEMORY_MB = 0.1  # 100,000 bytes
    kept = prepared_output.Memory()
    for n in range(20):
        kept.put(f"page{n}", 1, b"x" * 9_000, {}, 1, None, 0)
        kept.get("page0", 1, 0)  # served often: stays
    assert kept._bytes <= 100_000 and len(kept) < 20
    assert kept.get("page0", 1, 0) is not None and kept.get("page1", 1, 0) is None
    assert kept.get("page0", 2, 0) is None  # the generation moved
    kept.put("huge", 1, b"x" * 20_000, {}, 1, None, 0)  # more than an eighth: not kept
    assert kept.get("huge", 1, 0) is None
