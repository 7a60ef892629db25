"""The worker: follows the event log and does what runs behind the commands.

- projections that run behind (`inline = False`) are caught up, and inline ones too
  after events were appended without projecting them (a bulk import);
- automations turn new events into outgoing mail (the outbox);
- the outbox is delivered, with retries, while the mail server answers;
- timers (eventstore/timers.py) do what the clock makes due (a series' next meetups).

Run one beside the web processes (`make run` starts one for development; deploy/ has
the service). Several workers on one database share the work safely: each projection
and automation is run by one worker at a time (on PostgreSQL a worker that finds another
holding a consumer's advisory lock skips it and moves on; on SQLite write transactions
are exclusive anyway), and each outgoing message is claimed by one of them.

SIGTERM or SIGINT (systemctl stop, Ctrl-C): the page in hand (a transaction) and the
message being sent are finished, then the worker stops, before the next one.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from eventstore import consumers, outbox
from eventstore.automations import Automation
from eventstore.projections import Projection
from eventstore.runner import catch_up_page
from eventstore.timers import TimerRunner

log = logging.getLogger(__name__)


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
        outage = 0.0
        timers = TimerRunner()
        while not stop.is_set():
            busy = False
            try:
                for consumer in followed:
                    if stop.is_set():
                        break
                    count = catch_up_page(consumer, skip_if_busy=True)
                    applied += count
                    busy = busy or bool(count)
                # -- timers (issue 11): each at most once per its interval
                if not names and not stop.is_set():
                    timers.run_due()
                if not no_mail and not stop.is_set():
                    delivered = outbox.deliver_due()
                    sent += delivered.sent
                    busy = busy or bool(delivered.sent or delivered.failed)
            except (OperationalError, InterfaceError) as error:
                # The database is down or restarting: nothing was half done (each page is one
                # transaction). Wait and try again rather than exit, longer each time (at most 10 s).
                outage = min(10.0, outage * 2 or 0.5)
                log.warning("worker: database unavailable (%s); retrying in %.1f s", error.__class__.__name__, outage)
                connections.close_all()
                stop.wait(outage)
                continue
            outage = 0.0
            if busy:
                continue
            if once:
                break
            close_old_connections()
            stop.wait(interval)
        if stop.is_set():
            self.stdout.write("Stopped by signal after finishing the page in hand.")
        self.stdout.write(f"Applied {applied} event(s); sent {sent} email(s).")
