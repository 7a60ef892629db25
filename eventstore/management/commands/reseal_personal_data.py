"""manage.py reseal_personal_data: seal personal fields stored in the clear (what
migration eventstore 0004 did; for a backup restored from before it). Idempotent."""

from django.core.management.base import BaseCommand

from eventstore.reseal import reseal


class Command(BaseCommand):
    help = "Seal the personal fields of events stored in the clear by releases before crypto-shredding."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, database: str, **options):
        count = reseal(database)
        self.stdout.write(f"{count} events sealed.")
