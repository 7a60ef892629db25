"""Follow the event log and keep projections up to date (the worker for projections
that run behind; it also catches up inline ones after a bulk import)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from community.eventstore.projections import all_projections, catch_up_page, get_projection


class Command(BaseCommand):
    help = "Apply new events to projections, page by page; with --once stop when up to date."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Projections to run (default: all).")
        parser.add_argument("--once", action="store_true", help="Stop when every projection is up to date.")
        parser.add_argument("--interval", type=float, default=0.5, help="Seconds to wait when idle.")

    def handle(self, *args, names, once, interval, **options):
        try:
            projections = [get_projection(n) for n in names] if names else list(all_projections().values())
        except KeyError as error:
            raise CommandError(str(error.args[0])) from None
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        total = 0
        while not stop.is_set():
            applied = 0
            for projection in projections:
                applied += catch_up_page(projection, skip_rebuilding=False)
            total += applied
            if applied:
                continue
            if once:
                break
            close_old_connections()
            stop.wait(interval)
        self.stdout.write(f"Applied {total} event(s).")
