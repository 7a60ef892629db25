"""The fast lane (community/fast_lane.py): an export Django answered from a prepared page
is answered again ahead of Django, with the same bytes and headers, while the page kept in
memory has not moved; anything it does not know, or may answer differently, goes to Django."""

from __future__ import annotations

import io
import sys
import time
from datetime import timedelta

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from community.fast_lane import MAX_KEPT, FastLane
from meetups.testing import make_meetup
from web import prepared as prepared_output


class Counted:
    """Django, counting the requests that reach it."""

    def __init__(self, app=None) -> None:
        self.app = app or WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.app(environ, start_response)


@pytest.fixture
def lane(settings, tmp_path):
    prepared_output.memory.clear()
    settings.PREPARED_PAGES_GENERATION_FILE = tmp_path / "generation"
    settings.PREPARED_PAGES_MEMORY_MB = 16
    # As Django's test client does: a request does not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    django = Counted()
    yield FastLane(django), django
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    prepared_output.memory.clear()


def get(app, path: str, method: str = "GET", **environ) -> tuple[str, list[tuple[str, str]], bytes]:
    path, _, query = path.partition("?")
    base = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver", "SERVER_PORT": "80", "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "REMOTE_ADDR": "127.0.0.1",
    }
    answered = []
    result = app(base | environ, lambda status, headers, exc_info=None: answered.extend([status, headers]))
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answered[0], answered[1], body


def without_request_id(headers):
    return sorted((name, value) for name, value in headers if name != "X-Request-ID")


@pytest.mark.django_db(transaction=True)
def test_an_export_is_answered_again_ahead_of_django_with_the_same_bytes_and_headers(lane):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7), title="December night")
    status, headers, body = get(app, "/calendar.ics")
    assert status == "200 OK" and b"December night" in body and django.calls == 1
    for _ in range(3):
        again = get(app, "/calendar.ics")
        assert again[0] == status and again[2] == body
        assert without_request_id(again[1]) == without_request_id(headers)
    assert django.calls == 1
    names = {name for name, _ in headers}
    assert {"Content-Security-Policy", "X-Frame-Options", "Permissions-Policy", "ETag", "Content-Length"} <= names
    ids = [dict(get(app, "/calendar.ics")[1])["X-Request-ID"] for _ in range(2)]
    assert ids[0] != ids[1]  # each answer its own


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_reaches_the_next_request(lane):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7), title="December night")
    get(app, "/calendar.ics")
    get(app, "/calendar.ics")
    assert django.calls == 1
    make_meetup("january", starts_in=timedelta(days=40), title="January night")
    body = get(app, "/calendar.ics")[2]
    assert b"January night" in body and django.calls == 2
    assert get(app, "/calendar.ics")[2] == body and django.calls == 2  # kept again


@pytest.mark.django_db(transaction=True)
def test_past_the_memory_seconds_django_checks_the_database_again(lane, monkeypatch, settings):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    get(app, "/calendar.ics")
    real = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real() + settings.PREPARED_PAGES_MEMORY_SECONDS)
    get(app, "/calendar.ics")
    assert django.calls == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "method, environ",
    [
        ("HEAD", {}),
        ("POST", {}),
        ("GET", {"HTTP_IF_NONE_MATCH": '"x"'}),
        ("GET", {"HTTP_IF_MODIFIED_SINCE": "Mon, 01 Jan 2024 00:00:00 GMT"}),
        ("GET", {"HTTP_HX_REQUEST": "true"}),
        ("GET", {"HTTP_RANGE": "bytes=0-10"}),
        ("GET", {"CONTENT_LENGTH": "5", "wsgi.input": io.BytesIO(b"hello")}),
        ("GET", {"HTTP_HOST": "localhost"}),
        ("GET", {"HTTP_X_FORWARDED_PROTO": "https"}),
        ("GET", {"QUERY_STRING": "x=1"}),
    ],
)
def test_what_the_lane_does_not_know_goes_to_django(lane, method, environ):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    get(app, "/calendar.ics")
    get(app, "/calendar.ics", method, **environ)
    assert django.calls == 2


@pytest.mark.django_db(transaction=True)
def test_a_conditional_request_gets_djangos_304(lane):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    etag = dict(get(app, "/calendar.ics")[1])["ETag"]
    status, _, body = get(app, "/calendar.ics", HTTP_IF_NONE_MATCH=etag)
    assert status.startswith("304") and body == b"" and django.calls == 2


@pytest.mark.django_db(transaction=True)
def test_an_unknown_host_gets_djangos_400_every_time(lane):
    app, django = lane
    for _ in range(2):
        assert get(app, "/calendar.ics", HTTP_HOST="evil.example")[0].startswith("400")
    assert django.calls == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/meetups/december/", "/", "/meetups/"])
def test_pages_that_differ_by_visitor_are_never_answered_by_the_lane(lane, path):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    for _ in range(3):
        assert get(app, path)[0] == "200 OK"
    assert django.calls == 3


@pytest.mark.django_db(transaction=True)
def test_with_prepared_pages_or_memory_off_every_request_goes_to_django(lane, settings):
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    get(app, "/calendar.ics")
    settings.PREPARED_PAGES_MEMORY_MB = 0
    get(app, "/calendar.ics")
    settings.PREPARED_PAGES_MEMORY_MB = 16
    settings.PREPARED_PAGES = False
    get(app, "/calendar.ics")
    assert django.calls == 3


@pytest.mark.django_db(transaction=True)
def test_the_trusted_proxys_request_id_is_answered(lane, settings):
    app, _ = lane
    make_meetup("december", starts_in=timedelta(days=7))
    get(app, "/calendar.ics")
    offered = "0123456789abcdef0123456789abcdef"
    assert dict(get(app, "/calendar.ics", HTTP_X_REQUEST_ID=offered)[1])["X-Request-ID"] != offered
    settings.TRUSTED_PROXY_COUNT = 1
    assert dict(get(app, "/calendar.ics", HTTP_X_REQUEST_ID=offered)[1])["X-Request-ID"] == offered
    assert dict(get(app, "/calendar.ics", HTTP_X_REQUEST_ID="bad id\n")[1])["X-Request-ID"] != "bad id\n"


class Answer(list):
    """What a WSGI app returns, marked as Django marks a prepared export."""


def marked_app(headers):
    def app(environ, start_response):
        start_response("200 OK", headers)
        answer = Answer([b"body"])
        answer.fast_lane = ("digest", 1, None, 0)
        return answer

    return app


@pytest.mark.parametrize(
    "headers",
    [
        [("Content-Type", "text/plain"), ("Set-Cookie", "csrftoken=x")],
        [("Content-Type", "text/plain"), ("Vary", "Cookie")],
        [("Content-Type", "text/plain"), ("Content-Security-Policy", "script-src 'nonce-abc'")],
    ],
)
def test_a_response_with_something_of_its_visitor_is_never_kept(lane, headers):
    prepared_output.memory.put("digest", prepared_output.generation.read(), b"body", {}, 1, None, 0)
    django = Counted(marked_app(headers))
    app = FastLane(django)
    get(app, "/x")
    get(app, "/x")
    assert django.calls == 2


def test_the_lane_keeps_a_bounded_number_of_urls(lane):
    prepared_output.memory.put("digest", prepared_output.generation.read(), b"body", {}, 1, None, 0)
    django = Counted(marked_app([("Content-Type", "text/plain")]))
    app = FastLane(django)
    for n in range(MAX_KEPT + 10):
        get(app, f"/x{n}")
    assert len(app._kept) <= MAX_KEPT
    calls = django.calls
    get(app, f"/x{MAX_KEPT + 9}")
    assert django.calls == calls  # the newest is kept


@pytest.mark.django_db(transaction=True)
def test_a_page_django_kept_anew_is_not_written_out_with_the_old_headers(lane):
    """A conditional request goes to Django, which keeps the changed page in memory: the
    lane's headers (ETag, Content-Length) are of the old page and must not go out with it."""
    app, django = lane
    make_meetup("december", starts_in=timedelta(days=7))
    old = dict(get(app, "/calendar.ics")[1])
    make_meetup("january", starts_in=timedelta(days=40), title="January night")
    assert get(app, "/calendar.ics", HTTP_IF_NONE_MATCH=old["ETag"])[0] == "200 OK"
    _, headers, body = get(app, "/calendar.ics")
    assert b"January night" in body and dict(headers)["ETag"] != old["ETag"]
    assert int(dict(headers)["Content-Length"]) == len(body)
