"""Rebuild projections from the event log: wipe a projection and its position in one
transaction, then replay every event it reads, a page per transaction. Killed midway,
running it again resumes where it stopped. Automations are never rebuilt (nothing is sent
again)."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from eventstore import consumers
from eventstore.projections import Projection
from eventstore.runner import rebuild


class Command(BaseCommand):
    help = "Wipe and replay projections (default: all), with a progress bar."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*")
        parser.add_argument("--page-size", type=int, default=1000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, names, page_size, no_progress, **options):
        try:
            projections = [consumers.get(Projection, n) for n in names] if names else consumers.registered(Projection)
        except KeyError as error:
            raise CommandError(str(error.args[0])) from None
        for projection in projections:
            bar = tqdm(
                desc=projection.name, unit=" events", unit_scale=True, disable=no_progress, file=self.stderr._out
            )

            def on_page(applied: int, position: int, target: int, bar=bar) -> None:
                # The bar counts log positions, so events the projection skips still
                # move it and the ETA stays honest.
                bar.total = max(target, position)
                bar.n = position
                bar.refresh()

            started = time.perf_counter()
            applied = rebuild(projection, page_size=page_size, on_page=on_page)
            bar.close()
            seconds = time.perf_counter() - started
            rate = applied / seconds if seconds else 0
            self.stdout.write(f"{projection.name}: {applied} events applied in {seconds:.2f}s ({rate:,.0f} events/s)")
