"""For tests: drive synchronously what the worker does in the background."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS

from eventstore import consumers, outbox
from eventstore.automations import Automation
from eventstore.runner import catch_up


def run_automations(using: str = DEFAULT_DB_ALIAS) -> int:
    """Every automation caught up with the log (their mail recorded in the outbox)."""
    return sum(catch_up(automation, using=using) for automation in consumers.registered(Automation))


def deliver_mail(using: str = DEFAULT_DB_ALIAS) -> int:
    """The automations caught up, then every message that is due delivered (what the
    worker would do next). Returns how many messages were sent."""
    run_automations(using)
    sent = 0
    while delivered := outbox.deliver_due(using=using):
        sent += delivered.sent
    return sent
