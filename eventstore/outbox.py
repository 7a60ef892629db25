"""The outbox: mail recorded by automations and account pages, delivered by the worker.

Rows are written in the transaction that decided them (eventstore/automations.py;
`enqueue` for the account pages), so nothing is lost when the mail server is down or the
process dies: the worker (`manage.py run_worker`) calls `deliver_due()` and retries with
backoff (1, 2, 4 ... minutes, at most 2 hours apart) until a message is sent or has
failed MAX_ATTEMPTS times. Failures are visible to organisers in the admin ("Outgoing
email") and counted by `unsent_counts()` (for a health check).

Delivery is at least once: a message is claimed (so two workers never send it at the
same time), sent, then marked sent. A crash between the mail server's "OK" and that mark
sends it again after the claim expires; the Message-ID header is the same on every
attempt, so mail clients that de-duplicate by Message-ID show it once
(docs/decisions/0007-automations-and-outbox.md).

Every header is built here, from text made safe by `safe_header`: a line break or control
character in a title or a display name can never stop a mail.
"""

from __future__ import annotations

import logging
import re
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import MIMEPart
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Q
from django.utils import timezone

from eventstore.models import OutboxMessage

__all__ = [
    "Delivered", "OutboxMessage", "deliver_due", "deliver_now", "enqueue", "retry", "safe_header", "sender", "unsent_counts",
]

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=2)
# How long a worker may take to send what it claimed before another may try again.
CLAIM = timedelta(minutes=10)
BATCH = 50

# Line and paragraph separators, C0 and C1 controls and DEL.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def safe_header(text: str) -> str:
    """Text fit for one mail header line: every run of control characters (CR and LF
    included) and whitespace becomes one space."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def enqueue(*, key: str, source: str, to: str, subject: str, body: str, html: str = "",
            using: str = DEFAULT_DB_ALIAS) -> OutboxMessage:
    """Record one message for the worker to deliver (in the caller's transaction, if any).
    A key already recorded is kept as it is: the same message is never recorded twice."""
    now = timezone.now()
    message, _ = OutboxMessage.objects.using(using).get_or_create(
        key=key,
        defaults={
            "source": source, "to": to, "subject": safe_header(subject)[: OutboxMessage.SUBJECT_MAX], "body": body,
            "html": html, "created_at": now, "next_attempt_at": now,
        },
    )
    return message


@dataclass
class Delivered:
    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def __bool__(self) -> bool:
        return bool(self.sent or self.retrying or self.failed)


def deliver_due(*, using: str = DEFAULT_DB_ALIAS, limit: int = BATCH, now: datetime | None = None) -> Delivered:
    """Send the messages that are due (at most `limit`); returns what became of them."""
    now = now or timezone.now()
    ids = _claim(using, limit, now)
    return _send(using, ids, now) if ids else Delivered()


def deliver_now(message: OutboxMessage, *, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Try one message at once (a person is waiting for it at the screen); if that fails
    it stays in the outbox for the worker's retries. Returns whether it was sent."""
    now = timezone.now()
    ids = _claim(using, 1, now, only=message.pk)
    return bool(ids) and _send(using, ids, now).sent == 1


def unsent_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """{"waiting": messages not sent yet, "failed": messages given up on}."""
    counts = OutboxMessage.objects.using(using).aggregate(
        waiting=Count("pk", filter=Q(status=OutboxMessage.PENDING)),
        failed=Count("pk", filter=Q(status=OutboxMessage.FAILED)),
    )
    return {"waiting": counts["waiting"], "failed": counts["failed"]}


def retry(messages, *, using: str = DEFAULT_DB_ALIAS) -> int:
    """An organiser asks for another try of these (failed or waiting) messages, now."""
    return (
        OutboxMessage.objects.using(using)
        .filter(pk__in=[m.pk for m in messages])
        .exclude(status=OutboxMessage.SENT)
        .update(status=OutboxMessage.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_until=None)
    )


def _claim(using: str, limit: int, now: datetime, only: int | None = None) -> list[int]:
    """Mark due messages as being sent by this worker; two workers never claim one."""
    with transaction.atomic(using=using):
        due = (
            OutboxMessage.objects.using(using)
            .select_for_update(skip_locked=True)
            .filter(status=OutboxMessage.PENDING, next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        )
        if only is not None:
            due = due.filter(pk=only)
        ids = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        if ids:
            OutboxMessage.objects.using(using).filter(pk__in=ids).update(claimed_until=now + CLAIM)
    return ids


class _ServerUnusable(Exception):
    """The mail server could not be reached or refused the session: not this message's fault."""


def _send(using: str, ids: list[int], now: datetime) -> Delivered:
    outcome = Delivered()
    messages = list(OutboxMessage.objects.using(using).filter(pk__in=ids).order_by("next_attempt_at", "pk"))
    connection = mailers.default
    try:
        for index, message in enumerate(messages):
            try:
                _send_one(connection, message)
            except _ServerUnusable as error:
                _failed(using, message, error.__cause__ or error, now, outcome)
                # The rest were not tried: they wait as long as this one, without an attempt counted.
                waiting = [m.pk for m in messages[index + 1 :]]
                OutboxMessage.objects.using(using).filter(pk__in=waiting).update(
                    claimed_until=None, next_attempt_at=now + retry_delay(message.attempts)
                )
                outcome.retrying += len(waiting)
                break
            except Exception as error:
                _failed(using, message, error, now, outcome)
            else:
                OutboxMessage.objects.using(using).filter(pk=message.pk).update(
                    status=OutboxMessage.SENT, attempts=message.attempts + 1, sent_at=timezone.now(),
                    claimed_until=None, last_error="",
                )
                outcome.sent += 1
    finally:
        try:
            connection.close()
        except Exception:
            pass
    return outcome


def sender(from_email: str) -> tuple[str, str]:
    """(display name, address) of a From setting such as DEFAULT_FROM_EMAIL, both fit
    for one header line. A line break or control character in the name is a space; a
    name that needs quotes but has none ("Richmond, VA Pythonistas <noreply@...>", which
    `parseaddr` gives up on) is still read as the name: the setting never stops a mail."""
    text = safe_header(from_email)
    name, address = parseaddr(text)
    if not address:
        before, bracket, after = text.rpartition("<")
        if bracket and after.endswith(">"):
            name, address = before.strip().strip('"').strip(), after[:-1].strip()
        else:
            name, address = "", text
    return safe_header(name), address


def _send_one(connection, message: OutboxMessage) -> None:
    from_name, from_address = sender(settings.DEFAULT_FROM_EMAIL)
    email = EmailMultiAlternatives(
        subject=safe_header(message.subject),
        body=message.body,
        from_email=formataddr((from_name, from_address)),
        to=[message.to],
        headers={**_extra_headers(message), "Message-ID": _message_id(message, from_address)},
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments or []:
        email.attach(_attachment(attachment))
    # smtplib's errors are all OSErrors: which ones are the server's (it is down, hung
    # up, refused our sender for every message) and which are this message's own (its
    # recipient or its content refused) decides whether the rest of the batch waits.
    try:
        connection.open()
    except OSError as error:
        raise _ServerUnusable from error
    try:
        sent = connection.send_messages([email])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError):
        raise  # this message's fault: recorded on it (failed at once if refused for good)
    except OSError as error:
        raise _ServerUnusable from error
    if sent != 1:
        raise RuntimeError("The mail backend did not accept the message.")


def _extra_headers(message: OutboxMessage) -> dict[str, str]:
    """The automation's own headers (List-Unsubscribe...), names and values on one line."""
    return {safe_header(str(name)).replace(" ", "-").replace(":", ""): safe_header(str(value))
            for name, value in (message.headers or {}).items()}


def _attachment(attachment: dict) -> MIMEPart:
    """A text attachment; a calendar one carries its METHOD as the mimetype's parameter
    ("text/calendar; method=REQUEST"), which is how mail clients recognise an invite."""
    _, _, rest = attachment.get("mimetype", "text/plain").partition("/")
    subtype, *params = [part.strip() for part in rest.split(";")]
    part = MIMEPart()
    part.set_content(
        attachment["content"], subtype=subtype or "plain", disposition="attachment",
        filename=safe_header(attachment.get("filename", "attachment.txt")),
        params=dict(p.split("=", 1) for p in params if "=" in p),
    )
    return part


def _message_id(message: OutboxMessage, from_address: str) -> str:
    domain = from_address.rpartition("@")[2] or "localhost"
    return f"<outbox-{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{safe_header(domain)}>"


def _permanent(error: BaseException) -> bool:
    """Every recipient refused with a 5xx code: retrying will not help."""
    return isinstance(error, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in error.recipients.values()
    )


def _failed(using: str, message: OutboxMessage, error: BaseException, now: datetime, outcome: Delivered) -> None:
    attempts = message.attempts + 1
    gave_up = attempts >= MAX_ATTEMPTS or _permanent(error)
    reason = f"{type(error).__name__}: {error}"[:1000]
    OutboxMessage.objects.using(using).filter(pk=message.pk).update(
        status=OutboxMessage.FAILED if gave_up else OutboxMessage.PENDING,
        attempts=attempts,
        next_attempt_at=now + retry_delay(attempts),
        claimed_until=None,
        last_error=reason,
    )
    # The message's number, not its address: the log keeps no personal data (the admin shows it).
    log.warning(
        "Outgoing email %s (%s) not sent, attempt %d of %d%s: %s",
        message.pk, message.source, attempts, MAX_ATTEMPTS, "; given up" if gave_up else "", reason,
    )
    message.attempts = attempts
    if gave_up:
        outcome.failed += 1
    else:
        outcome.retrying += 1
