"""The worker: follows the event log and does what runs behind the commands.

- projections that run behind (`inline = False`) are caught up, and inline ones too
  after events were appended without projecting them (a bulk import);
- automations turn new events into outgoing mail (the outbox);
- the outbox is delivered, with retries, while the mail server answers;
- timers (eventstore/timers.py) do what the clock makes due (a series' next meetups).

Run one beside the web processes (`make run` starts one for development; deploy/ has
the service). Several workers on one database share the work safely: each page of a
consumer and each outgoing message is taken by one of them at a time.
"""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from eventstore import consumers, outbox
from eventstore.automations import Automation
from eventstore.projections import Projection
from eventstore.runner import catch_up_page
from eventstore.timers import TimerRunner


class Command(BaseCommand):
    help = "Keep projections and automations up to date with the log and deliver outgoing mail; --once: until idle."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Projections or automations to run (default: all).")
        parser.add_argument("--once", action="store_true", help="Stop when everything is up to date and no mail is due.")
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds to wait when idle.")
        parser.add_argument("--no-mail", action="store_true", help="Do not deliver the outbox (another worker does).")

    def handle(self, *args, names, once, interval, no_mail, **options):
        everything = [*consumers.registered(Projection), *consumers.registered(Automation)]
        by_name = {c.name: c for c in everything}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            known = ", ".join(sorted(by_name))
            raise CommandError(f"No projection or automation named {', '.join(map(repr, unknown))} (known: {known})")
        followed = [by_name[n] for n in names] if names else everything
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        applied = sent = 0
        timers = TimerRunner()
        while not stop.is_set():
            busy = False
            for consumer in followed:
                count = catch_up_page(consumer)
                applied += count
                busy = busy or bool(count)
            # -- timers (issue 11): each at most once per its interval
            if not names:
                timers.run_due()
            if not no_mail:
                delivered = outbox.deliver_due()
                sent += delivered.sent
                busy = busy or bool(delivered.sent or delivered.failed)
            if busy:
                continue
            if once:
                break
            close_old_connections()
            stop.wait(interval)
        self.stdout.write(f"Applied {applied} event(s); sent {sent} email(s).")
