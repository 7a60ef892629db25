"""/healthz: the database, each consumer's lag behind the log, the unsent mail; 503 when
the database is down or a lag passes its threshold."""

from datetime import timedelta

from django.db import OperationalError

from eventstore.outbox import OutboxMessage
from meetups.schedule.command import cancel_meetup
from meetups.testing import make_meetup


def consumer(body, name):
    return next(c for c in body["consumers"] if c["name"] == name)


def test_healthz_is_200_with_every_consumer_up_to_date(client, db, deliver_mail):
    deliver_mail()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["database"] is True
    assert body["consumers"] and all(c["behind_events"] == 0 and c["behind_seconds"] == 0 for c in body["consumers"])
    assert {c["kind"] for c in body["consumers"]} == {"projection", "automation"}
    assert body["unsent_mail"] == {"waiting": 0, "failed": 0}
    assert "Set-Cookie" not in response.headers


def test_an_automation_left_behind_shows_its_lag_and_past_the_threshold_503(client, olivia, settings):
    make_meetup(capacity=1)
    cancel_meetup(slug="december", message="Sorry", by="test")  # the worker has not run: its mail automation is behind
    body = client.get("/healthz").json()
    behind = {c["name"]: c for c in body["consumers"] if c["behind_events"]}
    assert behind["meetups.cancellation-mail"]["kind"] == "automation"
    assert behind["meetups.cancellation-mail"]["behind_events"] == 1
    settings.HEALTHZ_MAX_LAG_EVENTS = 0
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["ok"] is False and "behind" in response.json()["problems"][0]


def test_a_lag_in_seconds_past_the_threshold_is_503(client, olivia, settings, monkeypatch):
    from django.utils import timezone  # patched below: the module, not the name

    make_meetup(capacity=1)
    cancel_meetup(slug="december", message="Sorry", by="test")
    later = timezone.now() + timedelta(minutes=10)
    monkeypatch.setattr(timezone, "now", lambda: later)
    settings.HEALTHZ_MAX_LAG_SECONDS = 300
    response = client.get("/healthz")
    assert response.status_code == 503
    assert max(c["behind_seconds"] for c in response.json()["consumers"]) >= 599


def test_unsent_mail_is_counted(client, ann, olivia, deliver_mail):
    from eventstore import outbox  # only this test records a message by hand

    outbox.enqueue(key="t:1", source="test", to="x@example.com", subject="s", body="b", html="")
    assert client.get("/healthz").json()["unsent_mail"]["waiting"] == OutboxMessage.objects.filter(
        status=OutboxMessage.PENDING).count() >= 1


def test_database_down_is_503(client, db, monkeypatch):
    from community.healthz import view  # patched: the module the view reads lags from

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(view, "lags", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"ok": False, "database": False, "problems": ["database unreachable"]}


def test_healthz_answers_only_get_and_head(client, db):
    assert client.post("/healthz").status_code == 405
