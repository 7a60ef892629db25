"""Delivering the outbox to a real SMTP server (eventstore/tests/smtp.py): once, with
safe headers, retried with backoff while the server is down, given up on after
MAX_ATTEMPTS or at once when the server refuses the recipient for good."""

import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from eventstore import outbox
from eventstore.models import OutboxMessage
from eventstore.outbox import MAX_ATTEMPTS, Delivered, deliver_due, deliver_now, enqueue, sender, unsent_counts
from eventstore.tests.support import ThreadConnections, closing_connection

pytestmark = pytest.mark.django_db

MINUTE = timedelta(minutes=1)


def queue(name: str, subject: str = "", body: str = "") -> OutboxMessage:
    """One message to name@example.com."""
    return enqueue(
        key=f"test:{name}", source="test", to=f"{name}@example.com", subject=subject or f"Hello {name}",
        body=body or f"Hi {name}\n",
    )


def row(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def message_id(message: OutboxMessage, domain: str = "localhost") -> str:
    created = row(message).created_at
    return f"<outbox-{message.pk}.{created:%Y%m%d%H%M%S}@{domain}>"


# -- delivered once, with the right headers ----------------------------------------------------
def test_a_due_message_is_delivered_once_with_its_headers(smtp_server):
    ann = queue("ann", subject="Your seat", body="A seat freed up.\n")

    assert deliver_due() == Delivered(sent=1)
    assert deliver_due() == Delivered()

    [received] = smtp_server.received
    assert (received.mail_from, received.rcpt_tos) == ("noreply@localhost", ("ann@example.com",))
    mail = received.message
    assert (mail["From"], mail["To"], mail["Subject"], mail["Message-ID"]) == (
        "Convene <noreply@localhost>", "ann@example.com", "Your seat", message_id(ann),
    )
    assert sorted(mail.keys()) == [
        "Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version", "Message-ID", "Subject", "To",
    ]
    assert mail.get_content() == "A seat freed up.\n"
    sent = row(ann)
    assert (sent.status, sent.attempts, sent.last_error, sent.claimed_until) == (OutboxMessage.SENT, 1, "", None)


def test_an_html_alternative_is_sent_beside_the_text(smtp_server):
    enqueue(key="test:html", source="test", to="ann@example.com", subject="Hi", body="Plain\n", html="<p>Rich</p>")

    deliver_due()

    mail = smtp_server.received[0].message
    assert [(part.get_content_type(), part.get_content()) for part in mail.iter_parts()] == [
        ("text/plain", "Plain\n"), ("text/html", "<p>Rich</p>\n"),
    ]


def test_the_message_id_is_the_same_on_every_attempt(smtp_server):
    """At least once: a worker that dies between the server's OK and marking the row
    sent sends it again once its claim expires; mail programs see the same Message-ID
    and show it once."""
    ann = queue("ann")
    start = timezone.now()
    smtp_server.stop()
    assert deliver_due(now=start) == Delivered(retrying=1)  # attempt 1: server down
    smtp_server.start()
    assert deliver_due(now=start + MINUTE) == Delivered(sent=1)  # attempt 2: accepted
    # ... but say the worker died before it marked the row: it is still claimed, then the claim expires.
    OutboxMessage.objects.filter(pk=ann.pk).update(
        status=OutboxMessage.PENDING, sent_at=None, claimed_until=start + 2 * MINUTE
    )
    assert deliver_due(now=start + 2 * MINUTE) == Delivered()  # claimed: nobody else sends it
    assert deliver_due(now=start + 3 * MINUTE) == Delivered(sent=1)  # attempt 3

    assert [r.message["Message-ID"] for r in smtp_server.received] == [message_id(ann), message_id(ann)]
    assert row(ann).attempts == 3


def test_deliver_now_sends_only_that_message(smtp_server):
    queue("ann")
    bob = queue("bob")

    assert deliver_now(bob) is True
    assert deliver_now(bob) is False  # sent already

    assert [r.rcpt_tos for r in smtp_server.received] == [("bob@example.com",)]
    assert unsent_counts() == {"waiting": 1, "failed": 0}


# -- the server is down: retries with backoff, then gives up ----------------------------------------
def test_with_the_server_down_the_first_message_is_retried_with_backoff_and_the_rest_wait(smtp_server):
    ann, bob, cat = queue("ann"), queue("bob"), queue("cat")
    smtp_server.stop()
    start = timezone.now()

    assert deliver_due(now=start) == Delivered(retrying=3)

    assert [(m.to, m.status, m.attempts, m.next_attempt_at - start, m.last_error, m.claimed_until) for m in
            OutboxMessage.objects.order_by("pk")] == [
        ("ann@example.com", "pending", 1, MINUTE, "ConnectionRefusedError: [Errno 111] Connection refused", None),
        ("bob@example.com", "pending", 0, MINUTE, "", None),  # not tried: no attempt counted
        ("cat@example.com", "pending", 0, MINUTE, "", None),
    ]
    assert deliver_due(now=start + MINUTE - timedelta(seconds=1)) == Delivered()  # nothing due yet
    assert unsent_counts() == {"waiting": 3, "failed": 0}
    assert (row(bob).attempts, row(cat).attempts) == (0, 0)


def test_after_max_attempts_with_the_server_down_a_message_has_failed(smtp_server):
    ann = queue("ann")
    smtp_server.stop()
    moment = timezone.now()
    waits = []
    for _ in range(MAX_ATTEMPTS):
        deliver_due(now=moment)
        message = row(ann)
        waits.append((message.status, message.attempts, message.next_attempt_at - moment))
        moment = message.next_attempt_at

    assert MAX_ATTEMPTS == 8
    assert waits == [
        ("pending", 1, 1 * MINUTE),
        ("pending", 2, 2 * MINUTE),
        ("pending", 3, 4 * MINUTE),
        ("pending", 4, 8 * MINUTE),
        ("pending", 5, 16 * MINUTE),
        ("pending", 6, 32 * MINUTE),
        ("pending", 7, 64 * MINUTE),
        ("failed", 8, 120 * MINUTE),  # at most two hours apart; given up on
    ]
    assert row(ann).last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    smtp_server.start()
    assert deliver_due(now=moment + timedelta(days=1)) == Delivered()  # failed stays failed
    assert (smtp_server.received, unsent_counts()) == ([], {"waiting": 0, "failed": 1})


def test_when_the_server_is_back_the_waiting_messages_are_sent(smtp_server):
    queue("ann"), queue("bob")
    smtp_server.stop()
    start = timezone.now()
    deliver_due(now=start)
    smtp_server.start()

    assert deliver_due(now=start + MINUTE) == Delivered(sent=2)

    assert [r.rcpt_tos for r in smtp_server.received] == [("ann@example.com",), ("bob@example.com",)]
    assert list(OutboxMessage.objects.order_by("pk").values_list("status", "attempts", "last_error")) == [
        ("sent", 2, ""), ("sent", 1, ""),
    ]


# -- the server refuses a recipient -------------------------------------------------------------
def test_a_recipient_refused_for_good_fails_at_once_and_the_others_are_still_sent(smtp_server):
    smtp_server.refuse("bob@example.com", "550 5.1.1 No such user here")
    queue("ann"), queue("bob"), queue("cat")

    assert deliver_due() == Delivered(sent=2, failed=1)

    assert [r.rcpt_tos for r in smtp_server.received] == [("ann@example.com",), ("cat@example.com",)]
    assert list(OutboxMessage.objects.order_by("pk").values_list("to", "status", "attempts", "last_error")) == [
        ("ann@example.com", "sent", 1, ""),
        ("bob@example.com", "failed", 1, "SMTPRecipientsRefused: {'bob@example.com': (550, b'5.1.1 No such user here')}"),
        ("cat@example.com", "sent", 1, ""),
    ]


def test_a_recipient_refused_for_now_is_retried_and_the_others_are_still_sent(smtp_server):
    smtp_server.refuse("bob@example.com", "450 4.2.1 Mailbox busy, try later")
    queue("ann"), queue("bob"), queue("cat")
    start = timezone.now()

    assert deliver_due(now=start) == Delivered(sent=2, retrying=1)

    bob = OutboxMessage.objects.get(to="bob@example.com")
    assert (bob.status, bob.attempts, bob.next_attempt_at - start) == ("pending", 1, MINUTE)
    smtp_server.refused.clear()
    assert deliver_due(now=start + MINUTE) == Delivered(sent=1)
    assert [r.rcpt_tos for r in smtp_server.received] == [
        ("ann@example.com",), ("cat@example.com",), ("bob@example.com",),
    ]


# -- headers are built safely ---------------------------------------------------------------
UNSAFE = {
    "CRLF": "\r\n", "LF": "\n", "CR": "\r", "vertical tab": "\x0b", "NEL": "\x85", "line separator": "\u2028",
    "NUL": "\x00", "CRLF and a space": "\r\n ",
}


@pytest.mark.parametrize("unsafe", UNSAFE.values(), ids=UNSAFE.keys())
def test_a_control_character_in_the_subject_or_the_senders_name_never_stops_a_mail_nor_adds_a_header(
    smtp_server, settings, unsafe
):
    settings.DEFAULT_FROM_EMAIL = f"Python{unsafe}Bcc: evil@example.com <noreply@example.org>"
    queue("ann", subject=f"Moved{unsafe}Bcc: evil@example.com")

    assert deliver_due() == Delivered(sent=1)

    [received] = smtp_server.received
    assert received.rcpt_tos == ("ann@example.com",)
    mail = received.message
    assert (mail["From"], mail["Subject"]) == (
        '"Python Bcc: evil@example.com" <noreply@example.org>', "Moved Bcc: evil@example.com",
    )
    assert sorted(mail.keys()) == [
        "Content-Transfer-Encoding", "Content-Type", "Date", "From", "MIME-Version", "Message-ID", "Subject", "To",
    ]
    assert [line for line in received.header_lines if line.lower().startswith(b"bcc")] == []
    assert b"\x00" not in received.data and b"\x0b" not in received.data


def test_a_subject_stored_with_a_line_break_by_an_older_release_is_still_sent_on_one_line(smtp_server):
    ann = queue("ann")
    OutboxMessage.objects.filter(pk=ann.pk).update(subject="Moved\r\nBcc: evil@example.com")

    assert deliver_due() == Delivered(sent=1)

    [received] = smtp_server.received
    assert (received.rcpt_tos, received.message["Subject"]) == (("ann@example.com",), "Moved Bcc: evil@example.com")
    assert [line for line in received.header_lines if line.lower().startswith(b"bcc")] == []


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("Convene <noreply@localhost>", ("Convene", "noreply@localhost")),
        ("noreply@localhost", ("", "noreply@localhost")),
        ('"Python, Richmond" <noreply@example.org>', ("Python, Richmond", "noreply@example.org")),
        ("Python\nRichmond <noreply@example.org>", ("Python Richmond", "noreply@example.org")),
        # A comma wants quotes; without them the name is still the name.
        ("Richmond, VA Pythonistas <noreply@example.org>", ("Richmond, VA Pythonistas", "noreply@example.org")),
    ],
)
def test_the_sender_is_read_from_the_setting_whatever_its_name_holds(setting, expected):
    assert sender(setting) == expected


# -- what is recorded ------------------------------------------------------------------------------
def test_unsent_counts_are_the_waiting_and_the_failed_messages(smtp_server):
    queue("ann")
    deliver_due()  # sent
    smtp_server.refuse("bob@example.com")
    queue("bob")
    deliver_due()  # failed
    smtp_server.stop()
    queue("cat"), queue("dan")
    deliver_due()  # waiting

    assert unsent_counts() == {"waiting": 2, "failed": 1}


def test_the_same_key_enqueued_twice_is_one_message(smtp_server):
    first = enqueue(key="test:once", source="test", to="ann@example.com", subject="First", body="1\n")
    second = enqueue(key="test:once", source="test", to="ann@example.com", subject="Second", body="2\n")

    assert (second.pk, list(OutboxMessage.objects.values_list("subject", flat=True))) == (first.pk, ["First"])
    assert deliver_due() == Delivered(sent=1)
    assert [r.message["Subject"] for r in smtp_server.received] == ["First"]


def test_retry_makes_failed_and_waiting_messages_due_again_and_leaves_sent_ones(smtp_server):
    ann = queue("ann")
    deliver_due()
    smtp_server.refuse("bob@example.com")
    bob = queue("bob")
    deliver_due()
    smtp_server.refused.clear()

    assert outbox.retry([ann, bob]) == 1

    assert (row(bob).status, row(bob).attempts, row(ann).status) == ("pending", 0, "sent")
    assert deliver_due() == Delivered(sent=1)


# -- two workers ------------------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_delivering_at_once_never_send_a_message_twice(smtp_server):
    count = 60
    for i in range(count):
        queue(f"m{i:02}")
    start = threading.Barrier(2)
    sent: dict[str, int] = {}

    def worker(name: str) -> None:
        with closing_connection():
            start.wait(timeout=10)
            total = 0
            while delivered := deliver_due(limit=3):
                total += delivered.sent
            sent[name] = total

    with ThreadConnections():
        threads = [threading.Thread(target=worker, args=(name,), name=name) for name in ("w1", "w2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

    recipients = sorted(r.rcpt_tos[0] for r in smtp_server.received)
    assert recipients == sorted(f"m{i:02}@example.com" for i in range(count))  # each exactly once
    assert sum(sent.values()) == count
    assert list(OutboxMessage.objects.values_list("status", "attempts").distinct()) == [("sent", 1)]
