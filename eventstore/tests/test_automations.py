"""Automations follow the log from their own position and record mail in the outbox in
the transaction that moves it: a crash loses nothing and records nothing twice, running
again sends nothing twice, a rebuild of projections sends nothing, and a new automation
starts at the end of the log. With the test app's automation, `test-notes.pinned-mail`
(pinning a note mails its author), and a real SMTP server."""

from io import StringIO

import pytest
from django.core.management import call_command

from eventstore import consumers
from eventstore.automations import Automation, start_new_automations
from eventstore.models import OutboxMessage, TrackingRecord
from eventstore.runner import catch_up_page
from eventstore.store import event_store
from eventstore.testing import deliver_mail, run_automations
from eventstore.tests.app.consumers import PinnedMail
from eventstore.tests.notes import pin_note, take_note

NAME = "test-notes.pinned-mail"


def position(name: str = NAME) -> int:
    return event_store().tracking.position(name).notification_id


def recorded() -> list[tuple]:
    return list(OutboxMessage.objects.order_by("pk").values_list("key", "to", "subject", "status"))


def received(smtp_server) -> list[tuple]:
    return [(r.rcpt_tos, r.message["Subject"]) for r in smtp_server.received]


class DiesAfterRecording(PinnedMail):
    """The test automation, killed after it wrote a page's outbox rows and before its
    position moved (not registered: run by hand)."""

    rows_written: int = 0

    def apply(self, page, using):
        super().apply(page, using)
        DiesAfterRecording.rows_written = OutboxMessage.objects.using(using).count()
        raise RuntimeError("worker killed")


@pytest.mark.django_db(transaction=True)
def test_a_page_that_fails_after_recording_its_mail_leaves_no_row_and_the_position_unmoved(smtp_server):
    ann, bob = take_note(1, "Ann's note", "ann@example.com"), take_note(2, "Bob's note", "bob@example.com")
    run_automations()
    before = position()
    first, second = pin_note(ann), pin_note(bob)

    with pytest.raises(RuntimeError, match="worker killed"):
        catch_up_page(DiesAfterRecording())

    assert DiesAfterRecording.rows_written == 2  # they were written, in the page's transaction ...
    assert (recorded(), position()) == ([], before)  # ... which rolled back with the position
    assert deliver_mail() == 2  # the next run sends them
    assert recorded() == [
        (f"{NAME}:{first}:ann@example.com", "ann@example.com", "Pinned: Ann's note", "sent"),
        (f"{NAME}:{second}:bob@example.com", "bob@example.com", "Pinned: Bob's note", "sent"),
    ]
    assert position() == second
    assert received(smtp_server) == [
        (("ann@example.com",), "Pinned: Ann's note"), (("bob@example.com",), "Pinned: Bob's note"),
    ]


@pytest.mark.django_db(transaction=True)
def test_running_the_worker_twice_records_and_sends_each_mail_once(smtp_server):
    pin_note(take_note(1, "Ann's note", "ann@example.com"))

    call_command("run_worker", "--once", stdout=StringIO())
    call_command("run_worker", "--once", stdout=StringIO())

    assert [row[1:] for row in recorded()] == [("ann@example.com", "Pinned: Ann's note", "sent")]
    assert received(smtp_server) == [(("ann@example.com",), "Pinned: Ann's note")]


@pytest.mark.django_db(transaction=True)
def test_an_event_handled_again_records_no_second_mail(smtp_server):
    """Even if a position were set back (a restored backup of the tracking table), the
    outbox key (automation, event, recipient) refuses a second row."""
    pin_note(take_note(1, "Ann's note", "ann@example.com"))
    assert deliver_mail() == 1
    TrackingRecord.objects.filter(application_name=NAME).update(notification_id=0)

    assert run_automations() == 1  # handled again ...
    assert deliver_mail() == 0  # ... and nothing new to send

    assert [row[1:] for row in recorded()] == [("ann@example.com", "Pinned: Ann's note", "sent")]
    assert len(smtp_server.received) == 1


@pytest.mark.django_db(transaction=True)
def test_rebuilding_the_projections_never_records_or_sends_mail_again(smtp_server):
    pin_note(take_note(1, "Ann's note", "ann@example.com"))
    pin_note(take_note(2, "Bob's note", "bob@example.com"))
    assert deliver_mail() == 2
    positions = {a.name: position(a.name) for a in consumers.registered(Automation)}

    call_command("rebuild_projections", "--no-progress", stdout=StringIO())

    assert deliver_mail() == 0
    assert {a.name: position(a.name) for a in consumers.registered(Automation)} == positions
    assert len(recorded()) == 2
    assert len(smtp_server.received) == 2


@pytest.mark.django_db(transaction=True)
def test_a_new_automation_starts_at_the_end_of_the_log_and_never_mails_about_the_past(smtp_server):
    ann = take_note(1, "Ann's note", "ann@example.com")
    pin_note(ann)
    pin_note(take_note(2, "Bob's note", "bob@example.com"))
    run_automations()
    # This database has history but has never had the automation (it comes with an upgrade).
    TrackingRecord.objects.filter(application_name=NAME).delete()
    OutboxMessage.objects.all().delete()
    others = {a.name: position(a.name) for a in consumers.registered(Automation) if a.name != NAME}

    call_command("migrate", verbosity=0)  # the deploy: post_migrate runs start_new_automations

    assert position() == event_store().max_notification_id()
    assert {a.name: position(a.name) for a in consumers.registered(Automation) if a.name != NAME} == others
    assert deliver_mail() == 0  # nothing about the past
    pinned_later = pin_note(take_note(3, "Cat's note", "cat@example.com"))
    assert deliver_mail() == 1
    assert recorded() == [(f"{NAME}:{pinned_later}:cat@example.com", "cat@example.com", "Pinned: Cat's note", "sent")]


@pytest.mark.django_db
def test_start_new_automations_leaves_existing_positions_alone():
    pin_note(take_note(1))
    run_automations()
    positions = {a.name: position(a.name) for a in consumers.registered(Automation)}

    assert start_new_automations() == []
    assert {a.name: position(a.name) for a in consumers.registered(Automation)} == positions
    assert positions[NAME] == event_store().max_notification_id()


@pytest.mark.django_db(transaction=True)
def test_run_worker_once_records_and_delivers_what_is_due(smtp_server):
    pin_note(take_note(1, "Ann's note", "ann@example.com"))
    out = StringIO()

    call_command("run_worker", "--once", stdout=out)

    # The pin's mail automation applies 1; the audit index (eventstore/audit.py) both events.
    assert out.getvalue() == "Applied 3 event(s); sent 1 email(s).\n"
    assert received(smtp_server) == [(("ann@example.com",), "Pinned: Ann's note")]


@pytest.mark.django_db(transaction=True)
def test_run_worker_once_with_the_mail_server_down_keeps_the_mail_and_stops(smtp_server):
    pin_note(take_note(1, "Ann's note", "ann@example.com"))
    smtp_server.stop()
    out = StringIO()

    call_command("run_worker", "--once", stdout=out)

    # The pin's mail automation applies 1; the audit index (eventstore/audit.py) both events.
    assert out.getvalue() == "Applied 3 event(s); sent 0 email(s).\n"
    [message] = OutboxMessage.objects.all()
    assert (message.status, message.attempts, message.last_error) == (
        "pending", 1, "ConnectionRefusedError: [Errno 111] Connection refused",
    )
