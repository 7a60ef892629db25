"""Test-wide setup: markers that pick the database, and the browser harness."""

import os
import shutil

import pytest
from hypothesis import settings as _hypothesis_settings

os.environ.setdefault("DJANGO_ENV", "test")
# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from a thread with a running loop unless told it is safe (it is: tests are synchronous).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI") == "true"


def _vendor() -> str:
    from django.db import connection  # Django is configured only once pytest-django has started

    return connection.vendor


def pytest_collection_modifyitems(config, items):
    vendor = _vendor()
    for item in items:
        if "postgres" in item.keywords and vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (the PostgreSQL run of `make test` covers it)"))


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright. Skips locally without chromium; fails in CI."""
    path = chromium_path()
    if path is None:
        message = "browser tests need Debian's chromium: apt-get install chromium (or set CHROMIUM=/path)"
        if IN_CI:
            pytest.fail("CI=true: " + message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright  # only when a browser test runs, chromium present

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_history_cache():
    """Each test starts with no cached stream histories (test databases are emptied
    between tests, which a long-running site never does)."""
    from eventstore.store import forget_cached_histories  # imported once Django is set up

    forget_cached_histories()
    yield


@pytest.fixture
def deliver_mail():
    """deliver_mail() -> how many emails were sent: runs the automations and delivers the
    outbox, as the worker would (mail then lands in django.core.mail.outbox)."""
    from eventstore.testing import deliver_mail  # imported once Django is set up

    return deliver_mail


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (eventstore/tests/smtp.py), with MAILERS pointed at
    it for the test: `.received` holds what it accepted; `.stop()` takes it down (the
    port refuses connections), `.start()` brings it back; `.refuse(address)` answers 550."""
    from eventstore.tests.smtp import SmtpSink  # aiosmtpd loads only for the tests that use a mail server

    sink = SmtpSink().start()
    settings.MAILERS = sink.mailers()
    yield sink
    sink.stop()


# -- people most tests need (make_member: name@example.com, password pw-<Name>-12345) ------
@pytest.fixture
def ann(db):
    from membership.testing import make_member  # imported once Django is set up

    return make_member("Ann")


@pytest.fixture
def bob(db):
    from membership.testing import make_member  # imported once Django is set up

    return make_member("Bob")


@pytest.fixture
def olivia(db):
    """An organiser."""
    from membership.testing import make_member  # imported once Django is set up

    return make_member("Olivia", organiser=True)


# -- Hypothesis profiles of the site fuzz (tests/test_fuzz.py): examples per endpoint and role
_hypothesis_settings.register_profile("fuzz-quick", max_examples=3)
_hypothesis_settings.register_profile("fuzz-full", max_examples=25)
# Deeper, by hand: HYPOTHESIS_PROFILE=fuzz-deep scripts/test -k test_fuzzed_input
_hypothesis_settings.register_profile("fuzz-deep", max_examples=200)
